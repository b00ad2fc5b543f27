import { referrerTagOf, shortDigest, shortReferrerTag } from "../images/digest-names";
import { referrerTagRelation, relationWord } from "../images/image-graph";
import type { ImageGraph, ImageMember } from "../images/image-graph-types";
import { isRestorable } from "../core/restore-window";
import { applyDeletionsPerRun, ownDeletions, type DeletionGroup } from "./deletions-per-run";
import { formatAge } from "./duration";
import { applyImageSafetyRules } from "./image-safety";
import { unitIndex, type Membership, type PlannedUnit, type UnitIndex } from "./image-units";
import { firstMatch, matchingPattern } from "../core/keep-patterns";
import {
  ageVerdict,
  checkedDate,
  deleteTagOrUntagVerdict,
  draft,
  keptUntagVerdict,
  untagCandidate,
  finishPlan,
  managedElsewhereDraft,
  rankedVerdict,
  rankingsOf,
  restoreRefusal,
  standaloneDraft,
  type Rankings,
  type Verdict,
} from "./plan-drafts";
import type { BrokenImagePlan, ManagedElsewhere, RetentionCandidate, RetentionPlan } from "./retention-plan-types";
import type { ResolvedRetentionRules } from "./retention-rules";
import type { DraftDecision } from "./safety";
import { deleteTagMatch, selectionOf } from "./selection";

const UNTAGGED_DELETE = 'untagged: "delete"';

/** A deleted version GitHub can still restore, with how long ago it was deleted. */
interface Restorable {
  readonly version: RetentionCandidate;
  readonly deletedAgo: string;
}

/** A draft with a reason written out whole ("kept with image …", "deleted with image …"). */
function stated(version: RetentionCandidate, active: boolean, action: DraftDecision["action"], reason: string): DraftDecision {
  return { versionId: version.versionId, name: version.name, tags: [...(version.tags ?? [])], active, action, reason };
}

/**
 * Whether a member is an image in its own right (a part): it carries a tag of its own (not a
 * `sha256-<hex>…` signature or attestation tag), or keep or a digest entry of deleteTags names its digest.
 */
function isPartOf(rules: ResolvedRetentionRules): (member: ImageMember) => boolean {
  return (member) =>
    member.tags.some((t) => referrerTagOf(t) === undefined) ||
    matchingPattern(rules.keep, member.digest) !== undefined ||
    deleteTagMatch([], member.digest, rules.deleteTags) !== undefined;
}

/** A kept unit that spans a part (so needs it), or undefined. */
function keptAround(planned: PlannedUnit, index: UnitIndex): Membership | undefined {
  return planned.part ? index.membershipsOf.get(planned.unit.versionId)?.find((m) => m.planned.keep) : undefined;
}

/** `platform linux/amd64 of kept image multiarch (sha256:…)`. */
const partOfKept = (around: Membership): string => `${around.member.description} of kept ${around.planned.name}`;

/**
 * Why a unit stays whatever the rules say, or undefined: its manifest or a member's could not
 * be read (fail closed: what it references is unknown), or a member is managed by another
 * resource or matches `keep` (a member is never deleted alone, and never taken from an image
 * that keeps it). A member that is a part is an image of its own: `keep` on it keeps it, not the
 * unit around it.
 */
function unitHold(
  planned: PlannedUnit,
  rules: ResolvedRetentionRules,
  index: UnitIndex,
  unreadable: ReadonlySet<number>,
  managedElsewhere: ReadonlyMap<number, ManagedElsewhere>,
): string | undefined {
  if (unreadable.has(planned.unit.versionId)) return "its manifest could not be read from the registry";
  for (const member of planned.members) {
    const which = `its member ${shortDigest(member.digest)} (${member.description})`;
    if (unreadable.has(member.versionId)) return `the manifest of ${which} could not be read from the registry`;
    const owner = managedElsewhere.get(member.versionId);
    if (owner !== undefined) return `${which} is managed by ${owner.resourceName}, so the image stays whole`;
    if (index.rootOf.get(member.versionId)?.part === true) continue;
    const kept = firstMatch(rules.keep, [member.digest, ...member.tags]);
    if (kept !== undefined)
      return `${which} ${kept.value === member.digest ? "matches" : `has tag ${kept.value} matching`} keep pattern ${kept.pattern.source}`;
  }
  return undefined;
}

