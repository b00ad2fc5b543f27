/**
 * What an undo restores (`restoreDeletedSince`), from a policy's record alone: the versions its
 * writes deleted in the runs planned at or after the time, and not restored by it since. The
 * record tells them from versions deleted by anyone else: a version deleted by hand is in no run
 * of the record, and one the policy restored and someone deleted again ends with "restored".
 *
 * Each is then checked against the program's listing of the active versions, without a request
 * more: active again (nothing to do), its name used by another active version (GitHub refuses that
 * restore), or deleted more than 30 days ago by the record's own times (GitHub no longer has it).
 * Those are named with their reason, not sent; the rest are restored, one POST each.
 */
import { isRestorable } from "../core/restore-window";
import type { PlannedEntry, RecordedRun } from "./types";

/** A version the policy deleted in a run since the undo's time, still deleted by what the record says. */
export interface UndoCandidate {
  versionId: number;
  name: string;
  tags: string[];
  /** When the deleting run's writes ended (the record's `at`): the version was deleted at or before it. */
  deletedAt: string;
  /** The deleting run: the time its plan was made. */
  run: string;
}

/** A candidate that cannot be restored, and why in words. */
export interface UndoRefusal extends UndoCandidate {
  reason: string;
}

export interface UndoPlan {
  /** The time given (restoreDeletedSince), as given. */
  since: string;
  /** Deleted by this policy since, restorable: one POST each. */
  restores: UndoCandidate[];
  /** Deleted by this policy since and active again (restored by hand or by an earlier undo): kept, no write. */
  activeAgain: UndoCandidate[];
  /** Deleted by this policy since, and GitHub would refuse the restore: named, not sent. */
  unrestorable: UndoRefusal[];
}

/** What the program listed that an undo looks at: the package's versions, active (and deleted, when listed). */
export interface ListedVersion {
  versionId: number;
  name: string;
  state: "present" | "deleted";
  deletedAt?: string | undefined;
}

/**
 * The versions the record says this policy deleted in runs planned at or after `sinceMs` and did
 * not restore afterwards, oldest deletion first. Runs are read in the order their writes ended.
 */
export function deletedSince(runs: readonly RecordedRun[], sinceMs: number): UndoCandidate[] {
  const ordered = [...runs].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || Date.parse(a.run) - Date.parse(b.run));
  const last = new Map<number, UndoCandidate | undefined>();
  for (const run of ordered) {
    const since = Date.parse(run.run) >= sinceMs;
    for (const [versionId, name, tags] of run.deleted as PlannedEntry[]) {
      // Deleted in a run before the time: the policy's last word is still a deletion, not one this undo covers.
      last.delete(versionId);
      last.set(versionId, since ? { versionId, name, tags: [...(tags ?? [])], deletedAt: run.at, run: run.run } : undefined);
    }
    for (const [versionId] of run.restored as PlannedEntry[]) {
      last.delete(versionId);
      last.set(versionId, undefined);
    }
  }
  return [...last.values()].filter((c): c is UndoCandidate => c !== undefined);
}

/**
 * Classifies the candidates against the listing at `now`. `deletedListed`: whether the listing
 * holds the deleted versions too (then a candidate in neither list is gone from GitHub).
 */
export function planUndo(
  runs: readonly RecordedRun[],
  since: string,
  now: Date,
  listed: readonly ListedVersion[],
  deletedListed: boolean,
): UndoPlan {
  const plan: UndoPlan = { since, restores: [], activeAgain: [], unrestorable: [] };
  const byId = new Map(listed.map((v) => [v.versionId, v]));
  const activeByName = new Map<string, number>();
  for (const v of listed) if (v.state === "present" && !activeByName.has(v.name)) activeByName.set(v.name, v.versionId);
  for (const candidate of deletedSince(runs, Date.parse(since))) {
    const seen = byId.get(candidate.versionId);
    if (seen?.state === "present") {
      plan.activeAgain.push(candidate);
      continue;
    }
    // The listing's deletion time when it has one (restoreKept lists deleted versions), else the record's.
    const deletedAt = seen?.deletedAt ?? candidate.deletedAt;
    const known = { ...candidate, deletedAt };
    const reusedBy = activeByName.get(candidate.name);
    if (reusedBy !== undefined) {
      plan.unrestorable.push({
        ...known,
        reason: `its name ${candidate.name} is used by active version ${reusedBy}, published after the deletion: GitHub refuses to restore a version whose name was reused`,
      });
    } else if (!isRestorable(Date.parse(deletedAt), now.getTime())) {
      plan.unrestorable.push({
        ...known,
        reason: `deleted by this policy at ${deletedAt}, more than 30 days before ${now.toISOString()}: GitHub no longer has it`,
      });
    } else if (deletedListed && seen === undefined) {
      plan.unrestorable.push({
        ...known,
        reason: `GitHub no longer lists it, active or deleted: its 30-day restore window has passed, or it was removed with its package`,
      });
    } else {
      plan.restores.push(known);
    }
  }
  return plan;
}
