import { MaxDeletionsExceededError, RetentionRuleError } from "./retention-errors";
import type { ResolvedRetentionRules } from "./retention-rules";
import type { DraftDecision } from "./safety";

/** The reason a deletion that waits gives: "pending: deleted by a later run (deletionsPerRun 2000): beyond the newest 10 selected versions". */
export function pendingReason(deletionsPerRun: number, reason: string): string {
  return `pending: deleted by a later run (deletionsPerRun ${deletionsPerRun}): ${reason.replace(/^deleted:? /, "")}`;
}

/** The policy's own deletions among the drafts, in the drafts' order (newest first). */
export function ownDeletions(drafts: readonly DraftDecision[]): DraftDecision[] {
  return drafts.filter((d) => d.action === "delete" && d.managedBy === undefined);
}

/** A plan deleting more active versions than `maxDeletions` is refused: the whole plan, before deletionsPerRun cuts it. */
export function refuseOverMaxDeletions(drafts: readonly DraftDecision[], rules: ResolvedRetentionRules, subject: string | undefined): void {
  if (rules.maxDeletions === undefined) return;
  const deletedIds = ownDeletions(drafts).map((d) => d.versionId);
  if (deletedIds.length > rules.maxDeletions)
    throw new MaxDeletionsExceededError(deletedIds.length, rules.maxDeletions, deletedIds, subject);
}

/** Versions deleted together (one, or an image with all its parts), and how a refusal names them. */
export interface DeletionGroup {
  readonly versionIds: readonly number[];
  /** "image v1 (sha256:0123456789ab…)"; only read when the group alone is more than deletionsPerRun. */
  readonly name: string;
}

/**
 * deletionsPerRun: after `maxDeletions` has checked the whole plan, this run deletes at most
 * `deletionsPerRun` versions, taking `groups` (the plan's deletions, oldest first) whole while
 * they fit; from the first group that does not fit on, every deletion waits ("pending", action
 * "keep" this run). Waiting deletions only keep more, so the safety rules still hold. When the
 * oldest group alone is more than deletionsPerRun (an image with more parts), nothing could ever
 * be deleted: that is refused, naming deletionsPerRun.
 */
export function applyDeletionsPerRun(
  drafts: readonly DraftDecision[],
  rules: ResolvedRetentionRules,
  subject: string | undefined,
  groups: readonly DeletionGroup[],
): void {
  refuseOverMaxDeletions(drafts, rules, subject);
  const limit = rules.deletionsPerRun;
  if (limit === undefined) return;
  const byId = new Map(drafts.map((d) => [d.versionId, d]));
  let taken = 0;
  let waiting = false;
  for (const group of groups) {
    if (!waiting && taken + group.versionIds.length <= limit) {
      taken += group.versionIds.length;
      continue;
    }
    if (taken === 0) {
      throw new RetentionRuleError(
        "deletionsPerRun",
        `is ${limit}, but ${group.name} of ${subject ?? "the package"} is ${group.versionIds.length} versions deleted together (an image is never split), so no run could delete it; raise deletionsPerRun to at least ${group.versionIds.length}`,
      );
    }
    waiting = true;
    for (const id of group.versionIds) {
      const draft = byId.get(id);
      if (draft === undefined || draft.action !== "delete") continue;
      draft.action = "keep";
      draft.pending = true;
      draft.reason = pendingReason(limit, draft.reason);
    }
  }
}

/** The groups of a plan whose versions stand alone: each deletion on its own, oldest first. */
export function standaloneGroups(drafts: readonly DraftDecision[]): DeletionGroup[] {
  return ownDeletions(drafts)
    .reverse()
    .map((d) => ({ versionIds: [d.versionId], name: `version ${d.name} (id ${d.versionId})` }));
}