/**
 * Why brokenImages deletes an image, or undefined: "delete-ghost" and none of the platform images
 * its index lists is active, or "delete-partial" and some manifest it (or a nested index) lists is
 * no active version. With restoreKept, a missing digest this plan may restore does not count.
 */
function brokenDeletion(planned: PlannedUnit, rules: ResolvedRetentionRules, restorable: ReadonlySet<string>): string | undefined {
  if (rules.brokenImages === "keep" || planned.part || planned.orphan !== undefined) return undefined;
  const missing = planned.unit.missing.filter((m) => !restorable.has(m.digest));
  if (missing.length === 0) return undefined;
  const platforms = planned.unit.children.filter((c) => c.relation === "platform" || c.relation === "index").length;
  const rule = `brokenImages: ${JSON.stringify(rules.brokenImages)}`;
  const listed = planned.unit.children.length + planned.unit.missing.filter((m) => m.parentDigest === planned.unit.digest).length;
  const names =
    missing
      .slice(0, 3)
      .map((m) => shortDigest(m.digest))
      .join(", ") + (missing.length > 3 ? ", …" : "");
  if (platforms === 0)
    return `ghost image: no platform image its index lists is an active version (${missing.length} missing: ${names}) (${rule})`;
  if (rules.brokenImages === "delete-partial")
    return `partial image: ${missing.length} of the manifests its index lists (${listed}) ${missing.length === 1 ? "is" : "are"} no active version (${names}) (${rule})`;
  return undefined;
}

/** The rules' verdict on a unit's root (an image, or an orphan), selected or not. */
function unitVerdict(
  planned: PlannedUnit,
  root: RetentionCandidate,
  rules: ResolvedRetentionRules,
  rankings: Rankings,
  index: UnitIndex,
  restorable: ReadonlySet<string>,
  nowMs: number,
): Verdict {
  const tags = root.tags ?? [];
  const orphan = planned.orphan;
  const referrer = orphan?.kind === "referrer";
  const orphanWhat =
    orphan === undefined
      ? undefined
      : referrer
        ? `orphan ${relationWord(orphan.relation ?? "referrer")} of ${shortDigest(orphan.target ?? "")}`
        : "orphan, no image references it";
  const keptByPattern = firstMatch(rules.keep, [root.name, ...tags]);
  const doomedByDigest = deleteTagMatch(tags, root.name, rules.deleteTags)?.byDigest === true;
  // A broken image goes on request whatever its rank, its tags or the untagged rule: only keep (and what holds it whole) wins.
  const broken = keptByPattern === undefined ? brokenDeletion(planned, rules, restorable) : undefined;
  if (broken !== undefined) return { keep: false, why: broken };
  if (keptByPattern === undefined && !doomedByDigest && (tags.length === 0 || referrer) && rules.untagged === "keep") {
    return { keep: true, why: `${orphanWhat ?? "untagged image"} (untagged is "keep")` };
  }
  return selectedUnitVerdict(planned, root, rules, rankings, index, nowMs, orphanWhat);
}

