/**
 * Issue 20, undo: what `restoreDeletedSince` restores, from a policy's record and the program's
 * listing (provider/plan-writes/undo-plan.ts, provider/retention/undo-retention.ts), the argument's checks, and the root
 * project's stack-wide setting.
 */
import { strict as assert } from "node:assert";
import { RetentionRuleError } from "pulumi-github-package-versions";
import {
  checkPolicyArgs,
  childUrn,
  deletedSince,
  type ListedVersion,
  type PackageRetentionPlan,
  planUndo,
  type RecordedRun,
  undoRetentionPlan,
} from "pulumi-github-package-versions/testing";
import { stackUndoSince, withStackUndo, parseRetentionDeclarations } from "../../program/stack-declarations";

const run = (runAt: string, at: string, deleted: number[], restored: number[] = []): RecordedRun => ({
  run: runAt,
  at,
  deleted: deleted.map((id) => [id, `1.0.${id}`, []]),
  restored: restored.map((id) => [id, `1.0.${id}`, []]),
});

const RUNS: RecordedRun[] = [
  run("2026-11-01T02:00:00Z", "2026-11-01T02:00:09Z", [1, 2, 3]),
  run("2026-11-10T02:00:00Z", "2026-11-10T02:00:05Z", [4, 5, 6, 7]),
  // A later run restores 5 and 2 (restoreKept): they are no longer this policy's deletions.
  run("2026-11-12T02:00:00Z", "2026-11-12T02:00:01Z", [8], [5, 2]),
];

const listed = (active: number[], extra: ListedVersion[] = []): ListedVersion[] => [
  ...active.map((id) => ({ versionId: id, name: `1.0.${id}`, state: "present" as const })),
  ...extra,
];

