/**
 * Seeds that leave a container version's digest to be computed: the version's name is the sha256
 * of the bytes served, references between versions go by seed key (manifests[].key, subjectKey),
 * and a real client (crane, which checks what it pulls by digest) accepts every manifest. A seeded
 * name that is not the hash is served as seeded, and crane refuses it: the documented difference.
 */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { type EmulatorSeed, startEmulator } from "../../emulator";
import { ADMIN_TOKEN, baseSeed, useEmulator } from "../support/emulator-fixture";
import { type OciClients, ToolFailure, ociClients, ociClientsDir } from "../support/oci-clients";
import { seedRefusal as refusal } from "../support/seed-refusal";
import { pushMultiArch } from "../support/pushed-images";
import { APP_DIGESTS, OCI_INDEX, OCI_MANIFEST, registrySeed } from "../support/registry-seed";

const sha256 = (bytes: string): string => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

/** A multi-arch release seeded by keys: the index, two platform images, a buildx attestation, an SBOM of the index. */
function keyedSeed(): EmulatorSeed {
  const base = baseSeed();
  return {
    ...base,
    packages: [
      ...(base.packages ?? []),
      {
        owner: "acme",
        ownerType: "org",
        packageType: "container",
        name: "keyed",
        visibility: "private",
        versions: [
          {
            key: "v1",
            tags: ["v1"],
            createdAt: "2026-11-20T00:00:00Z",
            manifest: {
              mediaType: OCI_INDEX,
              manifests: [
                { key: "amd64", platform: "linux/amd64" },
                { key: "arm64", platform: "linux/arm64" },
                { key: "attestation", platform: "unknown/unknown" },
              ],
            },
          },
          { key: "amd64", createdAt: "2026-11-20T00:00:00Z" },
          { key: "arm64", createdAt: "2026-11-20T00:00:00Z" },
          { key: "attestation", createdAt: "2026-11-20T00:00:00Z" },
          { key: "sbom", createdAt: "2026-11-20T00:01:00Z", manifest: { subjectKey: "v1", artifactType: "application/spdx+json" } },
        ],
      },
    ],
  };
}