/** unitVerdict once neither a broken image's deletion nor untagged "keep" decided: selection, deleteTags, parts and ranks. */
function selectedUnitVerdict(
  planned: PlannedUnit,
  root: RetentionCandidate,
  rules: ResolvedRetentionRules,
  rankings: Rankings,
  index: UnitIndex,
  nowMs: number,
  orphanWhat: string | undefined,
): Verdict {
  const tags = root.tags ?? [];
  const selection = selectionOf(root, rules);
  const createdMs = Date.parse(root.createdAt);
  if (!selection.selected)
    return (
      (selection.byKeep === true ? keptUntagVerdict(tags, selection.reason, createdMs, nowMs, rules) : undefined) ?? {
        keep: true,
        why: selection.reason,
      }
    );
  if (planned.orphan?.kind === "referrer") {
    // Orphaned referrers are never ranked: only their age, if any, keeps them.
    const what = `${orphanWhat!}, which is not an active version`;
    const age = ageVerdict(createdMs, nowMs, rules, { beyond: undefined, whenNoAge: "", beyondWhenKept: false });
    return { keep: age.keep, why: rules.deleteOlderThan === undefined ? `${what} (${UNTAGGED_DELETE})` : `${what}, ${age.why}` };
  }
  const around = keptAround(planned, index);
  if (selection.deleteTag !== undefined) {
    const verdict = deleteTagOrUntagVerdict(selection.deleteTag, tags, rankings.tagged, createdMs, nowMs, rules);
    if (verdict.keep || around === undefined) return verdict;
    // A part a kept image needs stays, but loses the tags deleteTags names, even its last ones (as ghcr-cleanup-manager does).
    const untag = selection.deleteTag.byDigest ? undefined : untagCandidate(tags, rules, true);
    return {
      keep: true,
      why: `${verdict.why}, but it is ${partOfKept(around)}, which needs it`,
      ...(untag !== undefined ? { untag: untag.tags } : {}),
    };
  }
  // A part of an image already kept stays with it and takes no place in keepLatest.
  if (around !== undefined) return { keep: true, why: `${partOfKept(around)} (a part of a kept image takes no place in keepLatest)` };
  if (tags.length === 0) {
    const ranked = rankedVerdict(rankings.untagged, createdMs, nowMs, rules);
    if (orphanWhat === undefined) return ranked;
    return {
      keep: ranked.keep,
      why: ranked.why === rankings.untagged.whenNone ? `${orphanWhat} (${UNTAGGED_DELETE})` : `${orphanWhat}, ${ranked.why}`,
    };
  }
  return rankedVerdict(rankings.tagged, createdMs, nowMs, rules);
}

/** The plan for a deleted version that is neither an image's missing child nor a tagged referrer: as planRetention decides it without a graph. */
function deletedVersionDraft(
  restorable: Restorable,
  rules: ResolvedRetentionRules,
  rankings: Rankings,
  activeNames: ReadonlySet<string>,
  nowMs: number,
): DraftDecision {
  return standaloneDraft(restorable.version, restorable.deletedAgo, rules, rankings, activeNames, nowMs);
}

/** Every member follows its units: kept when one of them stays, deleted only with all of them. */
function memberDraft(version: RetentionCandidate, index: UnitIndex): DraftDecision | undefined {
  const memberships = index.membershipsOf.get(version.versionId) ?? [];
  const first = memberships[0];
  if (first === undefined) return undefined;
  const kept = memberships.filter((m) => m.planned.keep);
  const keptIn = kept[0];
  if (keptIn !== undefined) {
    if (keptIn.planned.part) return stated(version, true, "keep", `kept with ${keptIn.planned.name}: ${keptIn.member.description}`);
    if (kept.length < memberships.length) return stated(version, true, "keep", `kept: shared with ${keptIn.planned.name}, which is kept`);
    const managed = keptIn.planned.managedBy !== undefined ? ` (managed by ${keptIn.planned.managedBy})` : "";
    return stated(version, true, "keep", `kept with ${keptIn.planned.name}${managed}: ${keptIn.member.description}`);
  }
  return stated(
    version,
    true,
    "delete",
    `deleted with ${memberships.map((m) => m.planned.name).join(" and ")}: ${first.member.description}`,
  );
}

