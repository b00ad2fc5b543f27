import { strict as assert } from "node:assert";
import type { EmulatorSeed } from "../../emulator";
import { seedWithNpmPackage } from "../support/provider-fixture";
import { useStack } from "../support/stack-fixture";

const bulk = { org: "acme", packageType: "npm", packageName: "bulk" } as const;
const BULK = "/orgs/acme/packages/npm/bulk/versions";
const ACTIVE = 50;
const DELETED = 5;

const bulkSeed = (): EmulatorSeed =>
  seedWithNpmPackage("bulk", { active: ACTIVE, deleted: DELETED, firstId: 8000, createdFrom: "2026-10-01T00:00:00Z" });

/** Requests as "METHOD path state", counted. */
function tally(requests: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of requests) counts[request] = (counts[request] ?? 0) + 1;
  return counts;
}

describe("e2e: requests made at scale, with the real pulumi CLI", function () {
  this.timeout(600_000);
  const fx = useStack({ seed: bulkSeed });
  /** The API requests since the last call, as "METHOD path state", version ids as {id}. */
  const take = () => {
    const requests = fx.emu
      .requests()
      .map(
        (r) =>
          `${r.method} ${r.path.startsWith(`${BULK}/`) ? `${BULK}/{id}` : r.path}${r.query["state"] !== undefined ? ` ${r.query["state"]}` : ""}`,
      );
    fx.emu.clearRequests();
    return requests;
  };

  it("a first up of 55 versions by name lists the package once; refresh --skip-preview lists it once more", async () => {
    const declared = Array.from({ length: ACTIVE + DELETED }, (_, i) => ({
      ...bulk,
      version: `1.0.${i}`,
      ...(i < 5 || i >= ACTIVE ? { state: "deleted" } : {}),
    }));
    await fx.setVersions(declared);
    fx.emu.clearRequests();
    const up = await fx.sandbox.stack.up();
    assert.deepEqual(up.summary.resourceChanges, { create: ACTIVE + DELETED + 1 });
    // One active listing (one page), one deleted listing for the five already deleted, five DELETEs;
    // and the program's permission check of the declared deletions before any write: one GET /user
    // for the token's scopes (docs/tokens.md), as the program itself lists nothing here.
    assert.deepEqual(tally(take()), {
      [`GET ${BULK} active`]: 1,
      [`GET ${BULK} deleted`]: 1,
      [`DELETE ${BULK}/{id}`]: 5,
      "GET /user": 1,
    });
    for (let i = 0; i < 5; i++) assert.equal(fx.isActive("bulk", 8000 + i), false);
    assert.equal(fx.isActive("bulk", 8005), true);

    fx.emu.clearRequests();
    await fx.sandbox.stack.refresh();
    assert.deepEqual(
      tally(take()),
      { [`GET ${BULK} active`]: 1, [`GET ${BULK} deleted`]: 1 },
      "refresh: one listing per state, no GET per resource",
    );

    const again = await fx.sandbox.stack.up();
    assert.deepEqual(again.summary.resourceChanges, { same: ACTIVE + DELETED + 1 });
    assert.deepEqual(take(), [], "a no-op up makes no request");
  });

  it("retention over 50 versions keeping 10: the program and the provider each list once and 40 DELETEs follow", async () => {
    await fx.sandbox.stack.setConfig("github:writesPerMinute", { value: "180" });
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", {
      // A PackageVersion per version: this form's listings are the ones counted below (the compact form's are in package-plan-writes.test.ts).
      value: JSON.stringify([{ name: "bulk", ...bulk, keepLatest: 10, perVersionChildren: true }]),
    });
    fx.emu.clearRequests();
    const up = await fx.sandbox.stack.up();
    assert.deepEqual((up.outputs["retention"]?.value as Record<string, { deleted: number[] }>)["bulk"]?.deleted.length, ACTIVE - 10);
    // Program: the active and deleted listings to plan. Provider: the same two (the five left
    // deleted are found in the deleted one), then the DELETEs. Nothing per version but its write.
    assert.deepEqual(tally(take()), { [`GET ${BULK} active`]: 2, [`GET ${BULK} deleted`]: 2, [`DELETE ${BULK}/{id}`]: ACTIVE - 10 });
    const state = fx.emu.state().packages.find((p) => p.name === "bulk")!;
    assert.equal(state.versions.filter((v) => v.deletedAt === undefined).length, 10);
  });
});
