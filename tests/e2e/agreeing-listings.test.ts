/**
 * Issue 18, "Listings that agree with themselves": a version deleted by someone else while a
 * retention policy lists its package (after the active listing, before the deleted one) is one
 * version in the plan, not two, so the run does not fail halfway on a duplicate URN.
 */
import { strict as assert } from "node:assert";
import { ADMIN_TOKEN, NOW, seedWithNpmPackage } from "../support/provider-fixture";
import { startHoldingProxy, type HoldingProxy } from "../support/holding-proxy";
import { useStack } from "../support/stack-fixture";

const COUNT = 40;
const FIRST_ID = 8000;
/** The oldest version: the policy would delete it, had nobody else done so first. */
const VICTIM = FIRST_ID;
const VERSIONS = "/orgs/acme/packages/npm/race/versions";
// Per-version children: the form that lists the deleted versions too (each is a child), whose two listings can disagree.
const policy = { name: "race", org: "acme", packageType: "npm", packageName: "race", keepLatest: 10, now: NOW, perVersionChildren: true };

interface Decision {
  versionId: number;
  action: string;
}

describe("e2e: listings that agree with themselves (root project, real pulumi CLI)", function () {
  this.timeout(300_000);
  const fx = useStack({
    seed: () => seedWithNpmPackage("race", { active: COUNT, firstId: FIRST_ID, createdFrom: "2026-01-01T00:00:00Z" }),
  });
  let proxy: HoldingProxy | undefined;
  beforeEach(async () => {
    proxy = await startHoldingProxy(fx.emu.url);
    // The program and the provider reach the emulator through the proxy.
    await fx.sandbox.stack.setAllConfig({
      "github:baseUrl": { value: proxy.url },
      "package-versions:retentionPolicies": { value: JSON.stringify([policy]) },
    });
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it("a version deleted by someone else between the policy's two listings: one decision per version, no crash, no second DELETE", async () => {
    // The policy's listing of deleted versions is held until someone else has deleted the oldest version.
    const held = proxy!.holdNext((method, url) => method === "GET" && url.startsWith(`${VERSIONS}?`) && url.includes("state=deleted"));
    const deletedMeanwhile = held.then(async (release) => {
      const answer = await fetch(`${fx.emu.url}${VERSIONS}/${VICTIM}`, {
        method: "DELETE",
        headers: { authorization: `token ${ADMIN_TOKEN}` },
      });
      release();
      assert.equal(answer.status, 204);
    });
    const up = await fx.sandbox.stack.up();
    await deletedMeanwhile;

    const decisions = (fx.outputsOf("race")?.["decisions"] ?? []) as Decision[];
    const ids = decisions.map((d) => d.versionId);
    assert.equal(ids.length, COUNT, `one decision per version, got ${ids.length} for ${COUNT}`);
    assert.equal(new Set(ids).size, COUNT, "no version decided twice");
    assert.equal(decisions.find((d) => d.versionId === VICTIM)?.action, "leave-deleted", "the version in the state seen last");
    assert.equal(up.summary.result, "succeeded");

    const deletes = fx.takeWrites().filter((w) => w.startsWith("DELETE "));
    assert.equal(deletes.length, COUNT - 10, "29 by the policy, 1 by someone else");
    assert.equal(
      deletes.filter((w) => w === `DELETE ${VERSIONS}/${VICTIM}`).length,
      1,
      "the version someone else deleted is not deleted again",
    );
    for (let id = FIRST_ID; id < FIRST_ID + COUNT; id++)
      assert.equal(fx.isActive("race", id), id >= FIRST_ID + COUNT - 10, `version ${id}`);

    const again = await fx.sandbox.stack.up();
    assert.equal(again.summary.result, "succeeded");
    assert.deepEqual(fx.takeWrites(), [], "the next run has nothing to write");
  });
});