/** A deleted version an image's index lists, or a deleted `sha256-<hex>…`-tagged referrer: it follows the image. */
function deletedMemberDraft(
  restorable: Restorable,
  rules: ResolvedRetentionRules,
  index: UnitIndex,
  activeNames: ReadonlySet<string>,
): DraftDecision | undefined {
  const { version, deletedAgo } = restorable;
  const ago = `deleted ${deletedAgo} ago`;
  const listing = index.listingMissing.get(version.name) ?? [];
  if (listing.length > 0) {
    // An image whose root another resource manages is kept only for its members' sake: the policy restores nothing for it.
    const kept = listing.find((u) => u.keep && u.managedBy === undefined);
    const managed = listing.find((u) => u.managedBy !== undefined);
    if (kept === undefined && managed !== undefined) {
      return stated(version, false, "leave-deleted", `left deleted: child of ${managed.name}, which ${managed.managedBy!} manages, ${ago}`);
    }
    if (kept === undefined)
      return stated(
        version,
        false,
        "leave-deleted",
        `left deleted: child of ${listing.map((u) => u.name).join(" and ")}, which is deleted, ${ago}`,
      );
    return rules.restoreKept
      ? stated(version, false, "restore", `restored: child of kept ${kept.name}, ${ago}`)
      : stated(
          version,
          false,
          "leave-deleted",
          `left deleted: child of kept ${kept.name}, which is broken without it (restoreKept is off), ${ago}`,
        );
  }
  const tag = (version.tags ?? []).map(referrerTagOf).find((t) => t !== undefined);
  if (tag === undefined) return undefined;
  const word = relationWord(referrerTagRelation(tag));
  const spanning = index.spanningDigest.get(tag.target) ?? [];
  const what = `${word} (${shortReferrerTag(tag)})`;
  if (spanning.length === 0)
    return stated(
      version,
      false,
      "leave-deleted",
      `left deleted: orphan ${word} of ${shortDigest(tag.target)}, which is not an active version, ${ago}`,
    );
  const kept = spanning.find((u) => u.keep && u.managedBy === undefined);
  const managed = spanning.find((u) => u.managedBy !== undefined);
  if (kept === undefined && managed !== undefined)
    return stated(version, false, "leave-deleted", `left deleted: ${what} of ${managed.name}, which ${managed.managedBy!} manages, ${ago}`);
  if (kept === undefined)
    return stated(version, false, "leave-deleted", `left deleted: ${what} of ${spanning[0]!.name}, which is deleted, ${ago}`);
  return (
    restoreRefusal(version, deletedAgo, rules, activeNames) ??
    stated(version, false, "restore", `restored: ${what} of kept ${kept.name}, ${ago}`)
  );
}

/** The images that stay although their index lists digests that are no active version after the plan. */
function brokenImagesAfter(graph: ImageGraph, drafts: ReadonlyMap<number, DraftDecision>): BrokenImagePlan[] {
  const restored = new Set([...drafts.values()].filter((d) => d.action === "restore").map((d) => d.name));
  const result: BrokenImagePlan[] = [];
  for (const broken of graph.broken) {
    if (drafts.get(broken.versionId)?.action !== "keep") continue;
    const missing = broken.missing.filter((m) => !restored.has(m.digest));
    if (missing.length === 0) continue;
    const restorableIds = missing.flatMap((m) =>
      m.deletedVersionId !== undefined && drafts.has(m.deletedVersionId) ? [m.deletedVersionId] : [],
    );
    result.push({
      versionId: broken.versionId,
      name: broken.digest,
      tags: [...broken.tags],
      missingDigests: [...new Set(missing.map((m) => m.digest))],
      restorableIds: [...new Set(restorableIds)],
    } satisfies BrokenImagePlan);
  }
  return result;
}

/**
 * The plan's deletions in groups deleted together, oldest first, for deletionsPerRun: an image
 * (or orphan) with its members; images sharing a deleted member (it goes only with both) are one
 * group. A group is as old as its oldest root (the image's own version, whose created_at the
 * rules read); `position` ranks versions newest first.
 */
