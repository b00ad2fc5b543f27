/**
 * Real OCI clients built from the Go module proxy (crane and oras, pinned in tools/oci-clients)
 * push into the emulator as into ghcr.io, logged in with a user and the GitHub token: a multi-arch
 * image, a signature and an SBOM, tags that move; they pull it all back with digests verified,
 * and each pushed manifest is a package version in the API.
 */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ADMIN_TOKEN, NOW, READ_ONLY_TOKEN, useEmulator } from "../support/emulator-fixture";
import { type OciClients, ToolFailure, ociClients, ociClientsDir } from "../support/oci-clients";
import { assertArrayMatchesSchema, assertMatchesSchema } from "../support/openapi-schemas";
import { attachAttestation, pushMultiArch } from "../support/pushed-images";
import { registrySeed } from "../support/registry-seed";

const sha256 = (bytes: string | Buffer): string => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
const DAY = "2026-11-27T00:00:00Z";

interface Version {
  id: number;
  name: string;
  created_at: string;
  updated_at: string;
  metadata?: { container?: { tags: string[] } };
}

describe("emulator registry: real OCI clients push and pull (crane, oras)", function () {
  // The first run builds the clients (scripts/ensure-oci-clients.sh); later runs take them from the cache.
  this.timeout(600_000);
  before(() => {
    ociClientsDir();
  });
  const fx = useEmulator(registrySeed);
  let c: OciClients;
  beforeEach(async () => {
    c = await ociClients(fx.emu.url, ADMIN_TOKEN);
  });
  afterEach(() => c.close());

  async function versions(packageName: string): Promise<Version[]> {
    const res = await fx.client().rest.packages.getAllPackageVersionsForPackageOwnedByOrg({
      org: "acme",
      package_type: "container",
      package_name: packageName,
      per_page: 100,
    });
    assertArrayMatchesSchema(res.data, "package-version");
    return res.data as Version[];
  }
  const tagsBy = (list: Version[]): Record<string, string[]> =>
    Object.fromEntries(list.map((v) => [v.name, v.metadata?.container?.tags ?? []]));
  const seededIds = new Set(registrySeed().packages!.flatMap((p) => (p.versions ?? []).map((v) => v.id)));

  it("crane pushes a multi-arch image into a new package: every digest is the sha256 of the bytes served, every manifest a version, the moved tag leaves the old one untagged", async () => {
    const image = await pushMultiArch(c, "acme/shop", "v1", () => fx.emu.setClock({ advanceDays: 1 }));
    const repo = `${c.registry}/acme/shop`;
    for (const digest of [image.index, image.amd64, image.arm64, image.first]) {
      const served = await c.crane("manifest", `${repo}@${digest}`);
      assert.equal(sha256(served), digest, `the bytes served for ${digest}`);
    }
    const index = JSON.parse(await c.crane("manifest", `${repo}:v1`)) as {
      manifests: { digest: string; platform: { os: string; architecture: string } }[];
    };
    assert.deepEqual(
      index.manifests.map((m) => [m.digest, `${m.platform.os}/${m.platform.architecture}`]),
      [
        [image.amd64, "linux/amd64"],
        [image.arm64, "linux/arm64"],
      ],
    );
    // crane validate pulls every manifest and blob of the image and checks each against its digest.
    await c.crane("validate", "--remote", `${repo}:v1`);
    await c.crane("validate", "--remote", `${repo}@${image.arm64}`);
    const pulled = path.join(c.dir, "pulled");
    await c.crane("pull", "--format", "oci", "--platform", "linux/arm64", `${repo}:v1`, pulled);
    assert.ok(fs.existsSync(path.join(pulled, "index.json")));

    const list = await versions("shop");
    assert.deepEqual(tagsBy(list), { [image.index]: ["v1"], [image.arm64]: ["arm64"], [image.amd64]: ["amd64"], [image.first]: [] });
    assert.equal(list.find((v) => v.name === image.first)?.created_at, NOW);
    for (const v of list.filter((v) => v.name !== image.first)) assert.equal(v.created_at, DAY, `${v.name} was pushed a day later`);
    assert.equal(new Set(list.map((v) => v.id)).size, 4);
    for (const v of list) assert.ok(!seededIds.has(v.id), `version ${v.id} has a new id`);
    const pkg = await fx.client().rest.packages.getPackageForOrganization({ org: "acme", package_type: "container", package_name: "shop" });
    assertMatchesSchema(pkg.data, "package");
    assert.equal(pkg.data.visibility, "private");
    assert.equal(pkg.data.version_count, 4);
    const puts = fx.emu.requests().filter((r) => r.method === "PUT" && r.path.startsWith("/v2/acme/shop/manifests/"));
    assert.deepEqual(
      puts.map((r) => r.status),
      [201, 201, 201, 201],
      "one manifest PUT a push: append, two mutates, the index",
    );
  });

  it("oras attaches a signature, an SBOM and an in-toto attestation: with no referrers API (as on ghcr.io) it keeps them under the sha256-<hex> tag, and pulls them back verified", async () => {
    const image = await pushMultiArch(c, "acme/shop", "v1");
    const repo = `${c.registry}/acme/shop`;
    fs.writeFileSync(path.join(c.dir, "sig.json"), '{"critical":{"image":{"docker-manifest-digest":"' + image.index + '"}}}');
    fs.writeFileSync(path.join(c.dir, "sbom.spdx.json"), '{"spdxVersion":"SPDX-2.3","name":"shop"}');
    await c.oras(
      "attach",
      "--artifact-type",
      "application/vnd.dev.cosign.artifact.sig.v1+json",
      `${repo}:v1`,
      "sig.json:application/vnd.dev.cosign.simplesigning.v1+json",
    );
    await c.oras("attach", "--artifact-type", "application/spdx+json", `${repo}:v1`, "sbom.spdx.json:application/spdx+json");
    const provenance = await attachAttestation(c, "acme/shop", image.index);
    const discovered = JSON.parse(await c.oras("discover", "--format", "json", `${repo}:v1`)) as {
      referrers?: { digest: string; artifactType: string }[];
      manifests?: { digest: string; artifactType: string }[];
    };
    const referrers = discovered.referrers ?? discovered.manifests ?? [];
    assert.deepEqual(referrers.map((r) => r.artifactType).sort(), [
      "application/spdx+json",
      "application/vnd.dev.cosign.artifact.sig.v1+json",
      "application/vnd.in-toto+json",
    ]);
    assert.equal(referrers.find((r) => r.artifactType === "application/vnd.in-toto+json")?.digest, provenance);
    const sbom = referrers.find((r) => r.artifactType === "application/spdx+json")!.digest;
    // oras pull checks every blob and the manifest against their digests.
    await c.oras("pull", "-o", path.join(c.dir, "out"), `${repo}@${sbom}`);
    assert.equal(fs.readFileSync(path.join(c.dir, "out", "sbom.spdx.json"), "utf8"), '{"spdxVersion":"SPDX-2.3","name":"shop"}');

    const fallbackTag = `sha256-${image.index.slice("sha256:".length)}`;
    assert.ok((await c.crane("ls", repo)).split("\n").includes(fallbackTag));
    const referrersIndex = JSON.parse(await c.crane("manifest", `${repo}:${fallbackTag}`)) as { manifests: { digest: string }[] };
    assert.deepEqual(referrersIndex.manifests.map((m) => m.digest).sort(), referrers.map((r) => r.digest).sort());
    const tags = tagsBy(await versions("shop"));
    for (const r of referrers) assert.deepEqual(tags[r.digest], [], "an attached artifact is an untagged version");
    assert.deepEqual(
      tags[sha256(await c.crane("manifest", `${repo}:${fallbackTag}`))],
      [fallbackTag],
      "the referrers index is the version the fallback tag names",
    );
    const subjectPuts = fx.emu.requests().filter((r) => r.method === "PUT" && /^\/v2\/acme\/shop\/manifests\/sha256:/.test(r.path));
    assert.equal(subjectPuts.length, 3, "each artifact pushed by digest");
  });

  it("a tag pushed again moves to a new version; the old version stays, untagged, and still pulls by digest", async () => {
    const repo = `${c.registry}/acme/notes`;
    fs.writeFileSync(path.join(c.dir, "notes.txt"), "first\n");
    const first = /Digest: (sha256:[a-f0-9]{64})/.exec(await c.oras("push", `${repo}:release`, "notes.txt:text/plain"))![1]!;
    fx.emu.setClock({ advanceDays: 1 });
    fs.writeFileSync(path.join(c.dir, "notes.txt"), "second\n");
    const second = /Digest: (sha256:[a-f0-9]{64})/.exec(await c.oras("push", `${repo}:release`, "notes.txt:text/plain"))![1]!;
    assert.notEqual(first, second);
    const list = await versions("notes");
    assert.deepEqual(
      list.map((v) => [v.name, v.metadata?.container?.tags, v.created_at]),
      [
        [second, ["release"], DAY],
        [first, [], NOW],
      ],
      "newest first",
    );
    assert.ok(list[0]!.id > list[1]!.id);
    assert.equal((await c.crane("digest", `${repo}:release`)).trim(), second);
    assert.equal(sha256(await c.crane("manifest", `${repo}@${first}`)), first);
  });

  it("refuses what ghcr.io refuses: a push with a token lacking write:packages (403 DENIED), a DELETE (405 UNSUPPORTED)", async () => {
    const reader = await ociClients(fx.emu.url, READ_ONLY_TOKEN, "reader");
    try {
      fs.writeFileSync(path.join(reader.dir, "x.txt"), "x\n");
      await assert.rejects(
        reader.oras("push", `${reader.registry}/acme/shop:v1`, "x.txt:text/plain"),
        (e: unknown) => e instanceof ToolFailure && /denied/i.test(e.stderr),
      );
    } finally {
      reader.close();
    }
    const image = await pushMultiArch(c, "acme/shop", "v1");
    await assert.rejects(
      c.crane("delete", `${c.registry}/acme/shop@${image.first}`),
      (e: unknown) => e instanceof ToolFailure && /UNSUPPORTED/.test(e.stderr),
    );
    assert.equal(sha256(await c.crane("manifest", `${c.registry}/acme/shop@${image.first}`)), image.first, "still there");
    assert.equal(
      fx.emu
        .requests()
        .filter((r) => r.method === "DELETE")
        .map((r) => r.status)
        .join(),
      "405",
    );
  });
});
