import { ProgramError } from "../core/program-error";
import { formatAge } from "./duration";
import { refuseOverMaxDeletions } from "./deletions-per-run";
import { RetentionRuleError } from "./retention-errors";
import type { BrokenImagePlan, ManagedElsewhere, RetentionCandidate, RetentionDecision, RetentionPlan } from "./retention-plan-types";
import type { ResolvedRetentionRules } from "./retention-rules";
import type { DraftDecision } from "./safety";
import { selectionOf, type DeleteTagMatch } from "./selection";
import { matchingPattern } from "../core/keep-patterns";
import { referrerTagOf } from "../images/digest-names";

/** What the rules say about one version (or image): keep it or not, and why (without "kept: "/"deleted: "). */
export interface Verdict {
  readonly keep: boolean;
  readonly why: string;
  /** With keep: tags to remove (deleteTags matched them, the rules keep the version for its other tags). */
  readonly untag?: readonly string[];
}

export function checkedDate(value: string | undefined, field: string, version: RetentionCandidate): number {
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
export function ageVerdict(
  createdMs: number,
  nowMs: number,
  rules: ResolvedRetentionRules,
  reason: { beyond: string | undefined; whenNoAge: string; beyondWhenKept: boolean },
): Verdict {
  const { deleteOlderThan } = rules;
  const { beyond } = reason;
  if (deleteOlderThan === undefined) return { keep: false, why: beyond ?? reason.whenNoAge };
  const age = nowMs - createdMs;
  if (age > deleteOlderThan.ms) {
    return {
      keep: false,
      why: `${beyond !== undefined ? `${beyond} and ` : ""}older than ${deleteOlderThan.text} (created ${formatAge(age)} ago)`,
    };
  }
  const but = reason.beyondWhenKept && beyond !== undefined ? `${beyond}, but ` : "";
  return { keep: true, why: `${but}not older than ${deleteOlderThan.text} (created ${formatAge(age)} ago)` };
}

/**
 * One ranking of selected versions (or images): all of them, or, with keepLatestUntagged, the
 * tagged and the untagged ones apart. `what` names what it counts ("selected versions");
 * `whenNone` is the reason when there is neither a count nor an age rule (default "<countName> is 0").
 */
export interface Ranking {
  readonly count: number | undefined;
  readonly countName: string;
  readonly what: string;
  readonly whenNone?: string;
  next: number;
}

/** The rankings of a plan: one for all selected versions (or images), or, with keepLatestUntagged, the tagged and the untagged ones apart. */
export interface Rankings {
  readonly tagged: Ranking;
  /** The same ranking as `tagged` unless keepLatestUntagged is set. */
  readonly untagged: Ranking;
}

/**
 * Fresh rankings counting `noun` ("selected versions", "images"): together by keepLatest, unless
 * keepLatestUntagged counts the untagged ones apart (then with `untaggedWhenNone` as their reason
 * when neither a count nor an age rule applies).
 */
export function rankingsOf(rules: ResolvedRetentionRules, noun: string, untaggedWhenNone?: string): Rankings {
  const split = rules.keepLatestUntagged !== undefined;
  const tagged: Ranking = { count: rules.keepLatest, countName: "keepLatest", what: split ? `tagged ${noun}` : noun, next: 0 };
  if (!split) return { tagged, untagged: tagged };
  const untagged: Ranking = {
    count: rules.keepLatestUntagged,
    countName: "keepLatestUntagged",
    what: `untagged ${noun}`,
    ...(untaggedWhenNone !== undefined ? { whenNone: untaggedWhenNone } : {}),
    next: 0,
  };
  return { tagged, untagged };
}

/** A verdict for a ranked (selected) version: kept by its count or by age, or deleted. */
export function rankedVerdict(ranking: Ranking, createdMs: number, nowMs: number, rules: ResolvedRetentionRules): Verdict {
  const { count, countName, what } = ranking;
  const rank = ranking.next++;
  if (count !== undefined && rank < count) {
    return { keep: true, why: `among the newest ${count} ${what} (#${rank + 1})` };
  }
  const beyond = count !== undefined && count > 0 ? `beyond the newest ${count} ${what}` : undefined;
  return ageVerdict(createdMs, nowMs, rules, { beyond, whenNoAge: ranking.whenNone ?? `${countName} is 0`, beyondWhenKept: false });
}

/**
 * Untagging: a version whose own tags (not `sha256-<hex>…` referrer tags) deleteTags matches in
 * part. Returns the matched tags keep does not also match, when at least one own tag is left
 * outside them (the version's last tags are never removed: it is deleted instead), else undefined.
 */
export function untagCandidate(
  tags: readonly string[],
  rules: ResolvedRetentionRules,
  evenTheLast = false,
): { tags: string[]; pattern: string } | undefined {
  const own = tags.filter((t) => referrerTagOf(t) === undefined);
  const doomed = own.flatMap((t) => {
    const pattern = matchingPattern(rules.deleteTags, t);
    return pattern !== undefined && matchingPattern(rules.keep, t) === undefined ? [{ tag: t, pattern }] : [];
  });
  if (doomed.length === 0 || (doomed.length === own.length && !evenTheLast)) return undefined;
  return { tags: doomed.map((d) => d.tag), pattern: doomed[0]!.pattern.source };
}

/**
 * The verdict on a version deleteTags selects, with untagging: when the deleteTags verdict would
 * delete it and it has other own tags, the rules judge it by those (its rank among the tagged
 * ones, its age); kept, it loses only the matched tags; otherwise it is deleted.
 */
export function deleteTagOrUntagVerdict(
  match: DeleteTagMatch,
  tags: readonly string[],
  ranking: Ranking,
  createdMs: number,
  nowMs: number,
  rules: ResolvedRetentionRules,
): Verdict {
  const verdict = deleteTagVerdict(match, createdMs, nowMs, rules);
  const untag = match.byDigest ? undefined : untagCandidate(tags, rules);
  if (verdict.keep || untag === undefined) return verdict;
  const others = rankedVerdict(ranking, createdMs, nowMs, rules);
  if (!others.keep) return { keep: false, why: `${verdict.why}, and its other tags are not kept (${others.why})` };
  return { keep: true, why: `${verdict.why}; the version stays for its other tags (${others.why})`, untag: untag.tags };
}

/**
 * Untagging a version keep holds: the tags deleteTags matches and keep does not are removed when
 * deleteTags would delete them by age; undefined when there are none.
 */
export function keptUntagVerdict(
  tags: readonly string[],
  reason: string,
  createdMs: number,
  nowMs: number,
  rules: ResolvedRetentionRules,
): Verdict | undefined {
  const untag = untagCandidate(tags, rules);
  if (untag === undefined) return undefined;
  const due = deleteTagVerdict(
    { tag: untag.tags[0]!, pattern: matchingPattern(rules.deleteTags, untag.tags[0]!)!, byDigest: false },
    createdMs,
    nowMs,
    rules,
  );
  if (due.keep) return undefined;
  return {
    keep: true,
    why: `${due.why}; the version stays: ${reason.replace(/ \(keep wins over deleteTags pattern [^)]*\)$/, "")}`,
    untag: untag.tags,
  };
}

/** A selected version with a tag (or its digest) matching deleteTags: deleted whatever its rank, when old enough if deleteOlderThan is set. */
export function deleteTagVerdict(match: DeleteTagMatch, createdMs: number, nowMs: number, rules: ResolvedRetentionRules): Verdict {
  const beyond = `${match.byDigest ? "its digest" : `tag ${match.tag}`} matches deleteTags pattern ${match.pattern.source}`;
  return ageVerdict(createdMs, nowMs, rules, { beyond, whenNoAge: beyond, beyondWhenKept: true });
}

export function draft(
  version: RetentionCandidate,
  keep: boolean,
  why: string,
  deletedAgo: string | undefined,
  untag?: readonly string[],
): DraftDecision {
  const base = { versionId: version.versionId, name: version.name, tags: [...(version.tags ?? [])] };
  if (deletedAgo === undefined) {
    if (keep && untag !== undefined && untag.length > 0)
      return { ...base, active: true, action: "keep", reason: `kept, untag ${untag.join(", ")}: ${why}`, untag: [...untag] };
    return { ...base, active: true, action: keep ? "keep" : "delete", reason: `${keep ? "kept" : "deleted"}: ${why}` };
  }
  return keep
    ? { ...base, active: false, action: "restore", reason: `restored: kept by the rules (${why}), deleted ${deletedAgo} ago` }
    : { ...base, active: false, action: "leave-deleted", reason: `left deleted: ${why}, deleted ${deletedAgo} ago` };
}

/**
 * Why a deleted version the rules would keep is left deleted all the same: restoreKept is off, or
 * an active version has its name (GitHub cannot restore it then); undefined when it may be restored.
 */
export function restoreRefusal(
  version: RetentionCandidate,
  deletedAgo: string,
  rules: ResolvedRetentionRules,
  activeNames: ReadonlySet<string>,
): DraftDecision | undefined {
  if (!rules.restoreKept) return draft(version, false, "restoreKept is off", deletedAgo);
  if (activeNames.has(version.name))
    return draft(version, false, "an active version has the same name, so GitHub cannot restore it", deletedAgo);
  return undefined;
}

/**
 * The plan of a version that stands alone (every version without an image graph; a deleted one
 * that belongs to no image with it): a deleted one only when it may be restored (restoreRefusal);
 * then selection, deleteTags, and its rank among the tagged or the untagged `rankings`.
 */
export function standaloneDraft(
  version: RetentionCandidate,
  deletedAgo: string | undefined,
  rules: ResolvedRetentionRules,
  rankings: Rankings,
  activeNames: ReadonlySet<string>,
  nowMs: number,
): DraftDecision {
  const refusal = deletedAgo !== undefined ? restoreRefusal(version, deletedAgo, rules, activeNames) : undefined;
  if (refusal !== undefined) return refusal;
  const selection = selectionOf(version, rules);
  const createdMs = Date.parse(version.createdAt);
  const tags = version.tags ?? [];
  if (!selection.selected) {
    const untag =
      deletedAgo === undefined && selection.byKeep === true ? keptUntagVerdict(tags, selection.reason, createdMs, nowMs, rules) : undefined;
    return untag !== undefined
      ? draft(version, true, untag.why, undefined, untag.untag)
      : draft(version, true, selection.reason, deletedAgo);
  }
  const verdict =
    selection.deleteTag !== undefined
      ? deletedAgo === undefined
        ? deleteTagOrUntagVerdict(selection.deleteTag, tags, rankings.tagged, createdMs, nowMs, rules)
        : deleteTagVerdict(selection.deleteTag, createdMs, nowMs, rules)
      : rankedVerdict(tags.length === 0 ? rankings.untagged : rankings.tagged, createdMs, nowMs, rules);
  return draft(version, verdict.keep, verdict.why, deletedAgo, verdict.untag);
}

/** A version another resource manages: the policy leaves it as it is and takes no decision of its own. */
export function managedElsewhereDraft(version: RetentionCandidate, owner: ManagedElsewhere, deletedAgo: string | undefined): DraftDecision {
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
 * A plan holds one decision per version: two would declare two resources for one version (the
 * program fails on a duplicate URN, after other writes went through). planRetention refuses a
 * version given twice; this guards every planner.
 */
function assertOneDecisionPerVersion(drafts: readonly DraftDecision[], subject: string | undefined): void {
  const seen = new Set<number>();
  for (const { versionId } of drafts) {
    if (seen.has(versionId)) {
      throw new ProgramError(
        `The retention plan for ${subject ?? "the package"} holds two decisions for version id ${versionId}; it was refused before declaring any version. This is a bug in the planner: please report it.`,
      );
    }
    seen.add(versionId);
  }
}

/**
 * The plan from its drafts (newest first): the id lists hold the policy's own decisions (a
 * version another resource manages is only in `decisions`; a deletion that waits for a later run
 * is in `pendingIds`, not `keptIds`); a plan deleting more than `maxDeletions` active versions
 * throws MaxDeletionsExceededError.
 */
export function finishPlan(
  drafts: readonly DraftDecision[],
  rules: ResolvedRetentionRules,
  subject: string | undefined,
  brokenImages?: BrokenImagePlan[],
): RetentionPlan {
  assertOneDecisionPerVersion(drafts, subject);
  const own = drafts.filter((d) => d.managedBy === undefined);
  const idsOf = (action: RetentionDecision["action"]) =>
    own.filter((d) => d.action === action && d.pending !== true).map((d) => d.versionId);
  // The planners apply maxDeletions to the whole plan before deletionsPerRun cuts it (applyDeletionsPerRun); this guards any other.
  refuseOverMaxDeletions(drafts, rules, subject);
  return {
    decisions: drafts.map((d) => ({
      versionId: d.versionId,
      name: d.name,
      tags: [...d.tags],
      action: d.action,
      reason: d.reason,
      ...(d.managedBy !== undefined ? { managedBy: d.managedBy } : {}),
      ...(d.pending === true ? { pending: true as const } : {}),
      ...(d.untag !== undefined && d.untag.length > 0 && d.action === "keep" && d.pending !== true ? { untag: [...d.untag] } : {}),
    })),
    keptIds: idsOf("keep"),
    deletedIds: idsOf("delete"),
    restoredIds: idsOf("restore"),
    leftDeletedIds: idsOf("leave-deleted"),
    pendingIds: own.filter((d) => d.pending === true).map((d) => d.versionId),
    ...(brokenImages !== undefined ? { brokenImages } : {}),
  } satisfies RetentionPlan;
}