function imageDeletionGroups(decided: readonly DraftDecision[], index: UnitIndex, position: ReadonlyMap<number, number>): DeletionGroup[] {
  const deletions = ownDeletions(decided);
  const parent = new Map<number, number>(deletions.map((d) => [d.versionId, d.versionId]));
  const find = (id: number): number => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const union = (a: number, b: number): void => {
    if (parent.has(a) && parent.has(b)) parent.set(find(a), find(b));
  };
  for (const { versionId } of deletions) {
    for (const { planned } of index.membershipsOf.get(versionId) ?? []) union(versionId, planned.unit.versionId);
  }
  const groups = new Map<number, { ids: number[]; roots: number[] }>();
  for (const { versionId } of deletions) {
    const key = find(versionId);
    const group = groups.get(key) ?? { ids: [], roots: [] };
    group.ids.push(versionId);
    if (index.rootOf.has(versionId)) group.roots.push(versionId);
    groups.set(key, group);
  }
  const rank = (ids: readonly number[]): number => Math.max(...ids.map((id) => position.get(id) ?? -1));
  const byName = new Map(decided.map((d) => [d.versionId, d.name]));
  return [...groups.values()]
    .map((g) => ({ g, age: rank(g.roots.length > 0 ? g.roots : g.ids) }))
    .sort((a, b) => b.age - a.age)
    .map(({ g }) => {
      const first = g.roots[0];
      const unit = first !== undefined ? index.rootOf.get(first) : undefined;
      const id = g.ids[0]!;
      return { versionIds: g.ids, name: unit?.name ?? `version ${byName.get(id) ?? "?"} (id ${id})` } satisfies DeletionGroup;
    });
}

/**
 * planRetention for a container or docker package with its image graph: the rules apply to
 * images, and every other version follows the image it belongs to.
 *
 * - Images are ranked newest first: keepLatest counts tagged images, keepLatestUntagged untagged
 *   ones (untagged: "delete"; without it, untagged images are deleted when older than
 *   deleteOlderThan, or always). keep, deleteTags, prerelease and deleteOlderThan read the
 *   image's own tags, name (digest) and created_at.
 * - Orphans are never ranked by keepLatest: an untagged manifest no image references counts as an
 *   untagged image (keepLatestUntagged); a referrer whose subject is gone only by its age. Both
 *   are kept while untagged is "keep".
 * - Members (children, referrers, nested) follow their image: kept with it, deleted with it; a
 *   member of two images stays until both go. An image stays whole when its manifest or a
 *   member's could not be read, when a member is managed by another resource, or when a member
 *   matches `keep`; those images take no place in keepLatest. When any manifest is unreadable,
 *   no untagged image and no orphan is deleted: the unread one may be an index listing them.
 * - Deleted versions: a child an index lists follows that image (restored with a kept image when
 *   restoreKept is true, otherwise left deleted and the image reported broken); a deleted
 *   `sha256-<hex>…` referrer follows the image of its target; any other as without a graph.
 * - Safety (see applyImageSafetyRules) keeps whole images; maxDeletions counts members too, and
 *   so does deletionsPerRun, which never splits an image: see imageDeletionGroups.
 */
export function planImageRetention(
  ordered: readonly RetentionCandidate[],
  rules: ResolvedRetentionRules,
  nowMs: number,
  graph: ImageGraph,
  managedElsewhere: ReadonlyMap<number, ManagedElsewhere>,
  subject: string | undefined,
): RetentionPlan {
  const plan = imagePlanState(ordered, rules, nowMs, graph, managedElsewhere);
  // Pass 1: every unit's root and every deleted version the rules decide alone.
  for (const version of ordered) {
    if (version.state === "deleted") draftDeletedVersion(plan, version);
    else draftActiveVersion(plan, version);
  }
  // Pass 2: members follow their units; safety may keep more, and members follow again.
  propagate(plan);
  if (applyImageSafetyRules(draftsInOrder(plan), plan.index, rules.packageType)) propagate(plan);
  // Pass 3: deleted members follow the units as now decided.
  for (const restorable of plan.deferred) {
    const decided = deletedMemberDraft(restorable, rules, plan.index, plan.activeNames);
    plan.drafts.set(
      restorable.version.versionId,
      decided ?? deletedVersionDraft(restorable, rules, plan.rankings, plan.activeNames, nowMs),
    );
  }
  // Pass 4: deletionsPerRun by whole images, then the summary.
  const decided = draftsInOrder(plan);
  applyDeletionsPerRun(decided, rules, subject, imageDeletionGroups(decided, plan.index, plan.position));
  return finishPlan(decided, rules, subject, brokenImagesAfter(graph, plan.drafts));
}

