import type { PackageType } from "../package-types";
import { isRestorable } from "../restore-window";
import { formatAge } from "./duration";
import { MaxDeletionsExceededError, RetentionRuleError } from "./retention-errors";
import type { ManagedElsewhere, RetentionCandidate, RetentionDecision, RetentionPlan } from "./retention-plan-types";
import { resolveRetentionRules, type ResolvedRetentionRules, type RetentionRules } from "./retention-rules";
import { applySafetyRules, type DraftDecision } from "./safety";
import { selectionOf } from "./selection";
import { newestFirst } from "./version-order";

/** The rules and the package type they apply to. */
export interface RetentionPlanRules extends RetentionRules {
  packageType: PackageType;
}

function checkedDate(value: string | undefined, field: string, version: RetentionCandidate): number {
  const ms = value === undefined ? NaN : Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new RetentionRuleError(`versions[id ${version.versionId}].${field}`, `must be an ISO date-time, got ${JSON.stringify(value)}`);
  }
  return ms;
}

/**
 * The verdict of the age rule for a version that nothing else keeps. `beyond` says what it was
 * beyond (its count, a deleteTags match); `whenNoAge` is the reason when there is no age rule
 * and nothing is beyond; `beyondWhenKept` repeats `beyond` in a "kept" reason too.
 */
function ageVerdict(
  createdMs: number,
  nowMs: number,
  rules: ResolvedRetentionRules,
  reason: { beyond: string | undefined; whenNoAge: string; beyondWhenKept: boolean },
): { keep: boolean; why: string } {
  const { deleteOlderThan } = rules;
  const { beyond } = reason;
  if (deleteOlderThan === undefined) return { keep: false, why: beyond ?? reason.whenNoAge };
  const age = nowMs - createdMs;
  if (age > deleteOlderThan.ms) {
    return { keep: false, why: `${beyond !== undefined ? `${beyond} and ` : ""}older than ${deleteOlderThan.text} (created ${formatAge(age)} ago)` };
  }
  const but = reason.beyondWhenKept && beyond !== undefined ? `${beyond}, but ` : "";
  return { keep: true, why: `${but}not older than ${deleteOlderThan.text} (created ${formatAge(age)} ago)` };
}

/**
 * One ranking of selected versions: all of them, or, with keepLatestUntagged, the tagged and the
 * untagged ones apart. `what` names the versions it counts ("selected versions").
 */
interface Ranking {
  readonly count: number | undefined;
  readonly countName: string;
  readonly what: string;
  next: number;
}

/** A verdict for a ranked (selected) version: kept by its count or by age, or deleted. */
function rankedVerdict(ranking: Ranking, createdMs: number, nowMs: number, rules: ResolvedRetentionRules): { keep: boolean; why: string } {
  const { count, countName, what } = ranking;
  const rank = ranking.next++;
  if (count !== undefined && rank < count) {
    return { keep: true, why: `among the newest ${count} ${what} (#${rank + 1})` };
  }
  const beyond = count !== undefined && count > 0 ? `beyond the newest ${count} ${what}` : undefined;
  return ageVerdict(createdMs, nowMs, rules, { beyond, whenNoAge: `${countName} is 0`, beyondWhenKept: false });
}

/** A selected version with a tag matching deleteTags: deleted whatever its rank, when old enough if deleteOlderThan is set. */
function deleteTagVerdict(tag: string, pattern: string, createdMs: number, nowMs: number, rules: ResolvedRetentionRules): { keep: boolean; why: string } {
  const beyond = `tag ${tag} matches deleteTags pattern ${pattern}`;
  return ageVerdict(createdMs, nowMs, rules, { beyond, whenNoAge: beyond, beyondWhenKept: true });
}

function draft(version: RetentionCandidate, keep: boolean, why: string, deletedAgo: string | undefined): DraftDecision {
  const base = { versionId: version.versionId, name: version.name, tags: [...(version.tags ?? [])] };
  if (deletedAgo === undefined) {
    return { ...base, active: true, action: keep ? "keep" : "delete", reason: `${keep ? "kept" : "deleted"}: ${why}` };
  }
  return keep
    ? { ...base, active: false, action: "restore", reason: `restored: kept by the rules (${why}), deleted ${deletedAgo} ago` }
    : { ...base, active: false, action: "leave-deleted", reason: `left deleted: ${why}, deleted ${deletedAgo} ago` };
}