describe("undo: what the record says the policy deleted since a time", () => {
  it("keeps the deletions of the runs planned at or after the time whose last recorded action is a deletion", () => {
    assert.deepEqual(
      deletedSince(RUNS, Date.parse("2026-11-10T02:00:00Z")).map((c) => c.versionId),
      [4, 6, 7, 8],
    );
    assert.deepEqual(
      deletedSince(RUNS, Date.parse("2026-11-10T02:00:00.001Z")).map((c) => c.versionId),
      [8],
      "a run planned before the time is not undone",
    );
    assert.deepEqual(
      deletedSince(RUNS, Date.parse("2026-10-01T00:00:00Z")).map((c) => c.versionId),
      [1, 3, 4, 6, 7, 8],
    );
    const [four] = deletedSince(RUNS, Date.parse("2026-11-10T00:00:00Z"));
    assert.deepEqual(four, { versionId: 4, name: "1.0.4", tags: [], deletedAt: "2026-11-10T02:00:05Z", run: "2026-11-10T02:00:00Z" });
  });

  it("a version deleted before the time and again after it counts once, at its last deletion", () => {
    const runs = [
      run("2026-11-01T00:00:00Z", "2026-11-01T00:00:01Z", [1]),
      run("2026-11-02T00:00:00Z", "2026-11-02T00:00:01Z", [], [1]),
      run("2026-11-03T00:00:00Z", "2026-11-03T00:00:01Z", [1]),
    ];
    assert.deepEqual(
      deletedSince(runs, Date.parse("2026-11-02T00:00:00Z")).map((c) => [c.versionId, c.deletedAt]),
      [[1, "2026-11-03T00:00:01Z"]],
    );
    assert.deepEqual(deletedSince(runs, Date.parse("2026-11-04T00:00:00Z")), []);
  });

  it("classifies: active again, name reused, past 30 days, gone from a listing of deleted versions, restorable", () => {
    const now = new Date("2026-12-05T00:00:00Z");
    const runs = [
      run("2026-11-01T00:00:00Z", "2026-11-01T00:00:01Z", [1]), // 34 days before now: past the window
      run("2026-11-20T00:00:00Z", "2026-11-20T00:00:01Z", [2, 3, 4, 5]),
    ];
    const active = [...listed([3, 90]), { versionId: 91, name: "1.0.4", state: "present" as const }];
    const plan = planUndo(runs, "2026-10-01T00:00:00Z", now, active, false);
    assert.deepEqual(
      plan.restores.map((c) => c.versionId),
      [2, 5],
    );
    assert.deepEqual(
      plan.activeAgain.map((c) => c.versionId),
      [3],
    );
    assert.deepEqual(
      plan.unrestorable.map((c) => [c.versionId, c.reason]),
      [
        [1, "deleted by this policy at 2026-11-01T00:00:01Z, more than 30 days before 2026-12-05T00:00:00.000Z: GitHub no longer has it"],
        [
          4,
          "its name 1.0.4 is used by active version 91, published after the deletion: GitHub refuses to restore a version whose name was reused",
        ],
      ],
    );
    // With the deleted versions listed (restoreKept), one in neither list is gone, and a listed deletion time is used.
    const withDeleted = planUndo(
      runs,
      "2026-11-15T00:00:00Z",
      now,
      [...active, { versionId: 2, name: "1.0.2", state: "deleted", deletedAt: "2026-11-20T00:00:00Z" }],
      true,
    );
    assert.deepEqual(
      withDeleted.restores.map((c) => [c.versionId, c.deletedAt]),
      [[2, "2026-11-20T00:00:00Z"]],
    );
    assert.deepEqual(
      withDeleted.unrestorable.map((c) => c.versionId),
      [4, 5],
    );
    assert.match(withDeleted.unrestorable[1]!.reason, /GitHub no longer lists it, active or deleted/);
  });

  it("applied to a retention plan: nothing deleted, the restores and the refusals with their reasons, another owner's version left alone", () => {
    const base: PackageRetentionPlan = {
      now: "2026-12-05T00:00:00.000Z",
      versions: [],
      unlisted: 0,
      decisions: [
        { versionId: 10, name: "1.0.10", tags: [], action: "keep", reason: "kept: among the newest 1" },
        { versionId: 9, name: "1.0.9", tags: [], action: "delete", reason: "deleted: beyond the newest 1" },
        { versionId: 8, name: "1.0.8", tags: [], action: "keep", reason: "pending: deletionsPerRun", pending: true },
        { versionId: 3, name: "1.0.3", tags: [], action: "keep", reason: "kept: managed by pinned", managedBy: "pinned" },
      ],
      keptIds: [10],
      deletedIds: [9],
      restoredIds: [],
      leftDeletedIds: [],
      pendingIds: [8],
      learnedManifests: [],
      token: { token: { kind: "classic", basis: "a ghp_ token" }, access: "classic token", budget: undefined },
    };
    const runs = [run("2026-11-20T00:00:00Z", "2026-11-20T00:00:01Z", [2, 3, 4])];
    const undo = planUndo(
      runs,
      "2026-11-20T00:00:00Z",
      new Date(base.now),
      listed(
        [10, 9, 8],
        [
          { versionId: 3, name: "1.0.3", state: "present" },
          { versionId: 99, name: "1.0.4", state: "present" },
        ],
      ),
      false,
    );
    const { plan, undo: applied } = undoRetentionPlan(base, undo);
    assert.deepEqual(plan.deletedIds, []);
    assert.deepEqual(plan.pendingIds, []);
    assert.deepEqual(plan.keptIds, [10, 9, 8]);
    assert.deepEqual(plan.restoredIds, [2]);
    assert.deepEqual(plan.leftDeletedIds, [4]);
    assert.equal(
      plan.decisions.find((d) => d.versionId === 2)?.reason,
      "restored: deleted by this policy at 2026-11-20T00:00:01Z, undo since 2026-11-20T00:00:00Z",
    );
    assert.match(
      plan.decisions.find((d) => d.versionId === 9)!.reason,
      /^kept: nothing is deleted while restoreDeletedSince is set \(undo since 2026-11-20T00:00:00Z\); the rules say deleted: beyond the newest 1$/,
    );
    assert.equal(plan.decisions.find((d) => d.versionId === 8)?.pending, undefined);
    assert.equal(
      plan.decisions.find((d) => d.versionId === 3)?.managedBy,
      "pinned",
      "a version another resource declares keeps its decision",
    );
    assert.deepEqual(applied.activeAgain, [], "and is not counted as the undo's");
    assert.equal(plan.decisions.filter((d) => d.versionId === 3).length, 1);
  });

  it("the URN of a policy's PackagePlanWrites, from the policy's URN", () => {
    assert.equal(
      childUrn(
        "urn:pulumi:prod::package-versions::github-package-versions:index:PackageRetentionPolicy::lots",
        "pulumi-nodejs:dynamic/github-package-versions:PackagePlanWrites",
        "lots-writes",
      ),
      "urn:pulumi:prod::package-versions::github-package-versions:index:PackageRetentionPolicy$pulumi-nodejs:dynamic/github-package-versions:PackagePlanWrites::lots-writes",
    );
  });
});

