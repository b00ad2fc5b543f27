/**
 * Issue 19: a policy in its compact form (the default; `perVersionChildren: false`) declares one
 * PackagePlanWrites for its package instead of a PackageVersion per version: the engine's
 * resources and the state no longer grow with the package, drift is still repaired, and the state
 * records what was written. A stack whose policy has per-version children moves to it with no
 * write when the program stops asking for them.
 */
import { strict as assert } from "node:assert";
import * as zlib from "node:zlib";
import { ADMIN_TOKEN, useStack, type StackFixture } from "../support/stack-fixture";
import { seedWithNpmPackage } from "../support/provider-fixture";

const seed = () => seedWithNpmPackage("lots", { active: 60, firstId: 9000, createdFrom: "2026-09-01T00:00:00Z" });
const lots = { name: "lots", org: "acme", packageType: "npm", packageName: "lots" };
const ids = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `DELETE /orgs/acme/packages/npm/lots/versions/${from + i}`);

async function configure(fx: StackFixture, policy: Record<string, unknown>): Promise<void> {
  await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([policy]) });
}

/** The PackagePlanWrites' record in the state, decoded. */
function recordOf(fx: StackFixture): { run: string; deleted: [number, string, string[]][]; restored: unknown[] }[] {
  const record = fx.outputsOf("lots-writes")?.["record"];
  assert.equal(typeof record, "string");
  return JSON.parse(zlib.gunzipSync(Buffer.from(record as string, "base64")).toString("utf8")) as never;
}

function resourceCount(fx: StackFixture): number {
  return (JSON.parse(fx.sandbox.stateText()) as { checkpoint: { latest: { resources: unknown[] } } }).checkpoint.latest.resources.length;
}

describe("e2e: a policy with one resource per package (the default, perVersionChildren: false)", function () {
  this.timeout(300_000);
  const fx = useStack({ seed });

  it("deletes as planned through one resource, records what it deleted, and repairs a version restored by hand", async () => {
    await configure(fx, { ...lots, keepLatest: 10 }); // the default form
    const preview = await fx.sandbox.stack.preview();
    assert.equal(preview.changeSummary["create"], 3, "the stack, the policy and its one PackagePlanWrites");
    assert.deepEqual(fx.takeWrites(), []);

    await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites().sort(), ids(9000, 9049));
    assert.deepEqual(
      fx.emu.requests().filter((r) => r.query["state"] === "deleted"),
      [],
      "no rule restores, so the deleted versions are never listed",
    );
    assert.equal(resourceCount(fx), 4, "stack, provider, policy and one PackagePlanWrites: not one per version");
    assert.equal(fx.outputsOf("lots-writes")?.["recordedDeletions"], 50);
    const [run] = recordOf(fx);
    assert.equal(run?.deleted.length, 50);
    assert.deepEqual(
      run?.deleted.find(([id]) => id === 9000),
      [9000, "1.0.0", []],
    );

    const again = await fx.sandbox.stack.up();
    assert.equal(again.summary.resourceChanges?.["update"] ?? 0, 0, "nothing left to write");
    assert.deepEqual(fx.takeWrites(), []);

    // Someone restores one by hand: the rules still delete it, so the next up does.
    const restored = await fetch(`${fx.emu.url}/orgs/acme/packages/npm/lots/versions/9007/restore`, {
      method: "POST",
      headers: { authorization: `token ${ADMIN_TOKEN}` },
    });
    assert.equal(restored.status, 204);
    fx.takeWrites();
    await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites(), ["DELETE /orgs/acme/packages/npm/lots/versions/9007"]);
    assert.equal(fx.outputsOf("lots-writes")?.["recordedDeletions"], 51);
    assert.equal(recordOf(fx).length, 2, "one entry per run that wrote");
  });

  it("drains a backlog with deletionsPerRun, and a plan over maxDeletions writes nothing", async () => {
    await configure(fx, { ...lots, keepLatest: 10, maxDeletions: 40 });
    await assert.rejects(fx.sandbox.stack.up(), /more than maxDeletions \(40\)\. [^]*Nothing was changed/);
    assert.deepEqual(fx.takeWrites(), []);
    await configure(fx, { ...lots, keepLatest: 10, deletionsPerRun: 20 }); // the default form
    const first = await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites().sort(), ids(9000, 9019));
    assert.equal((first.outputs["retention"]?.value as Record<string, { pendingDeletions?: number }>)["lots"]?.pendingDeletions, 30);
    await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites().sort(), ids(9020, 9039));
  });

  it("a stack whose policy had per-version children moves to one resource with no write", async () => {
    await configure(fx, { ...lots, keepLatest: 55, perVersionChildren: true });
    await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites().sort(), ids(9000, 9004));
    assert.equal(resourceCount(fx), 3 + 60, "a child per version");

    await configure(fx, { ...lots, keepLatest: 55, perVersionChildren: false });
    const moved = await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites(), [], "the children leave the state (retainOnDelete) and nothing is written");
    assert.equal(moved.summary.resourceChanges?.["delete"], 60);
    assert.equal(resourceCount(fx), 4);
    assert.equal(fx.isActive("lots", 9005), true);
  });

  it("upgrading: the same program without perVersionChildren (the new default) moves the children with no write; preview shows it, the next preview is a no-op", async () => {
    await configure(fx, { ...lots, keepLatest: 55, perVersionChildren: true });
    await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites().sort(), ids(9000, 9004));
    assert.equal(resourceCount(fx), 3 + 60, "a child per version: 55 present, 5 deleted");

    // The upgrade: the program no longer states perVersionChildren.
    await configure(fx, { ...lots, keepLatest: 55 });
    fx.emu.clearRequests();
    const preview = await fx.sandbox.stack.preview({ diff: true });
    assert.deepEqual(fx.takeWrites(), [], "preview writes nothing");
    assert.equal(preview.changeSummary["create"], 1, "one lots-writes");
    assert.equal(preview.changeSummary["delete"], 60, "every child leaves the state");
    assert.equal(
      preview.stdout.match(/- pulumi-nodejs:dynamic\/github-package-versions:PackageVersion: \(delete\[retain\]\)/g)?.length,
      60,
      "each child is shown as delete[retain]: it leaves the state, nothing is sent to GitHub",
    );
    assert.match(preview.stdout, /\+ pulumi-nodejs:dynamic\/github-package-versions:PackagePlanWrites: \(create\)/);
    assert.match(preview.stdout, /summary {4}: "55 kept, 0 deleted, 0 pending, 0 restored, 0 left deleted"/);
    assert.match(preview.stdout, /deletions {2}: \(json\) \[\]/);

    const up = await fx.sandbox.stack.up();
    assert.deepEqual(
      fx.emu
        .requests()
        .filter((r) => r.method !== "GET")
        .map((r) => `${r.method} ${r.path}`),
      [],
      "preview and up: 0 writes (no DELETE, no POST): the children are retainOnDelete, and the plan has nothing left to delete",
    );
    assert.equal(up.summary.resourceChanges?.["delete"], 60, "every child leaves the state");
    assert.equal(up.summary.resourceChanges?.["create"], 1, "one lots-writes");
    assert.equal(resourceCount(fx), 4, "stack, provider, policy and lots-writes");
    assert.equal(fx.outputsOf("lots-writes")?.["recordedDeletions"], 0, "nothing written, nothing recorded");
    for (let id = 9000; id < 9060; id++) assert.equal(fx.isActive("lots", id), id >= 9005, `version ${id}`);

    const next = await fx.sandbox.stack.preview({ expectNoChanges: true });
    assert.equal(next.changeSummary["create"] ?? 0, 0);
    assert.equal(next.changeSummary["delete"] ?? 0, 0);
    assert.equal(next.changeSummary["update"] ?? 0, 0);
    assert.deepEqual(fx.takeWrites(), []);
  });

  it("with restoreKept, lists the deleted versions and restores a kept one someone deleted, recording it", async () => {
    await configure(fx, { ...lots, keepLatest: 55, restoreKept: true }); // the default form
    await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites().sort(), ids(9000, 9004));
    const byHand = await fetch(`${fx.emu.url}/orgs/acme/packages/npm/lots/versions/9059`, {
      method: "DELETE",
      headers: { authorization: `token ${ADMIN_TOKEN}` },
    });
    assert.equal(byHand.status, 204);
    fx.takeWrites();
    await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites(), ["POST /orgs/acme/packages/npm/lots/versions/9059/restore"]);
    assert.equal(fx.isActive("lots", 9059), true);
    assert.ok(
      fx.emu.requests().some((r) => r.query["state"] === "deleted"),
      "restoreKept needs the deleted listing",
    );
    assert.equal(fx.outputsOf("lots-writes")?.["recordedRestores"], 1);
  });
});

