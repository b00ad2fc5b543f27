/** A container policy's plan reads the registry once per manifest, with one token exchange; without a registry for another GitHub it reads nothing. */
import { strict as assert } from "node:assert";
import { getContainerImages, GitHubSettingsError, PackageRetentionPolicy } from "pulumi-github-package-versions";
import { planPackageRetention, resetVersionOwners } from "pulumi-github-package-versions/testing";
// The registry the program's library holds (the same module instance as the package's).
import { useEnvEmulator } from "../support/env-emulator";
import { digestOf } from "../support/image-fixtures";
import { useMockedEngine, valueOf } from "../support/mocked-engine";
import { APP_IDS, APP_POLICY, appDigest, multiarchSeed } from "../support/multiarch-seed";
import { ADMIN_TOKEN } from "../support/provider-fixture";

const { name: _policyName, ...policyArgs } = APP_POLICY;
const args = { ...policyArgs, packageType: "container" as const, untagged: "delete" as const };

/** The multi-arch seed with v3's amd64 image deleted by hand 2 days ago and an entry pushed nowhere added to its index. */
function brokenV3Seed(): ReturnType<typeof multiarchSeed> {
  const seed = multiarchSeed();
  const versions = seed.packages![0]!.versions!;
  const v3 = versions.find((v) => v.id === APP_IDS.v3.index)!;
  v3.manifest = { ...v3.manifest!, manifests: [...v3.manifest!.manifests!, { digest: digestOf("never pushed"), platform: "linux/s390x" }] };
  versions.find((v) => v.id === APP_IDS.v3.amd64)!.deletedAt = "2026-11-24T00:00:00Z";
  return seed;
}

describe("container retention: what a plan reads from the registry", () => {
  const fx = useEnvEmulator(multiarchSeed);

  it("lists each state once, exchanges the token once and GETs each active version's manifest once", async () => {
    const plan = await planPackageRetention(args);
    const log = fx.emu
      .requests()
      .map((r) => `${r.method} ${r.path.startsWith("/v2/") ? r.path.replace(/sha256:[0-9a-f]{64}$/, "<digest>") : r.path} ${r.status}`);
    const active = plan.versions.filter((v) => v.state === "present").length;
    assert.equal(active, 17, "every version of the seed is active");
    const count = (line: string) => log.filter((l) => l === line).length;
    assert.equal(count("GET /orgs/acme/packages/container/app/versions 200"), 2, "one listing page per state");
    assert.equal(count("GET /token 200"), 1, "one token exchange for the package");
    assert.equal(count("GET /v2/acme/app/manifests/<digest> 401"), 1, "one challenge");
    assert.equal(count("GET /v2/acme/app/manifests/<digest> 200"), active, "each active manifest once");
    assert.equal(log.length, 2 + 1 + 1 + active, log.join("\n"));
    assert.ok(plan.deletedIds.includes(APP_IDS.v1.arm64) && plan.keptIds.includes(APP_IDS.v3.shared));
    assert.deepEqual(
      fx.emu.requests().filter((r) => r.method !== "GET"),
      [],
      "planning writes nothing",
    );
  });

  it("a plan and a look-up of the same package in one program run read each manifest once (one download each)", async () => {
    const plan = await planPackageRetention(args);
    const images = await getContainerImages({ org: "acme", packageName: "app" });
    const manifestReads = fx.emu.requests().filter((r) => r.path.startsWith("/v2/acme/app/manifests/") && r.status === 200);
    const active = plan.versions.filter((v) => v.state === "present").length;
    assert.equal(manifestReads.length, active, "the look-up read nothing the plan had read");
    assert.equal(new Set(manifestReads.map((r) => r.path)).size, active);
    assert.equal(fx.emu.requests().filter((r) => r.path === "/token").length, 1);
    assert.deepEqual(
      images.images.map((i) => i.tags[0]),
      ["v3", "v2", "v1"],
    );
  });

  it("another GitHub without github:registryUrl: the plan fails naming the setting, and nothing is sent to any registry", async () => {
    delete process.env["GITHUB_REGISTRY_URL"];
    const failure = await planPackageRetention(args).then(
      () => assert.fail("expected the plan to fail"),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof GitHubSettingsError, String(failure));
    assert.equal(failure.setting, "github:registryUrl");
    assert.match(failure.message, new RegExp(`github:baseUrl is ${fx.emu.url}, not GitHub\\.com, and no container registry is set`));
    assert.match(failure.message, /No container version is deleted until it is set\.$/);
    assert.ok(!failure.message.includes(ADMIN_TOKEN));
    assert.deepEqual(
      fx.emu.requests().filter((r) => r.path.startsWith("/v2/") || r.path === "/token"),
      [],
    );
  });
});

