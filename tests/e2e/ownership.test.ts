import { strict as assert } from "node:assert";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { ADMIN_TOKEN, commandFailure, useStack } from "../support/stack-fixture";
import { NOW } from "../support/clock";
import { imagesSeed } from "../support/images-seed";

const images = { org: "acme", packageType: "container", packageName: "images" };
const policy = {
  name: "images",
  ...images,
  keepLatest: 3,
  deleteOlderThan: "30d",
  keep: ["v1.0"],
  untagged: "delete",
  restoreKept: true,
  now: NOW,
  perVersionChildren: true, // the children, their refresh and their drift are what these tests check
};

interface Decision {
  versionId: number;
  action: string;
  reason: string;
  managedBy?: string;
}

/** The keys whose values differ between two property maps. */
function changedKeys(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): string[] {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  return [...keys].filter((key) => JSON.stringify(a?.[key]) !== JSON.stringify(b?.[key])).sort();
}

/**
 * Every step the engine reports (when it starts, and for a refresh also when done), by resource
 * name, with the inputs the step changes in the state (what the CLI shows as the refresh's diff).
 */
function steps(events: EngineEvent[]): { op: string; name: string; diffs: string[] }[] {
  return events.flatMap((event) => {
    const step = (event.resourcePreEvent ?? event.resOutputsEvent)?.metadata;
    if (step === undefined) return [];
    return [{ op: step.op, name: step.urn.split("::").pop() ?? "", diffs: changedKeys(step.old?.inputs, step.new?.inputs) }];
  });
}

describe("e2e: one version, one owner (root project, real pulumi CLI)", function () {
  this.timeout(300_000);
  const fx = useStack({ seed: imagesSeed });

  /** The policy's outputs as recorded in the state. */
  function policyOutputs(): {
    decisions: Decision[];
    keptIds: number[];
    deletedIds: number[];
    restoredIds: number[];
    leftDeletedIds: number[];
  } {
    const outputs = fx.outputsOf("images");
    assert.ok(outputs !== undefined, "the policy is in the state");
    return outputs as never;
  }

  it("a version declared in `versions` and covered by a policy keeps its declared state; repeated up --refresh writes nothing", async () => {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([policy]) });
    await fx.setVersions([
      { ...images, versionId: 5, name: "pin-5" }, // the rules would delete it (untagged, old)
      { ...images, tag: "v1.4", state: "deleted", name: "drop-v1.4" }, // the rules keep it, and restoreKept would restore it
    ]);
    const first = await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites().sort(), [
      "DELETE /orgs/acme/packages/container/images/versions/2",
      "DELETE /orgs/acme/packages/container/images/versions/6",
    ]);
    assert.equal(fx.isActive("images", 5), true);
    assert.equal(fx.isActive("images", 2), false);
    const reasons = Object.fromEntries(policyOutputs().decisions.map((d) => [d.versionId, d.reason]));
    assert.equal(reasons[5], "kept: managed by pin-5");
    assert.equal(reasons[2], "kept: managed by drop-v1.4");
    assert.equal(policyOutputs().decisions.find((d) => d.versionId === 5)?.managedBy, "pin-5");
    assert.deepEqual((first.outputs["retention"]?.value as Record<string, unknown>)["images"], {
      kept: [1, 3, 4, 7],
      deleted: [6],
      restored: [],
    });
    const children = fx.sandbox
      .stateText()
      .match(/PackageVersion::images-\d+"/g)
      ?.map((m) => m.slice(16, -1))
      .sort();
    assert.deepEqual(children, ["images-1", "images-3", "images-4", "images-6", "images-7", "images-8"], "no child for 2 or 5");

    for (const run of [1, 2]) {
      const events: EngineEvent[] = [];
      const again = await fx.sandbox.stack.up({ refresh: true, onEvent: (event) => events.push(event) });
      assert.deepEqual(fx.takeWrites(), [], `run ${run + 1} writes nothing`);
      assert.deepEqual(
        steps(events)
          .filter((s) => s.op !== "same" && s.op !== "refresh")
          .map((s) => `${s.op} ${s.name}`),
        [],
        `run ${run + 1} changes nothing`,
      );
      assert.equal(fx.isActive("images", 5), true);
      assert.equal(fx.isActive("images", 2), false);
      const decisions = policyOutputs().decisions;
      assert.equal(decisions.find((d) => d.versionId === 5)?.reason, "kept: managed by pin-5");
      assert.equal(decisions.find((d) => d.versionId === 2)?.reason, "left deleted: managed by drop-v1.4");
      assert.deepEqual((again.outputs["retention"]?.value as Record<string, unknown>)["images"], {
        kept: [1, 3, 4, 7],
        deleted: [],
        restored: [],
      });
    }
  });

  it("two policies over one package fail at preview, naming both, with no write", async () => {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", {
      value: JSON.stringify([policy, { ...policy, name: "images-untagged", org: "ACME", keepLatest: 10, keep: [] }]),
    });
    const message = await commandFailure(fx.sandbox.stack.preview());
    assert.match(message, /Retention policies images and images-untagged both manage container package images of org ACME/);
    assert.match(message, /Merge their rules into one policy, or remove one/);
    assert.doesNotMatch(message, /^\s+at /m, "no stack trace");
    // The first policy's listing has started when the second is refused; nothing is written.
    assert.deepEqual(fx.takeWrites(), []);
  });
});

