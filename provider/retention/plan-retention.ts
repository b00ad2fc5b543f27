import type { ImageGraph } from "../images/image-graph-types";
import type { PackageType } from "../core/package-types";
import { isRestorable } from "../core/restore-window";
import { applyDeletionsPerRun, standaloneGroups } from "./deletions-per-run";
import { formatAge } from "./duration";
import { checkedDate, finishPlan, managedElsewhereDraft, rankingsOf, standaloneDraft } from "./plan-drafts";
import { planImageRetention } from "./plan-image-retention";
import { RetentionRuleError } from "./retention-errors";
import type { ManagedElsewhere, RetentionCandidate, RetentionPlan } from "./retention-plan-types";
import { resolveRetentionRules, type RetentionRules } from "./retention-rules";
import { applySafetyRules, type DraftDecision } from "./safety";
import { newestFirst } from "../core/version-order";

/** The rules and the package type they apply to. */
export interface RetentionPlanRules extends RetentionRules {
  packageType: PackageType;
}

/**
 * The decision for every version, a pure function of (versions, rules, now, the versions other
 * resources manage).
 *
 * - Managed versions: the active ones, and those GitHub can still restore at `now` (deleted at
 *   most 30 days before it, see isRestorable); older deletions are gone and are left out.
 * - Selected versions, the ones the rules may delete: not matching `keep` (the last matching
 *   entry decides, so `!pattern` takes back what came before), not untagged while `untagged` is
 *   "keep" (container/docker), not left out by `prerelease`. Other versions are kept.
 * - deleteTags: a selected version with a tag matching it is not ranked; it is deleted when older
 *   than `deleteOlderThan`, or always when that is unset. `keep` and the filters win over it.
 * - Ranking: the other selected versions newest first (created_at, then id), tagged and untagged
 *   alike, or, with `keepLatestUntagged`, tagged and untagged apart. Deleted versions are ranked
 *   only when `restoreKept` is true (and can be restored: no active version has their name);
 *   otherwise they are left deleted and take no place in keepLatest.
 * - The first `keepLatest` (`keepLatestUntagged` for untagged ones) ranked versions are kept;
 *   beyond them a version is deleted when it is older than `deleteOlderThan` (strictly), or
 *   always when `deleteOlderThan` is unset.
 * - A deleted version the rules keep is restored when `restoreKept` is true.
 * - A version in `managedElsewhere` (declared by another resource of the program) is left alone:
 *   "kept: managed by <name>" when active, "left deleted: managed by <name>" when deleted. It
 *   is not selected, so it takes no place in keepLatest, like a version kept by `keep`.
 * - Safety: see applySafetyRules. Then a plan deleting more than `maxDeletions` active versions
 *   throws MaxDeletionsExceededError; then, with `deletionsPerRun`, only the oldest that many
 *   deletions are made this run and the others wait ("pending: ...", see applyDeletionsPerRun).
 * - Container and docker packages given their image graph are planned image by image instead
 *   (see planImageRetention); without a graph, or for other package types, digest by digest as above.
 */
export function planRetention(
  versions: readonly RetentionCandidate[],
  rules: RetentionPlanRules,
  now: Date,
  subject?: string,
  managedElsewhere: ReadonlyMap<number, ManagedElsewhere> = new Map(),
  imageGraph?: ImageGraph,
): RetentionPlan {
  const { packageType, ...rest } = rules;
  const resolved = resolveRetentionRules(packageType, rest);
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) throw new RetentionRuleError("now", "must be a valid date");
  const seen = new Set<number>();
  for (const version of versions) {
    checkedDate(version.createdAt, "createdAt", version);
    // One version, one decision: a version listed both active and deleted would be planned twice.
    if (seen.has(version.versionId))
      throw new RetentionRuleError(`versions[id ${version.versionId}]`, "is given twice; a plan takes each version once, in one state");
    seen.add(version.versionId);
  }
  const ordered = [...versions].sort(newestFirst);
  if (imageGraph !== undefined && resolved.tagged)
    return planImageRetention(ordered, resolved, nowMs, imageGraph, managedElsewhere, subject);
  const activeNames = new Set(ordered.filter((v) => v.state === "present").map((v) => v.name));

  const drafts: DraftDecision[] = [];
  const rankings = rankingsOf(resolved, "selected versions");
  for (const version of ordered) {
    let deletedAgo: string | undefined;
    if (version.state === "deleted") {
      const deletedMs = checkedDate(version.deletedAt, "deletedAt", version);
      if (!isRestorable(deletedMs, nowMs)) continue;
      deletedAgo = formatAge(nowMs - deletedMs);
    }
    const owner = managedElsewhere.get(version.versionId);
    if (owner !== undefined) {
      drafts.push(managedElsewhereDraft(version, owner, deletedAgo));
      continue;
    }
    drafts.push(standaloneDraft(version, deletedAgo, resolved, rankings, activeNames, nowMs));
  }

  applySafetyRules(drafts, packageType, resolved.tagged);
  applyDeletionsPerRun(drafts, resolved, subject, standaloneGroups(drafts));

  return finishPlan(drafts, resolved, subject);
}
