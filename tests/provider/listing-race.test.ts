import { strict as assert } from "node:assert";
import { getContainerImages, getPackageVersions } from "pulumi-github-package-versions";
import { planPackageRetention } from "pulumi-github-package-versions/testing";
import { useEnvEmulator } from "../support/env-emulator";
import { startHoldingProxy, type HoldingProxy } from "../support/holding-proxy";
import { imagesSeed } from "../support/images-seed";
import { ADMIN_TOKEN, NOW, seedWithNpmPackage } from "../support/provider-fixture";

const race = { org: "acme", packageType: "npm", packageName: "race" } as const;
const VERSIONS = "/orgs/acme/packages/npm/race/versions";
const COUNT = 40;
const FIRST_ID = 8000;
/** The oldest version: the rules below delete it. */
const VICTIM = FIRST_ID;

const isListing = (state: "active" | "deleted") => (method: string, url: string) =>
  method === "GET" && url.startsWith(`${VERSIONS}?`) && url.includes(`state=${state}`);

describe("Listings that agree with themselves: a version changed by someone else between the active and the deleted listing", function () {
  this.timeout(30_000);
  const fx = useEnvEmulator(() => seedWithNpmPackage("race", { active: COUNT, firstId: FIRST_ID, createdFrom: "2026-01-01T00:00:00Z" }));
  let proxy: HoldingProxy | undefined;
  beforeEach(async () => {
    proxy = await startHoldingProxy(fx.emu.url);
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  /** What someone else does, straight at the emulator. */
  async function byHand(method: "DELETE" | "POST", path: string): Promise<void> {
    const answer = await fetch(`${fx.emu.url}${path}`, { method, headers: { authorization: `token ${ADMIN_TOKEN}` } });
    assert.equal(answer.status, 204, `${method} ${path}`);
  }

  /** Runs `call` with the listing of `state` held until `meanwhile` has run. */
  async function withHeldListing<T>(state: "active" | "deleted", meanwhile: () => Promise<void>, call: () => Promise<T>): Promise<T> {
    const held = proxy!.holdNext(isListing(state));
    const result = call();
    const release = await held;
    await meanwhile();
    release();
    return result;
  }

  function assertOneEach(ids: readonly number[]): void {
    assert.equal(ids.length, COUNT, `${COUNT} versions, got ${ids.length}`);
    assert.equal(new Set(ids).size, ids.length, "no version twice");
  }

  it("a version deleted between the two listings is one version, deleted: the plan holds one decision per version", async () => {
    const plan = await withHeldListing(
      "deleted",
      () => byHand("DELETE", `${VERSIONS}/${VICTIM}`),
      () => planPackageRetention({ ...race, perVersionChildren: true, keepLatest: 10, now: NOW, baseUrl: proxy!.url }),
    );
    assertOneEach(plan.decisions.map((d) => d.versionId));
    assertOneEach(plan.versions.map((v) => v.versionId));
    const victim = plan.decisions.find((d) => d.versionId === VICTIM);
    assert.equal(victim?.action, "leave-deleted", "in the state seen last: deleted, so nothing to do");
    assert.equal(plan.versions.find((v) => v.versionId === VICTIM)?.state, "deleted");
    assert.equal(plan.deletedIds.length, COUNT - 10 - 1, "the others beyond the newest 10");
    assert.ok(!plan.deletedIds.includes(VICTIM));
    const listings = fx.emu
      .requests()
      .filter((r) => r.path === VERSIONS)
      .map((r) => r.query["state"]);
    assert.deepEqual(listings, ["active", "deleted"], "one listing of each state, active first");
  });

  it("a version restored between the two listings is one version, active: the look-up of all versions reports it once", async () => {
    await byHand("DELETE", `${VERSIONS}/${VICTIM}`);
    // The deleted versions listed first (a look-up of them), then the version restored, then the active ones listed.
    const deletedFirst = await getPackageVersions({ ...race, state: "deleted", baseUrl: proxy!.url });
    assert.deepEqual(
      deletedFirst.versions.map((v) => v.versionId),
      [VICTIM],
    );
    await byHand("POST", `${VERSIONS}/${VICTIM}/restore`);
    const all = await getPackageVersions({ ...race, state: "all", baseUrl: proxy!.url });
    assertOneEach(all.versions.map((v) => v.versionId));
    assert.equal(all.versions.find((v) => v.versionId === VICTIM)?.state, "present", "the active listing was asked for later");
    const again = await getPackageVersions({ ...race, state: "deleted", baseUrl: proxy!.url });
    assert.deepEqual(again.versions, [], "the deleted listing agrees: the version left it");
  });

  it("getContainerImages over a version deleted between the two listings sees it once, deleted: not an image, not read from the registry", async () => {
    const IMAGES = "/orgs/acme/packages/container/images/versions";
    fx.emu.seed(imagesSeed());
    const held = proxy!.holdNext((method, url) => method === "GET" && url.startsWith(`${IMAGES}?`) && url.includes("state=deleted"));
    const lookup = getContainerImages({ org: "acme", packageName: "images", baseUrl: proxy!.url });
    const release = await held;
    await byHand("DELETE", `${IMAGES}/5`);
    release();
    const result = await lookup;
    assert.equal(result.deletedVersionsListed, true);
    const ids = [
      ...result.images.map((i) => i.versionId),
      ...result.orphans.map((o) => o.versionId),
      ...result.unreadable.map((u) => u.versionId),
    ];
    assert.equal(new Set(ids).size, ids.length, "no version twice");
    assert.ok(!ids.includes(5), "the version deleted meanwhile is no active image");
    assert.deepEqual(ids.sort(), [1, 2, 3, 4, 6, 7]);
    const manifests = fx.emu
      .requests()
      .filter((r) => r.path.includes("/manifests/"))
      .map((r) => r.path);
    assert.ok(!manifests.some((path) => path.endsWith("sha256:05")), "its manifest is not read");
  });
});