describe("e2e: refresh of a retention policy (root project, real pulumi CLI)", function () {
  this.timeout(300_000);
  const fx = useStack({ seed: imagesSeed });

  it("refresh of unchanged children shows no diff; a version deleted by hand shows as drift", async () => {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([policy]) });
    await fx.sandbox.stack.up(); // deletes 4, 5, 6

    // Right after that run, the three children it wrote still record what the listing saw before the writes.
    const afterWrites: EngineEvent[] = [];
    const first = await fx.sandbox.stack.refresh({ onEvent: (event) => afterWrites.push(event) });
    assert.deepEqual(first.summary.resourceChanges, { same: 7, update: 3 });
    assert.deepEqual(
      steps(afterWrites)
        .filter((s) => s.op === "update")
        .map((s) => [s.name, s.diffs])
        .sort(),
      [
        ["images-4", ["observedState"]],
        ["images-5", ["observedState"]],
        ["images-6", ["observedState"]],
      ],
    );

    // From then on (and after any second up) nothing shows.
    await fx.sandbox.stack.up();
    fx.takeWrites();
    const events: EngineEvent[] = [];
    const quiet = await fx.sandbox.stack.previewRefresh({ onEvent: (event) => events.push(event) });
    assert.equal(quiet.changeSummary["update"], undefined, JSON.stringify(quiet.changeSummary));
    assert.deepEqual(
      steps(events).filter((s) => s.diffs.length > 0),
      [],
      "no child shows a diff",
    );
    assert.doesNotMatch(quiet.stdout, /observedState/);
    const refreshed = await fx.sandbox.stack.refresh();
    assert.deepEqual(refreshed.summary.resourceChanges, { same: 10 });
    assert.deepEqual(fx.takeWrites(), []);

    const response = await fetch(`${fx.emu.url}/orgs/acme/packages/container/images/versions/1`, {
      method: "DELETE",
      headers: { authorization: `token ${ADMIN_TOKEN}` },
    });
    assert.equal(response.status, 204);
    fx.takeWrites();
    const driftEvents: EngineEvent[] = [];
    const drift = await fx.sandbox.stack.previewRefresh({ onEvent: (event) => driftEvents.push(event) });
    assert.equal(drift.changeSummary["update"], 1);
    assert.deepEqual(
      steps(driftEvents)
        .filter((s) => s.diffs.length > 0)
        .map((s) => [s.name, [...s.diffs].sort()]),
      [["images-1", ["observedState", "state"]]],
    );
    assert.deepEqual(fx.takeWrites(), []);
  });

  it("after up --refresh the policy's outputs say what that run did", async () => {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([policy]) });
    await fx.sandbox.stack.up(); // deletes 4, 5, 6
    // By hand: a kept version deleted, a deleted one restored.
    for (const [method, path] of [
      ["DELETE", "/versions/2"],
      ["POST", "/versions/6/restore"],
    ] as const) {
      const response = await fetch(`${fx.emu.url}/orgs/acme/packages/container/images${path}`, {
        method,
        headers: { authorization: `token ${ADMIN_TOKEN}` },
      });
      assert.equal(response.status, 204);
    }
    fx.takeWrites();
    const up = await fx.sandbox.stack.up({ refresh: true });
    assert.deepEqual(fx.takeWrites().sort(), [
      "DELETE /orgs/acme/packages/container/images/versions/6",
      "POST /orgs/acme/packages/container/images/versions/2/restore",
    ]);
    const recorded = fx.outputsOf("images") as { keptIds: number[]; deletedIds: number[]; restoredIds: number[]; decisions: Decision[] };
    assert.deepEqual(recorded.restoredIds, [2]);
    assert.deepEqual(recorded.deletedIds, [6]);
    assert.deepEqual(recorded.keptIds, [1, 3, 7]);
    assert.deepEqual((up.outputs["retention"]?.value as Record<string, unknown>)["images"], {
      kept: [1, 3, 7],
      deleted: [6],
      restored: [2],
    });
    const third = await fx.sandbox.stack.up({ refresh: true });
    assert.deepEqual(fx.takeWrites(), []);
    assert.deepEqual((third.outputs["retention"]?.value as Record<string, unknown>)["images"], {
      kept: [1, 2, 3, 7],
      deleted: [],
      restored: [],
    });
    assert.deepEqual((fx.outputsOf("images") as { restoredIds: number[] }).restoredIds, []);
  });
});