/** What planImageRetention's passes read and the drafts they write. */
interface ImagePlanState {
  readonly ordered: readonly RetentionCandidate[];
  readonly rules: ResolvedRetentionRules;
  readonly nowMs: number;
  readonly managedElsewhere: ReadonlyMap<number, ManagedElsewhere>;
  /** Versions newest first: their rank. */
  readonly position: ReadonlyMap<number, number>;
  readonly index: UnitIndex;
  readonly unreadable: ReadonlySet<number>;
  readonly firstUnreadable: ImageGraph["unreadable"][number] | undefined;
  readonly activeNames: ReadonlySet<string>;
  readonly rankings: Rankings;
  /** With restoreKept, the digests this plan may restore: an image missing only those is not deleted as broken. */
  readonly restorable: ReadonlySet<string>;
  readonly drafts: Map<number, DraftDecision>;
  /** Deleted versions that follow an image: decided in the last pass. */
  readonly deferred: Restorable[];
}

function imagePlanState(
  ordered: readonly RetentionCandidate[],
  rules: ResolvedRetentionRules,
  nowMs: number,
  graph: ImageGraph,
  managedElsewhere: ReadonlyMap<number, ManagedElsewhere>,
): ImagePlanState {
  const position = new Map(ordered.map((v, i) => [v.versionId, i]));
  const byId = new Map(ordered.map((v) => [v.versionId, v]));
  const index = unitIndex(graph, (a, b) => (position.get(a) ?? Infinity) - (position.get(b) ?? Infinity), byId, isPartOf(rules));
  const activeNames = new Set(ordered.filter((v) => v.state === "present").map((v) => v.name));
  const restorable = new Set(
    rules.restoreKept
      ? ordered
          .filter(
            (v) =>
              v.state === "deleted" &&
              !managedElsewhere.has(v.versionId) &&
              !activeNames.has(v.name) &&
              isRestorable(checkedDate(v.deletedAt, "deletedAt", v), nowMs),
          )
          .map((v) => v.name)
      : [],
  );
  return {
    ordered,
    rules,
    nowMs,
    managedElsewhere,
    position,
    index,
    unreadable: new Set(graph.unreadable.map((u) => u.versionId)),
    firstUnreadable: graph.unreadable[0],
    activeNames,
    // As without a graph: tagged and untagged images are ranked together by keepLatest, unless
    // keepLatestUntagged counts the untagged ones apart. (A referrer orphan is never ranked.)
    rankings: rankingsOf(rules, "images", `untagged image (${UNTAGGED_DELETE})`),
    restorable,
    drafts: new Map<number, DraftDecision>(),
    deferred: [],
  } satisfies ImagePlanState;
}

function draftsInOrder(plan: ImagePlanState): DraftDecision[] {
  return plan.ordered.flatMap((v) => plan.drafts.get(v.versionId) ?? []);
}

/** Pass 1, a deleted version: managed elsewhere, deferred when it follows an image, or decided as without a graph. */
function draftDeletedVersion(plan: ImagePlanState, version: RetentionCandidate): void {
  const deletedMs = checkedDate(version.deletedAt, "deletedAt", version);
  if (!isRestorable(deletedMs, plan.nowMs)) return;
  const restorable = { version, deletedAgo: formatAge(plan.nowMs - deletedMs) } satisfies Restorable;
  const owner = plan.managedElsewhere.get(version.versionId);
  if (owner !== undefined) plan.drafts.set(version.versionId, managedElsewhereDraft(version, owner, restorable.deletedAgo));
  else if (plan.index.listingMissing.has(version.name) || (version.tags ?? []).some((t) => referrerTagOf(t) !== undefined))
    plan.deferred.push(restorable);
  else plan.drafts.set(version.versionId, deletedVersionDraft(restorable, plan.rules, plan.rankings, plan.activeNames, plan.nowMs));
}