describe("undo: the restoreDeletedSince argument", () => {
  const policy = { org: "acme", packageType: "npm" as const, packageName: "lots", keepLatest: 10, now: "2026-12-05T00:00:00Z" };
  const refusal = (args: Record<string, unknown>): string => {
    try {
      checkPolicyArgs({ ...policy, ...args } as never);
    } catch (error) {
      assert.ok(error instanceof RetentionRuleError);
      assert.equal(error.field, "restoreDeletedSince");
      return error.message;
    }
    return assert.fail("accepted");
  };

  it("is an ISO time not after the run's, on a policy with perVersionChildren: false", () => {
    assert.equal(
      checkPolicyArgs({
        ...policy,
        perVersionChildren: false,
        restoreDeletedSince: "2026-12-01T02:00:00+01:00",
      }).restoreDeletedSince?.toISOString(),
      "2026-12-01T01:00:00.000Z",
    );
    assert.equal(checkPolicyArgs({ ...policy, perVersionChildren: false }).restoreDeletedSince, undefined);
    assert.match(
      refusal({ perVersionChildren: false, restoreDeletedSince: "yesterday" }),
      /must be an ISO date-time with its zone, such as 2026-09-30T02:00:00Z or 2026-09-30, got "yesterday"/,
    );
    assert.match(
      refusal({ perVersionChildren: false, restoreDeletedSince: "2026-12-01T02:00:00" }),
      /must be an ISO date-time with its zone/,
    );
    assert.match(
      refusal({ perVersionChildren: false, restoreDeletedSince: "2027-12-01T00:00:00Z" }),
      /is after the run's time \(2026-12-05T00:00:00.000Z\): nothing was deleted since/,
    );
    assert.match(
      refusal({ perVersionChildren: true, restoreDeletedSince: "2026-12-01T00:00:00Z" }),
      /needs perVersionChildren: false: only that form keeps a record [^]*set restoreKept: true/,
    );
  });

  it("is accepted on a policy that leaves perVersionChildren unset: the compact form is the default", () => {
    const checked = checkPolicyArgs({ ...policy, restoreDeletedSince: "2026-12-01T00:00:00Z" });
    assert.equal(checked.perVersionChildren, false);
    assert.equal(checked.restoreDeletedSince?.toISOString(), "2026-12-01T00:00:00.000Z");
    assert.match(
      refusal({ perVersionChildren: true, restoreDeletedSince: "2026-12-01T00:00:00Z" }),
      /Remove perVersionChildren: true \(false is the default\) and the runs from then on are recorded/,
    );
  });

  it("the root project: the stack's setting or the one-run environment variable, on every policy; per-version children refused by name", () => {
    assert.equal(stackUndoSince(undefined, undefined), undefined);
    assert.equal(stackUndoSince(undefined, ""), undefined, "an empty workflow input is no undo");
    assert.equal(stackUndoSince("2026-12-01T00:00:00Z", undefined), "2026-12-01T00:00:00Z");
    assert.equal(stackUndoSince("2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z"), "2026-12-01T00:00:00Z");
    assert.throws(
      () => stackUndoSince("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z"),
      /it is 2026-12-01T00:00:00Z and PACKAGE_VERSIONS_RESTORE_DELETED_SINCE is 2026-12-02T00:00:00Z; unset one/,
    );

    const declarations = parseRetentionDeclarations([
      { name: "a", org: "acme", packageType: "npm", packageName: "a", keepLatest: 5, perVersionChildren: false },
      {
        name: "dev",
        org: "acme",
        packageType: "npm",
        packageName: "dev-*",
        keepLatest: 5,
        perVersionChildren: false,
        restoreDeletedSince: "2026-01-01T00:00:00Z",
      },
    ]);
    const undone = withStackUndo(declarations, "2026-12-01T00:00:00Z", "stack configuration package-versions:restoreDeletedSince");
    assert.deepEqual(
      undone.map((d) => d.args.restoreDeletedSince),
      ["2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z"],
      "the stack's time on every policy, over its own",
    );
    assert.deepEqual(withStackUndo(declarations, undefined, "x"), declarations);

    const mixed = parseRetentionDeclarations([
      ...declarations.map((d) => ({ name: d.resourceName, ...d.args })),
      { name: "b", org: "acme", packageType: "npm", packageName: "b", keepLatest: 5, perVersionChildren: true },
    ]);
    assert.throws(
      () => withStackUndo(mixed, "2026-12-01T00:00:00Z", "PACKAGE_VERSIONS_RESTORE_DELETED_SINCE"),
      /^ConfigurationError: Invalid PACKAGE_VERSIONS_RESTORE_DELETED_SINCE "2026-12-01T00:00:00Z", which applies to every retention policy of the stack:\n {2}needs perVersionChildren: false: [^\n]* \(policies: b\)$/,
    );
    assert.throws(() => withStackUndo(declarations, "last night", "x"), /must be an ISO date-time with its zone[^\n]*\(policies: a, dev\)/);
  });
});
