import { imageLabel, referrerTagOf, shortDigest } from "../images/digest-names";
import type { ContainerImage, ImageGraph, ImageMember, ImageUnit, OrphanUnit } from "../images/image-graph-types";
import type { RetentionCandidate } from "./retention-plan-types";

/**
 * An image or an orphan of the graph, as the planner decides about it: all of its versions
 * follow the decision about its root (its own version), unless a member is itself a unit (a part).
 */
export interface PlannedUnit {
  readonly unit: ImageUnit;
  /** Set for an orphan. */
  readonly orphan: OrphanUnit | undefined;
  /**
   * Whether it is a part: a member of another unit that is an image in its own right, because it
   * carries a tag of its own (not a `sha256-<hex>…` referrer tag) or because a pattern names its
   * digest. The rules decide about it as about any image; a kept unit that spans it keeps it.
   */
  readonly part: boolean;
  /** How reasons name it: `image v1 (sha256:0123456789ab…)`, `image sha256:…` (untagged), `orphan sha256:…`. */
  readonly name: string;
  /** Its members (children, referrers, nested), in the graph's order. */
  readonly members: readonly ImageMember[];
  /** Whether it stays: set when its root is decided, and by the safety rules. */
  keep: boolean;
  /** Set when another resource manages its root: the policy then keeps its members. */
  managedBy: string | undefined;
}

/** A unit a version belongs to without being its root. */
export interface Membership {
  readonly planned: PlannedUnit;
  readonly member: ImageMember;
}

/** The graph's units, newest first (images, parts and orphans together), by root and by member. */
export interface UnitIndex {
  readonly units: readonly PlannedUnit[];
  readonly rootOf: ReadonlyMap<number, PlannedUnit>;
  readonly membershipsOf: ReadonlyMap<number, readonly Membership[]>;
  /** The units that span a digest (as root or member). */
  readonly spanningDigest: ReadonlyMap<string, readonly PlannedUnit[]>;
  /** The units whose index (or a nested index) lists a digest that is no active version. */
  readonly listingMissing: ReadonlyMap<string, readonly PlannedUnit[]>;
}

function planned(unit: ImageUnit, orphan: OrphanUnit | undefined, part: boolean): PlannedUnit {
  return {
    unit,
    orphan,
    part,
    name: `${orphan !== undefined ? "orphan" : "image"} ${unit.label}`,
    members: [...unit.children, ...unit.referrers, ...unit.nested],
    keep: false,
    managedBy: undefined,
  } satisfies PlannedUnit;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/**
 * The unit a member roots when it is a part: what hangs below it in each unit that spans it (by
 * the members' parents), described relative to it, once each.
 */
function partUnit(version: RetentionCandidate, label: string, containers: readonly (ContainerImage | OrphanUnit)[]): ImageUnit {
  const children: ImageMember[] = [];
  const referrers: ImageMember[] = [];
  const nested: ImageMember[] = [];
  const seen = new Set<number>([version.versionId]);
  const below = new Set<string>([version.name]);
  const ofPart = ` of ${shortDigest(version.name)}`;
  for (const container of containers) {
    const members = [...container.children, ...container.referrers, ...container.nested];
    const queue = [version.name];
    for (let i = 0; i < queue.length; i++) {
      const parent = queue[i]!;
      for (const member of members) {
        if (member.parentDigest !== parent || seen.has(member.versionId)) continue;
        seen.add(member.versionId);
        below.add(member.digest);
        queue.push(member.digest);
        if (parent !== version.name) {
          nested.push(member);
          continue;
        }
        const description = member.description.endsWith(ofPart) ? member.description.slice(0, -ofPart.length) : member.description;
        (member.link === "index" ? children : referrers).push({ ...member, description } satisfies ImageMember);
      }
    }
  }
  const missing = containers.flatMap((c) => c.missing.filter((m) => below.has(m.parentDigest)));
  return {
    versionId: version.versionId,
    digest: version.name,
    tags: [...(version.tags ?? [])],
    createdAt: version.createdAt,
    mediaType: undefined,
    label,
    children,
    referrers,
    nested,
    versionIds: [
      version.versionId,
      ...children.map((m) => m.versionId),
      ...referrers.map((m) => m.versionId),
      ...nested.map((m) => m.versionId),
    ],
    missing: [...new Map(missing.map((m) => [`${m.parentDigest} ${m.digest}`, m])).values()],
  } satisfies ImageUnit;
}

/**
 * Indexes the graph's units; `order` ranks root ids newest first. A member that `isPart` says is
 * an image in its own right (see PlannedUnit.part) roots a unit of its own besides; `versions`
 * gives its created_at and tags.
 */
export function unitIndex(
  graph: ImageGraph,
  order: (a: number, b: number) => number,
  versions: ReadonlyMap<number, RetentionCandidate>,
  isPart: (member: ImageMember) => boolean,
): UnitIndex {
  const roots = [...graph.images, ...graph.orphans];
  const containersOf = new Map<number, (ContainerImage | OrphanUnit)[]>();
  const partMembers = new Map<number, ImageMember>();
  for (const root of roots) {
    for (const member of [...root.children, ...root.referrers, ...root.nested]) {
      if (!isPart(member)) continue;
      push(containersOf, member.versionId, root);
      if (!partMembers.has(member.versionId)) partMembers.set(member.versionId, member);
    }
  }
  const parts: PlannedUnit[] = [];
  for (const [versionId, member] of partMembers) {
    const version = versions.get(versionId);
    if (version === undefined) continue;
    const containers = containersOf.get(versionId)!;
    parts.push(planned(partUnit(version, labelOf(member), containers), undefined, true));
  }
  const units = [
    ...graph.images.map((i) => planned(i, undefined, false)),
    ...parts,
    ...graph.orphans.map((o) => planned(o, o, false)),
  ].sort((a, b) => order(a.unit.versionId, b.unit.versionId));
  const rootOf = new Map<number, PlannedUnit>();
  const membershipsOf = new Map<number, Membership[]>();
  const spanningDigest = new Map<string, PlannedUnit[]>();
  const listingMissing = new Map<string, PlannedUnit[]>();
  for (const unit of units) {
    if (!rootOf.has(unit.unit.versionId)) rootOf.set(unit.unit.versionId, unit);
    push(spanningDigest, unit.unit.digest, unit);
    for (const member of unit.members) {
      push(membershipsOf, member.versionId, { planned: unit, member });
      push(spanningDigest, member.digest, unit);
    }
    for (const missing of unit.unit.missing) push(listingMissing, missing.digest, unit);
  }
  return { units, rootOf, membershipsOf, spanningDigest, listingMissing } satisfies UnitIndex;
}

/** A part's label, as the graph labels images, by its own tags before its referrer tags. */
function labelOf(member: ImageMember): string {
  const own = member.tags.filter((t) => referrerTagOf(t) === undefined);
  return imageLabel(member.digest, [...own, ...member.tags.filter((t) => !own.includes(t))]);
}