describe("container retention: broken images in the policy's outputs", () => {
  const fx = useEnvEmulator(brokenV3Seed);
  useMockedEngine();

  it("a kept image whose index names missing manifests is reported, with the restorable one; restoreKept restores it", async () => {
    const policy = new PackageRetentionPolicy("broken", args);
    assert.deepEqual(await valueOf(policy.brokenImages), [
      {
        versionId: APP_IDS.v3.index,
        name: appDigest(APP_IDS.v3.index),
        tags: ["v3"],
        missingDigests: [appDigest(APP_IDS.v3.amd64), digestOf("never pushed")],
        restorableIds: [APP_IDS.v3.amd64],
      },
    ]);
    resetVersionOwners(); // a second program: one may not hold two policies over one package
    const restoring = new PackageRetentionPolicy("restoring", { ...args, packageName: "app", restoreKept: true });
    assert.deepEqual(await valueOf(restoring.restoredIds), [APP_IDS.v3.amd64]);
    const reason = (await valueOf(restoring.decisions)).find((d) => d.versionId === APP_IDS.v3.amd64)?.reason;
    assert.match(reason ?? "", /^restored: child of kept image v3 \(sha256:[0-9a-f]{12}…\)/);
    assert.deepEqual(
      fx.emu.requests().filter((r) => r.method !== "GET"),
      [],
      "the component plans; its children write",
    );
  });
});

describe("container retention: brokenImages deletes broken images on request", () => {
  const fx = useEnvEmulator(brokenV3Seed);
  useMockedEngine();

  it('"delete-ghost" keeps v3 (a platform image is left: partial) and reports it; "delete-partial" deletes it with what only it refers to', async () => {
    const ghost = new PackageRetentionPolicy("ghost", { ...args, brokenImages: "delete-ghost" });
    assert.equal((await valueOf(ghost.decisions)).find((d) => d.versionId === APP_IDS.v3.index)?.action, "keep");
    assert.deepEqual(
      (await valueOf(ghost.brokenImages)).map((b) => b.versionId),
      [APP_IDS.v3.index],
    );
    resetVersionOwners();
    const partial = new PackageRetentionPolicy("partial", { ...args, brokenImages: "delete-partial" });
    const decisions = await valueOf(partial.decisions);
    const reasonOf = (id: number) => decisions.find((d) => d.versionId === id)?.reason ?? "";
    assert.match(
      reasonOf(APP_IDS.v3.index),
      /^deleted: partial image: 2 of the manifests its index lists \(4\) are no active version \(sha256:[0-9a-f]{12}…, sha256:[0-9a-f]{12}…\) \(brokenImages: "delete-partial"\)$/,
    );
    assert.match(reasonOf(APP_IDS.v3.signature), /^deleted with image v3 /);
    assert.match(
      reasonOf(APP_IDS.v3.shared),
      /^kept: shared with image v2 /,
      "the arm64 image v2 shares stays with v2, now the newest image",
    );
    assert.deepEqual(await valueOf(partial.brokenImages), []);
    assert.deepEqual(
      fx.emu.requests().filter((r) => r.method !== "GET"),
      [],
      "the component plans; its children write",
    );
  });
});