/** Pass 1, an active version: a unit's root is decided by the rules (or held); members wait for pass 2. */
function draftActiveVersion(plan: ImagePlanState, version: RetentionCandidate): void {
  const { index, rules, drafts } = plan;
  const owner = plan.managedElsewhere.get(version.versionId);
  const planned = index.rootOf.get(version.versionId);
  if (planned === undefined) {
    if (owner !== undefined) drafts.set(version.versionId, managedElsewhereDraft(version, owner, undefined));
    else if (!index.membershipsOf.has(version.versionId)) {
      // Not in the graph (it was built from another listing): kept, as nothing is known about it.
      drafts.set(version.versionId, draft(version, true, "not in the image graph of this listing", undefined));
    }
    return;
  }
  if (owner !== undefined) {
    planned.keep = true;
    planned.managedBy = owner.resourceName;
    drafts.set(version.versionId, managedElsewhereDraft(version, owner, undefined));
    return;
  }
  const hold = unitHold(planned, rules, index, plan.unreadable, plan.managedElsewhere);
  let verdict: Verdict =
    hold !== undefined
      ? { keep: true, why: hold }
      : unitVerdict(planned, version, rules, plan.rankings, index, plan.restorable, plan.nowMs);
  if (!verdict.keep && plan.firstUnreadable !== undefined && (planned.orphan !== undefined || planned.unit.tags.length === 0)) {
    verdict = {
      keep: true,
      why: `the manifest of ${shortDigest(plan.firstUnreadable.digest)} could not be read from the registry, and it may list this version`,
    };
  }
  planned.keep = verdict.keep;
  drafts.set(version.versionId, draft(version, verdict.keep, verdict.why, undefined, verdict.untag));
}

/** Pass 2: a part the rules delete stays while a kept unit spans it (decided after it, or kept for safety): deleting it would break that image. */
function keepPartsOfKeptUnits(plan: ImagePlanState): void {
  const { index, rules } = plan;
  for (let changed = true; changed;) {
    changed = false;
    for (const planned of index.units) {
      const around = planned.keep ? undefined : keptAround(planned, index);
      if (around === undefined) continue;
      planned.keep = true;
      changed = true;
      const decided = plan.drafts.get(planned.unit.versionId);
      if (decided !== undefined && decided.managedBy === undefined) {
        const doomed = deleteTagMatch(decided.tags, decided.name, rules.deleteTags);
        const untag =
          decided.action === "delete" && doomed !== undefined && !doomed.byDigest ? untagCandidate(decided.tags, rules, true) : undefined;
        if (untag !== undefined) decided.untag = untag.tags;
        decided.action = "keep";
        const kept = untag !== undefined ? `kept, untag ${untag.tags.join(", ")}` : "kept";
        decided.reason = `${kept}: ${decided.reason.replace(/^deleted: /, "")}, but it is ${partOfKept(around)}, which needs it`;
      }
    }
  }
}

/** Pass 2: kept parts first, then every active member follows its units. */
function propagate(plan: ImagePlanState): void {
  keepPartsOfKeptUnits(plan);
  for (const version of plan.ordered) {
    if (version.state !== "present" || plan.index.rootOf.has(version.versionId)) continue;
    if (plan.managedElsewhere.has(version.versionId)) continue; // drafted in pass 1, as another resource manages it
    if (plan.unreadable.has(version.versionId)) {
      plan.drafts.set(version.versionId, draft(version, true, "its manifest could not be read from the registry", undefined));
      continue;
    }
    const member = memberDraft(version, plan.index);
    if (member !== undefined) plan.drafts.set(version.versionId, member);
  }
}