describe("emulator registry: seeded digests, computed or given", function () {
  this.timeout(600_000);
  before(() => {
    ociClientsDir();
  });
  const fx = useEmulator(keyedSeed);
  let c: OciClients;
  beforeEach(async () => {
    c = await ociClients(fx.emu.url, ADMIN_TOKEN);
  });
  afterEach(() => c.close());

  const nameOf = (key: string): string =>
    fx.emu
      .state()
      .packages.find((p) => p.name === "keyed")!
      .versions.find((v) => v.key === key)!.name;

  it("names a keyed version by the sha256 of its manifest, writes that digest where others refer to it by key, and crane verifies every one", async () => {
    const repo = `${c.registry}/acme/keyed`;
    const index = await c.crane("manifest", `${repo}:v1`);
    assert.equal(sha256(index), nameOf("v1"));
    assert.equal((await c.crane("digest", `${repo}:v1`)).trim(), nameOf("v1"));
    const entries = (JSON.parse(index) as { manifests: { digest: string; size: number; annotations?: Record<string, string> }[] })
      .manifests;
    assert.deepEqual(
      entries.map((e) => e.digest),
      [nameOf("amd64"), nameOf("arm64"), nameOf("attestation")],
    );
    assert.equal(entries[2]!.annotations?.["vnd.docker.reference.digest"], nameOf("amd64"));
    for (const key of ["amd64", "arm64", "attestation", "sbom"]) {
      // crane checks a manifest pulled by digest against that digest.
      const body = await c.crane("manifest", `${repo}@${nameOf(key)}`);
      assert.equal(sha256(body), nameOf(key), key);
    }
    const sbom = JSON.parse(await c.crane("manifest", `${repo}@${nameOf("sbom")}`)) as { subject: { digest: string; size: number } };
    assert.deepEqual(sbom.subject, { mediaType: OCI_INDEX, digest: nameOf("v1"), size: Buffer.byteLength(index) });
    assert.ok(
      Object.values(fx.emu.state().packages.find((p) => p.name === "keyed")!.versions).every((v) => /^sha256:[a-f0-9]{64}$/.test(v.name)),
    );
  });

  it("round-trips through the state: the state's packages (names now given, keys kept) seed an emulator serving the same bytes", async () => {
    const state = fx.emu.state();
    const keyed = state.packages.find((p) => p.name === "keyed")!;
    const other = await startEmulator({
      seed: {
        ...baseSeed(),
        packages: [
          {
            ...keyed,
            id: undefined,
            createdAt: undefined,
            updatedAt: undefined,
            versions: keyed.versions.map((v) => ({ ...v, id: undefined, downloads: undefined })),
          } as never,
        ],
      },
    });
    try {
      const d = await ociClients(other.url, ADMIN_TOKEN);
      try {
        for (const v of keyed.versions)
          assert.equal(
            await d.crane("manifest", `${d.registry}/acme/keyed@${v.name}`),
            await c.crane("manifest", `${c.registry}/acme/keyed@${v.name}`),
          );
      } finally {
        d.close();
      }
    } finally {
      await other.close();
    }
  });

  it("returns pushed versions in the state with their exact bytes (rawManifest), which seed an emulator serving them under the same digests", async () => {
    const image = await pushMultiArch(c, "acme/keyed", "v2");
    const shop = fx.emu.state().packages.find((p) => p.name === "keyed")!;
    const pushed = shop.versions.filter((v) => v.rawManifest !== undefined);
    assert.deepEqual(pushed.map((v) => v.name).sort(), [image.first, image.amd64, image.arm64, image.index].sort());
    for (const v of pushed) assert.equal(sha256(v.rawManifest!.content), v.name);
    const other = await startEmulator({
      seed: {
        ...baseSeed(),
        packages: [
          {
            owner: "acme",
            ownerType: "org",
            packageType: "container",
            name: "keyed",
            versions: pushed.map((v) => ({ rawManifest: v.rawManifest!, tags: v.tags })),
          },
        ],
      },
    });
    try {
      const d = await ociClients(other.url, ADMIN_TOKEN);
      try {
        // No name given: each is computed, and crane checks the bytes against it.
        assert.equal((await d.crane("digest", `${d.registry}/acme/keyed:v2`)).trim(), image.index);
        for (const v of pushed) assert.equal(await d.crane("manifest", `${d.registry}/acme/keyed@${v.name}`), v.rawManifest!.content);
      } finally {
        d.close();
      }
    } finally {
      await other.close();
    }
  });

  it("serves a seeded name that is not the hash of the bytes as seeded: crane refuses a pull by that digest (the documented difference)", async () => {
    fx.emu.seed(registrySeed());
    const repo = `${c.registry}/acme/app`;
    const body = await c.crane("manifest", `${repo}:v3`);
    assert.notEqual(sha256(body), APP_DIGESTS.v3);
    await assert.rejects(
      c.crane("manifest", `${repo}@${APP_DIGESTS.v3}`),
      (e: unknown) => e instanceof ToolFailure && /digest|mismatch/i.test(e.stderr),
    );
  });

  it("refuses keys where they cannot work, naming the field", () => {
    const pkg = (versions: object[], packageType = "container") => ({
      packages: [{ owner: "acme", ownerType: "org", packageType, name: "p", versions }],
    });
    assert.deepEqual(refusal(pkg([{ tags: ["1.0.0"] }], "npm")).field, "packages[0].versions[0].name");
    assert.deepEqual(refusal(pkg([{ name: "1.0.0", key: "a" }], "npm")).field, "packages[0].versions[0].key");
    assert.deepEqual(refusal(pkg([{ key: "a" }, { key: "a" }])).field, "packages[0].versions[1].key");
    const unknown = refusal(pkg([{ key: "a", manifest: { mediaType: OCI_INDEX, manifests: [{ key: "b", platform: "linux/amd64" }] } }]));
    assert.deepEqual(
      [unknown.field, /no version has key "b"/.test(unknown.message)],
      ["packages[0].versions[0].manifest.manifests[0].key", true],
    );
    assert.equal(
      refusal(
        pkg([
          { key: "a" },
          { manifest: { mediaType: OCI_INDEX, manifests: [{ key: "a", digest: APP_DIGESTS.v3, platform: "linux/amd64" }] } },
        ]),
      ).field,
      "packages[0].versions[1].manifest.manifests[0]",
    );
    assert.equal(
      refusal(pkg([{ key: "a" }, { manifest: { mediaType: OCI_MANIFEST, subject: APP_DIGESTS.v3, subjectKey: "a" } }])).field,
      "packages[0].versions[1].manifest.subjectKey",
    );
    const raw = { mediaType: OCI_MANIFEST, content: '{"schemaVersion":2}' };
    assert.match(
      refusal(pkg([{ name: APP_DIGESTS.v3, rawManifest: raw }])).message,
      new RegExp(`is not the sha256 of rawManifest.content \\(${sha256(raw.content)}\\)`),
    );
    assert.equal(refusal(pkg([{ rawManifest: raw, manifest: {} }])).field, "packages[0].versions[0].rawManifest");
    assert.equal(refusal(pkg([{ name: "1.0.0", rawManifest: raw }], "npm")).field, "packages[0].versions[0].rawManifest");
    assert.equal(refusal(pkg([{ rawManifest: { ...raw, content: "[1]" } }])).field, "packages[0].versions[0].rawManifest.content");
    const cycle = refusal(
      pkg([
        { key: "a", manifest: { subjectKey: "b" } },
        { key: "b", manifest: { subjectKey: "a" } },
      ]),
    );
    assert.match(cycle.message, /cycle/);
  });
});
