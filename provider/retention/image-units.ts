import type { ContainerImage, ImageGraph, ImageMember, ImageUnit, OrphanUnit } from "../images/image-graph-types";

/**
 * An image or an orphan of the graph, as the planner decides about it: all of its versions
 * follow the decision about its root (its own version).
 */
export interface PlannedUnit {
  readonly unit: ImageUnit;
  /** Set for an orphan. */
  readonly orphan: OrphanUnit | undefined;
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

/** The graph's units, newest first (images and orphans together), by root and by member. */
export interface UnitIndex {
  readonly units: readonly PlannedUnit[];
  readonly rootOf: ReadonlyMap<number, PlannedUnit>;
  readonly membershipsOf: ReadonlyMap<number, readonly Membership[]>;
  /** The units that span a digest (as root or member). */
  readonly spanningDigest: ReadonlyMap<string, readonly PlannedUnit[]>;
  /** The units whose index (or a nested index) lists a digest that is no active version. */
  readonly listingMissing: ReadonlyMap<string, readonly PlannedUnit[]>;
}

function planned(unit: ContainerImage | OrphanUnit, orphan: OrphanUnit | undefined): PlannedUnit {
  return {
    unit,
    orphan,
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

/** Indexes the graph's units; `order` ranks root ids newest first. */
export function unitIndex(graph: ImageGraph, order: (a: number, b: number) => number): UnitIndex {
  const units = [...graph.images.map((i) => planned(i, undefined)), ...graph.orphans.map((o) => planned(o, o))].sort((a, b) =>
    order(a.unit.versionId, b.unit.versionId),
  );
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