/** A version another resource manages: the policy leaves it as it is and takes no decision of its own. */
function managedElsewhereDraft(version: RetentionCandidate, owner: ManagedElsewhere, deletedAgo: string | undefined): DraftDecision {
  const active = deletedAgo === undefined;
  return {
    versionId: version.versionId,
    name: version.name,
    tags: [...(version.tags ?? [])],
    active,
    action: active ? "keep" : "leave-deleted",
    reason: `${active ? "kept" : "left deleted"}: managed by ${owner.resourceName}`,
    managedBy: owner.resourceName,
    staysActive: active && owner.declaredState === "present",
  };
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
 *   throws MaxDeletionsExceededError.
 */
export function planRetention(
  versions: readonly RetentionCandidate[],
  rules: RetentionPlanRules,
  now: Date,
  subject?: string,
  managedElsewhere: ReadonlyMap<number, ManagedElsewhere> = new Map(),
): RetentionPlan {
  const { packageType, ...rest } = rules;
  const resolved = resolveRetentionRules(packageType, rest);
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) throw new RetentionRuleError("now", "must be a valid date");
  for (const version of versions) checkedDate(version.createdAt, "createdAt", version);
  const ordered = [...versions].sort(newestFirst);
  const activeNames = new Set(ordered.filter((v) => v.state === "present").map((v) => v.name));

  const drafts: DraftDecision[] = [];
  const split = resolved.keepLatestUntagged !== undefined;
  const rankings = {
    all: { count: resolved.keepLatest, countName: "keepLatest", what: split ? "tagged selected versions" : "selected versions", next: 0 } satisfies Ranking,
    untagged: { count: resolved.keepLatestUntagged, countName: "keepLatestUntagged", what: "untagged selected versions", next: 0 } satisfies Ranking,
  };
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
    if (deletedAgo !== undefined) {
      if (!resolved.restoreKept) {
        drafts.push(draft(version, false, "restoreKept is off", deletedAgo));
        continue;
      }
      if (activeNames.has(version.name)) {
        drafts.push(draft(version, false, "an active version has the same name, so GitHub cannot restore it", deletedAgo));
        continue;
      }
    }
    const selection = selectionOf(version, resolved);
    if (!selection.selected) {
      drafts.push(draft(version, true, selection.reason, deletedAgo));
      continue;
    }
    const createdMs = Date.parse(version.createdAt);
    const untagged = (version.tags ?? []).length === 0;
    const verdict =
      selection.deleteTag !== undefined
        ? deleteTagVerdict(selection.deleteTag.tag, selection.deleteTag.pattern.source, createdMs, nowMs, resolved)
        : rankedVerdict(split && untagged ? rankings.untagged : rankings.all, createdMs, nowMs, resolved);
    drafts.push(draft(version, verdict.keep, verdict.why, deletedAgo));
  }

  applySafetyRules(drafts, packageType, resolved.tagged);

  // The id lists are the policy's own decisions: a version another resource manages is only in `decisions`.
  const idsOf = (action: RetentionDecision["action"]) => drafts.filter((d) => d.action === action && d.managedBy === undefined).map((d) => d.versionId);
  const deletedIds = idsOf("delete");
  if (resolved.maxDeletions !== undefined && deletedIds.length > resolved.maxDeletions) {
    throw new MaxDeletionsExceededError(deletedIds.length, resolved.maxDeletions, deletedIds, subject);
  }
  return {
    decisions: drafts.map((d) => ({
      versionId: d.versionId,
      name: d.name,
      tags: [...d.tags],
      action: d.action,
      reason: d.reason,
      ...(d.managedBy !== undefined ? { managedBy: d.managedBy } : {}),
    })),
    keptIds: idsOf("keep"),
    deletedIds,
    restoredIds: idsOf("restore"),
    leftDeletedIds: idsOf("leave-deleted"),
  } satisfies RetentionPlan;
}