describe("e2e: a policy no rule of which can delete a version reads two listing pages, at any size", function () {
  this.timeout(300_000);
  const fx = useStack({ seed: () => seedWithNpmPackage("lots", { active: 250, firstId: 9000, createdFrom: "2026-09-01T00:00:00Z" }) });
  /** What `command` asked the emulator: the active listing's pages by number (1 for the first) in the order sent, and the writes. */
  async function asked<T>(command: () => Promise<T>): Promise<{ result: T; pages: number[]; writes: string[] }> {
    const start = fx.emu.requests().length;
    const result = await command();
    const requests = fx.emu.requests().slice(start);
    const pages = requests.filter((r) => r.path === "/orgs/acme/packages/npm/lots/versions").map((r) => Number(r.query["page"] ?? 1));
    return { result, pages, writes: requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`) };
  }

  it("keepLatest at or above the count: page 1 and the last page, every version kept and counted; below it: every page", async () => {
    await configure(fx, { ...lots, keepLatest: 1000 });
    const preview = await asked(() => fx.sandbox.stack.preview());
    assert.deepEqual(preview.pages, [1, 3], "the first page, then the last one its Link names");
    assert.match(preview.result.stdout, /: 250 kept, 0 deleted, 0 restored, 0 left deleted/);
    assert.match(preview.result.stdout, /No rule can delete any of the 250 active versions \(keepLatest is at least that\)/);
    assert.match(preview.result.stdout, /… 240 more keep rows not shown/, "the 50 versions of page 2 counted with the rows not shown");

    const up = await asked(() => fx.sandbox.stack.up());
    assert.deepEqual(up.pages, [1, 3]);
    assert.deepEqual(up.writes, []);
    assert.equal(resourceCount(fx), 4);
    assert.match(up.result.stdout, /: 250 kept, 0 deleted/);

    await configure(fx, { ...lots, keepLatest: 240 });
    const deleting = await asked(() => fx.sandbox.stack.preview());
    assert.deepEqual(deleting.pages, [1, 3, 2], "a plan that deletes reads every page");
    assert.match(deleting.result.stdout, /: 240 kept, 10 deleted, 0 restored, 0 left deleted/);
    assert.doesNotMatch(deleting.result.stdout, /No rule can delete/);
    assert.deepEqual(deleting.writes, []);
  });
});
