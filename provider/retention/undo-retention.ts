/**
 * A retention plan with an undo applied (`restoreDeletedSince`): nothing is deleted, whatever the
 * rules say; what the undo restores is restored; what it cannot restore stays deleted, named with
 * its reason. Every row keeps saying why, so the plan table and the plan file show the undo.
 */
import type { PackageRetentionPlan } from "./plan-package-retention";
import type { RetentionDecision } from "./retention-plan-types";
import type { UndoCandidate, UndoPlan } from "../plan-writes/undo-plan";

/** The reason a restored row gives. */
export function undoRestoreReason(candidate: UndoCandidate, since: string): string {
  return `restored: deleted by this policy at ${candidate.deletedAt}, undo since ${since}`;
}

/**
 * The plan with the undo applied, and the undo less the versions another resource of the program
 * manages (a PackageVersion declared for it decides its state, as without an undo).
 */
export function undoRetentionPlan(plan: PackageRetentionPlan, undo: UndoPlan): { plan: PackageRetentionPlan; undo: UndoPlan } {
  const undoRows = new Map<number, RetentionDecision>();
  const row = (c: UndoCandidate, action: RetentionDecision["action"], reason: string): RetentionDecision => ({
    versionId: c.versionId,
    name: c.name,
    tags: [...c.tags],
    action,
    reason,
  });
  for (const c of undo.restores) undoRows.set(c.versionId, row(c, "restore", undoRestoreReason(c, undo.since)));
  for (const c of undo.activeAgain)
    undoRows.set(c.versionId, row(c, "keep", `kept: deleted by this policy at ${c.deletedAt} and active again, undo since ${undo.since}`));
  for (const c of undo.unrestorable)
    undoRows.set(c.versionId, row(c, "leave-deleted", `not restored: ${c.reason} (undo since ${undo.since})`));

  const managed = new Set<number>();
  const decisions: RetentionDecision[] = plan.decisions.map((d) => {
    const own = undoRows.get(d.versionId);
    if (own !== undefined) {
      undoRows.delete(d.versionId);
      if (d.managedBy === undefined) return own;
      managed.add(d.versionId);
    }
    if (d.action !== "delete" && d.pending !== true) return d;
    const { pending: _pending, ...rest } = d;
    return {
      ...rest,
      action: "keep",
      reason: `kept: nothing is deleted while restoreDeletedSince is set (undo since ${undo.since}); the rules say ${d.reason}`,
    };
  });
  // The undo's versions the listing did not show (deleted ones, unless restoreKept listed them).
  decisions.push(...undoRows.values());

  const own = decisions.filter((d) => d.managedBy === undefined);
  const ids = (action: RetentionDecision["action"]) => own.filter((d) => d.action === action).map((d) => d.versionId);
  const unmanaged = <T extends UndoCandidate>(list: readonly T[]): T[] => list.filter((c) => !managed.has(c.versionId));
  return {
    plan: {
      ...plan,
      decisions,
      keptIds: ids("keep"),
      deletedIds: [],
      restoredIds: ids("restore"),
      leftDeletedIds: ids("leave-deleted"),
      pendingIds: [],
    } satisfies PackageRetentionPlan,
    undo: {
      since: undo.since,
      restores: unmanaged(undo.restores),
      activeAgain: unmanaged(undo.activeAgain),
      unrestorable: unmanaged(undo.unrestorable),
    } satisfies UndoPlan,
  };
}
