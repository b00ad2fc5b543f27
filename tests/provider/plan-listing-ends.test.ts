import { strict as assert } from "node:assert";
import type { EmulatorSeed } from "../../emulator";
import { useEnvEmulator } from "../support/env-emulator";
import type { PackageRetentionPolicyArgs } from "pulumi-github-package-versions";
import { planPackageRetention } from "pulumi-github-package-versions/testing";
import { baseSeed } from "../support/provider-fixture";
import { firstPageAnswered, newerVersions, pagesInOrder } from "../support/listing-log";

/** baseSeed plus an npm package of 1,050 versions (ids 20000..21049, one an hour: 11 listing pages). */
function seed(): EmulatorSeed {
  const s = baseSeed();
  const versions = Array.from({ length: 1050 }, (_, i) => ({
    id: 20_000 + i,
    name: `2.0.${i}`,
    createdAt: new Date(Date.parse("2026-01-01T00:00:00Z") + i * 3_600_000).toISOString(),
  }));
  s.packages!.push({ owner: "acme", ownerType: "org", packageType: "npm", name: "big", versions });
  return s;
}

const NOW = "2026-12-01T00:00:00Z";
const big = { org: "acme", packageType: "npm", packageName: "big", now: NOW } as const;
const compact = { ...big, perVersionChildren: false } satisfies PackageRetentionPolicyArgs;

describe("a plan no rule can delete from: only the listing's two ends are read (perVersionChildren: false)", () => {
  const fx = useEnvEmulator(seed);
  /** The listing requests: the first two as sent (page 1, then the last page it names), the others by page. */
  const listings = () => {
    const sent = fx.emu
      .requests()
      .filter((r) => r.path.endsWith("/versions"))
      .map((r) => `${r.query["state"]} page=${r.query["page"] ?? 1}`);
    return [...sent.slice(0, 2), ...pagesInOrder(sent.slice(2))];
  };
  /** Every page from 1 to `last` once, in the order a listing of the ends first sends them: 1, the last page the first names, then the others. */
  const endsThenBetween = (named: number, last = named) => [
    "active page=1",
    `active page=${named}`,
    ...Array.from({ length: last - 1 }, (_, i) => i + 2)
      .filter((n) => n !== named)
      .map((n) => `active page=${n}`),
  ];

  it("keepLatest at or above the count: pages 1 and 11 (2 requests), every version kept, the 900 between counted, the newest and oldest listed", async () => {
    const plan = await planPackageRetention({ ...compact, keepLatest: 1050 });
    assert.deepEqual(listings(), ["active page=1", "active page=11"]);
    assert.equal(plan.unlisted, 900, "pages 2 to 10");
    assert.equal(plan.versions.length, 150, "page 1's 100 and page 11's 50");
    assert.equal(plan.keptIds.length, 150);
    assert.deepEqual([plan.deletedIds.length, plan.restoredIds.length, plan.pendingIds.length], [0, 0, 0]);
    assert.equal(plan.versions[0]!.versionId, 21_049, "the newest version first");
    assert.equal(plan.versions.at(-1)!.versionId, 20_000, "the oldest version last");
    assert.ok(plan.decisions.every((d) => d.action === "keep"));
  });

  it("keepLatest below the count: every page once (11 requests) and the deletions, as before", async () => {
    const plan = await planPackageRetention({ ...compact, keepLatest: 1049 });
    assert.deepEqual(listings(), endsThenBetween(11));
    assert.equal(plan.unlisted, 0);
    assert.equal(plan.versions.length, 1050);
    assert.deepEqual(plan.deletedIds, [20_000]);
  });

  it("restoreKept (a kept version deleted by hand comes back) reads every page of both listings", async () => {
    await planPackageRetention({ ...compact, keepLatest: 5000, restoreKept: true });
    const withRestore = listings();
    assert.equal(withRestore.filter((l) => l.startsWith("active")).length, 11);
    assert.ok(
      withRestore.some((l) => l.startsWith("deleted")),
      "restoreKept lists the deleted versions",
    );
  });

  it("per-version children read every page (each version is a resource)", async () => {
    const plan = await planPackageRetention({ ...big, perVersionChildren: true, keepLatest: 5000 });
    assert.equal(listings().filter((l) => l.startsWith("active")).length, 11);
    assert.equal(plan.unlisted, 0);
    assert.equal(plan.keptIds.length, 1050);
  });

  it("a plan file asked for (PACKAGE_VERSIONS_PLAN_DIR) reads every page: the file holds every decision", async () => {
    process.env["PACKAGE_VERSIONS_PLAN_DIR"] = "/tmp/plan-listing-ends-test";
    try {
      const plan = await planPackageRetention({ ...compact, keepLatest: 5000 });
      assert.equal(listings().length, 11);
      assert.equal(plan.unlisted, 0);
    } finally {
      delete process.env["PACKAGE_VERSIONS_PLAN_DIR"];
    }
  });

  it("versions pushed while the ends are read, so that the last page names another: every page is read", async () => {
    // Every listing request waits 300 ms, then is answered from the store as it is then.
    fx.emu.setFaults([{ method: "GET", path: "/orgs/acme/packages/npm/big/versions$", latencyMs: 300 }]);
    const planned = planPackageRetention({ ...compact, keepLatest: 5000 });
    await firstPageAnswered(fx.emu, "/big/versions");
    // 60 newer versions (a seed replaces the package: the 1,050 are seeded again as they were) move
    // every version down: page 11 fills and names a page 12 the first answer did not.
    const [seeded] = seed().packages!.filter((p) => p.name === "big");
    const pushed = newerVersions(60, 30_000, "3.0.");
    fx.emu.seed({ packages: [{ ...seeded!, versions: [...seeded!.versions!, ...pushed] }] });
    const plan = await planned;
    assert.deepEqual(listings(), endsThenBetween(11, 12));
    assert.equal(plan.unlisted, 0);
    assert.equal(new Set(plan.versions.map((v) => v.versionId)).size, plan.versions.length, "no version twice");
    assert.ok(plan.versions.length >= 1050);
    assert.deepEqual(plan.deletedIds, []);
  });
});
