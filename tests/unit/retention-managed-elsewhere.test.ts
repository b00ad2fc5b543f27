import assert from "node:assert/strict";
import { MaxDeletionsExceededError } from "pulumi-github-package-versions";
import { planRetention, type RetentionCandidate, type RetentionPlanRules } from "pulumi-github-package-versions/testing";
import { NOW_DATE, active, assertKeptAndDeleted, decisionOf, deleted, image, plan } from "../support/retention-fixtures";

/** npm 1.0.0 .. 1.5.0, newest 1.5.0 (id 105), one every 10 days. */
const series = (): RetentionCandidate[] => Array.from({ length: 6 }, (_, i) => active(100 + i, `1.${i}.0`, (5 - i) * 10));

describe("planRetention: versions another resource manages", () => {
  it("an active version declared elsewhere is kept with the owner named, whatever the rules say", () => {
    const result = plan(
      series(),
      { packageType: "npm", keepLatest: 1, deleteOlderThan: "1d" },
      { owners: [[100, { resourceName: "pinned-1.0.0", declaredState: "present" }]] },
    );
    assert.deepEqual(decisionOf(result, 100), {
      versionId: 100,
      name: "1.0.0",
      tags: [],
      action: "keep",
      reason: "kept: managed by pinned-1.0.0",
      managedBy: "pinned-1.0.0",
    });
    assert.deepEqual(result.keptIds, [105], "the id lists hold the policy's own versions only");
    assert.deepEqual(result.deletedIds, [104, 103, 102, 101]);
  });

  it("takes no place in keepLatest, even when it is among the newest", () => {
    const result = plan(
      series(),
      { packageType: "npm", keepLatest: 2 },
      { owners: [[105, { resourceName: "latest", declaredState: "present" }]] },
    );
    assert.equal(decisionOf(result, 105).reason, "kept: managed by latest");
    assert.equal(decisionOf(result, 104).reason, "kept: among the newest 2 selected versions (#1)");
    assert.equal(decisionOf(result, 103).reason, "kept: among the newest 2 selected versions (#2)");
    assert.deepEqual(result.deletedIds, [102, 101, 100]);
  });

  it("is left alone when declared deleted elsewhere: never deleted or restored by the policy, and not counted by maxDeletions", () => {
    const versions = [...series(), deleted(99, "0.9.0", 80, 3)];
    const result = plan(
      versions,
      { packageType: "npm", keepLatest: 10, restoreKept: true, maxDeletions: 0 },
      {
        owners: [
          [104, { resourceName: "drop-1.4.0", declaredState: "deleted" }],
          [99, { resourceName: "gone-0.9.0", declaredState: "deleted" }],
        ],
      },
    );
    assert.equal(decisionOf(result, 104).action, "keep");
    assert.equal(decisionOf(result, 104).reason, "kept: managed by drop-1.4.0");
    assert.deepEqual(decisionOf(result, 99), {
      versionId: 99,
      name: "0.9.0",
      tags: [],
      action: "leave-deleted",
      reason: "left deleted: managed by gone-0.9.0",
      managedBy: "gone-0.9.0",
    });
    assert.deepEqual(result.restoredIds, [], "restoreKept does not touch a version another resource manages");
    assertKeptAndDeleted(result, { kept: [105, 103, 102, 101, 100], deleted: [] });
    assert.deepEqual(result.leftDeletedIds, []);
  });

  it("a version declared present elsewhere counts for the safety rules; one declared deleted does not", () => {
    const rules: RetentionPlanRules = { packageType: "npm", keepLatest: 0 };
    const pinned = plan(series(), rules, { owners: [[100, { resourceName: "pinned", declaredState: "present" }]] });
    assert.deepEqual(pinned.deletedIds, [105, 104, 103, 102, 101], "1.0.0 stays, so the package keeps a version");
    const dropped = plan(series(), rules, { owners: [[100, { resourceName: "dropped", declaredState: "deleted" }]] });
    assert.deepEqual(dropped.keptIds, [105]);
    assert.match(
      decisionOf(dropped, 105).reason,
      /^kept: the newest version, because deleting the last version of an npm package deletes the package/,
    );
    const unknown = plan(series(), rules, { owners: [[100, { resourceName: "unknown" }]] });
    assert.deepEqual(unknown.keptIds, [105], "a state not known is not relied upon");
  });

  it("container: the last tagged version rule relies only on a tagged version declared present elsewhere", () => {
    const images = [image(1, 10, ["latest"]), image(2, 50, ["v1"]), image(3, 60, [])];
    const rules: RetentionPlanRules = { packageType: "container", keepLatest: 0, deleteOlderThan: "1d", untagged: "delete" };
    const pinnedUntagged = plan(images, rules, { owners: [[3, { resourceName: "untagged-pin", declaredState: "present" }]] });
    assert.deepEqual(pinnedUntagged.keptIds, [1], "an untagged version does not satisfy the last tagged version rule");
    assert.match(decisionOf(pinnedUntagged, 1).reason, /newest tagged version/);
    const pinnedTagged = plan(images, rules, { owners: [[2, { resourceName: "v1-pin", declaredState: "present" }]] });
    assertKeptAndDeleted(pinnedTagged, { kept: [], deleted: [1, 3] });
  });

  it("without versions managed elsewhere the plan is what it always was", () => {
    const rules: RetentionPlanRules = { packageType: "npm", keepLatest: 2, deleteOlderThan: "15d" };
    assert.deepEqual(plan(series(), rules, { owners: [] }), planRetention(series(), rules, NOW_DATE, "the test package"));
  });

  it("maxDeletions counts only the policy's own deletions", () => {
    const rules: RetentionPlanRules = { packageType: "npm", keepLatest: 1, maxDeletions: 3 };
    assert.throws(() => plan(series(), rules, { owners: [] }), MaxDeletionsExceededError);
    const result = plan(series(), rules, {
      owners: [
        [101, { resourceName: "a", declaredState: "deleted" }],
        [102, { resourceName: "b", declaredState: "present" }],
      ],
    });
    assert.deepEqual(result.deletedIds, [104, 103, 100]);
  });
});
