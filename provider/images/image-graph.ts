import { newestFirst, type RetentionCandidate } from "../core/version-order";
import { imageLabel, referrerTagOf, shortDigest, shortReferrerTag, type ReferrerTag } from "./digest-names";
import type {
  BrokenImage,
  ContainerImage,
  ImageGraph,
  ImageMember,
  ImageUnit,
  MemberLink,
  MemberRelation,
  MissingManifest,
  OrphanUnit,
  SharedMember,
  UnreadableManifest,
} from "./image-graph-types";
import { INDEX_MEDIA_TYPES, type ManifestReference, type ManifestSummary } from "../registry/manifest-summary";

/** The platform buildx gives the attestation manifests it adds to an index. */
const ATTESTATION_PLATFORM = "unknown/unknown";
/** The index annotation buildx sets on an attestation manifest (`attestation-manifest`). */
const REFERENCE_TYPE = "vnd.docker.reference.type";

/** A version hanging from the version whose digest is the key of `edges`. */
interface Edge {
  readonly to: RetentionCandidate;
  readonly relation: MemberRelation;
  readonly link: MemberLink;
  readonly platform?: string | undefined;
  readonly tag?: ReferrerTag | undefined;
}

/** What a version says it refers to: its `subject`, or the digest its `sha256-<hex>…` tag names. */
interface ReferrerLink {
  readonly target: string;
  readonly relation: MemberRelation;
  readonly link: MemberLink;
  readonly tag?: ReferrerTag | undefined;
}

const isIndexType = (mediaType: string | undefined): boolean => mediaType !== undefined && INDEX_MEDIA_TYPES.includes(mediaType);

function entryRelation(entry: ManifestReference, child: ManifestSummary | undefined): MemberRelation {
  if (entry.platform === ATTESTATION_PLATFORM || entry.annotations?.[REFERENCE_TYPE] === "attestation-manifest") return "attestation";
  if (isIndexType(child?.mediaType) || isIndexType(entry.mediaType)) return "index";
  return "platform";
}

/** What a `sha256-<hex>[.<suffix>]`-tagged version is, by its suffix. */
export function referrerTagRelation(tag: ReferrerTag): MemberRelation {
  switch (tag.suffix) {
    case undefined:
      return "referrers-index";
    case "sig":
      return "signature";
    case "att":
      return "attestation";
    case "sbom":
      return "sbom";
    default:
      return "referrer";
  }
}

/** A `subject` referrer, by its artifact type (cosign, notation, in-toto, SPDX, CycloneDX). */
function subjectRelation(summary: ManifestSummary): MemberRelation {
  const type = (summary.artifactType ?? "").toLowerCase();
  if (/sbom|spdx|cyclonedx/.test(type)) return "sbom";
  if (/in-toto|attest|provenance|\.att\./.test(type)) return "attestation";
  if (/sig/.test(type)) return "signature";
  return "referrer";
}

/** `signature`, `SBOM`, …: a relation as a word. */
export function relationWord(relation: MemberRelation): string {
  switch (relation) {
    case "sbom":
      return "SBOM";
    case "referrers-index":
      return "referrers index";
    case "index":
      return "nested index";
    case "platform":
      return "platform image";
    default:
      return relation;
  }
}

function describe(edge: Edge): string {
  if (edge.link === "index") {
    if (edge.relation === "attestation") return "attestation";
    if (edge.platform !== undefined) return `${edge.relation === "index" ? "index" : "platform"} ${edge.platform}`;
    return relationWord(edge.relation);
  }
  const word = relationWord(edge.relation);
  return edge.tag !== undefined ? `${word} (${shortReferrerTag(edge.tag)})` : word;
}

/** The referrer links of a version: by its `subject`, then by each `sha256-<hex>…` tag (a link to itself is ignored). */
function referrerLinks(version: RetentionCandidate, summary: ManifestSummary | undefined): ReferrerLink[] {
  const tagLinks: ReferrerLink[] = [];
  for (const tag of version.tags ?? []) {
    const parsed = referrerTagOf(tag);
    if (parsed !== undefined && parsed.target !== version.name)
      tagLinks.push({ target: parsed.target, relation: referrerTagRelation(parsed), link: "tag", tag: parsed });
  }
  if (summary?.subject === undefined || summary.subject === version.name) return tagLinks;
  const relation = subjectRelation(summary);
  // A subject without an artifact type says less than a cosign tag naming the same image (`.att`, `.sig`): the tag's word is used.
  const sameTarget = relation === "referrer" ? tagLinks.find((l) => l.target === summary.subject) : undefined;
  const subjectLink: ReferrerLink =
    sameTarget?.tag !== undefined
      ? { target: summary.subject, relation: sameTarget.relation, link: "subject", tag: sameTarget.tag }
      : { target: summary.subject, relation, link: "subject" };
  return [subjectLink, ...tagLinks];
}

/** The members a unit spans, found breadth first; each version once per unit, by the first path that reaches it (cycles end there). */
function spanOf(
  root: RetentionCandidate,
  edges: ReadonlyMap<string, readonly Edge[]>,
  missingOf: ReadonlyMap<string, readonly MissingManifest[]>,
): Omit<ImageUnit, "versionId" | "digest" | "tags" | "createdAt" | "mediaType" | "label"> {
  const children: ImageMember[] = [];
  const referrers: ImageMember[] = [];
  const nested: ImageMember[] = [];
  const missing: MissingManifest[] = [...(missingOf.get(root.name) ?? [])];
  const seen = new Set<number>([root.versionId]);
  const queue: { digest: string; place: "root" | "children" | "referrers" | "nested" }[] = [{ digest: root.name, place: "root" }];
  for (let i = 0; i < queue.length; i++) {
    const parent = queue[i]!;
    for (const edge of edges.get(parent.digest) ?? []) {
      if (seen.has(edge.to.versionId)) continue;
      seen.add(edge.to.versionId);
      const place =
        parent.place === "root"
          ? edge.link === "index"
            ? "children"
            : "referrers"
          : parent.place === "children" && edge.link !== "index"
            ? "referrers"
            : "nested";
      const member = {
        versionId: edge.to.versionId,
        digest: edge.to.name,
        tags: [...(edge.to.tags ?? [])],
        relation: edge.relation,
        link: edge.link,
        parentDigest: parent.digest,
        ...(edge.platform !== undefined ? { platform: edge.platform } : {}),
        ...(edge.tag !== undefined ? { tag: edge.tag.tag } : {}),
        description: parent.place === "root" ? describe(edge) : `${describe(edge)} of ${shortDigest(parent.digest)}`,
      } satisfies ImageMember;
      (place === "children" ? children : place === "referrers" ? referrers : nested).push(member);
      missing.push(...(missingOf.get(edge.to.name) ?? []));
      queue.push({ digest: edge.to.name, place });
    }
  }
  const versionIds = [
    root.versionId,
    ...children.map((m) => m.versionId),
    ...referrers.map((m) => m.versionId),
    ...nested.map((m) => m.versionId),
  ];
  return { children, referrers, nested, versionIds, missing };
}

/**
 * The image graph of a container or docker package, a pure function of its versions (active and
 * deleted, as listed) and the manifests the registry gave for its active versions (by digest).
 *
 * - Links: an index's entries that are active versions are its children (`platform`, or
 *   `attestation` for buildx's `unknown/unknown` entries); a version whose `subject`, or whose
 *   `sha256-<hex>[.sig|.att|.sbom|…]` tag, names an active version is a referrer of it.
 * - Images: active versions nothing links to, except orphans. Each spans everything reachable
 *   from it. A version reachable from two images is shared.
 * - Orphans: untagged image manifests (not indexes) nothing links to, and referrers whose
 *   subject (or tag target) is no active version.
 * - Broken images: an index entry (of the image or a nested index) naming no active version;
 *   a deleted version of that name (restorable) is named too.
 * - Unreadable: active versions missing from `manifests`. Their own links are unknown, so they
 *   are roots unless something links to them; the planner keeps them.
 * - Cycles (A's subject is B, B's index lists A): the newest version of a cycle nothing else
 *   reaches becomes an image; each unit lists a version once.
 */
export function buildImageGraph(versions: readonly RetentionCandidate[], manifests: ReadonlyMap<string, ManifestSummary>): ImageGraph {
  const index = indexVersions(versions);
  const links = linkVersions(index, manifests);
  const { images, orphans } = buildUnits(index, links, manifests);
  const shared = sharedMembers(index, images, orphans);
  const broken = brokenImages(images);
  return { images, orphans, shared, broken, unreadable: links.unreadable } satisfies ImageGraph;
}

/** A package's versions newest first, and by digest its newest active and newest deleted version. */
interface VersionIndex {
  readonly ordered: readonly RetentionCandidate[];
  readonly byId: ReadonlyMap<number, RetentionCandidate>;
  readonly active: ReadonlyMap<string, RetentionCandidate>;
  readonly deleted: ReadonlyMap<string, RetentionCandidate>;
}

/** The links between a package's active versions, and what they name that is not there. */
interface VersionLinks {
  /** By parent digest: its index entries and the referrers naming it. */
  readonly edges: ReadonlyMap<string, readonly Edge[]>;
  /** By index digest: the entries naming no active version. */
  readonly missingOf: ReadonlyMap<string, readonly MissingManifest[]>;
  /** Versions something links to (never the root of an image). */
  readonly linked: ReadonlySet<number>;
  /** Referrers whose subject (or tag target) is no active version: the first such link of each. */
  readonly dangling: ReadonlyMap<number, ReferrerLink>;
  readonly unreadable: readonly UnreadableManifest[];
}

/** The index step: newest first, each digest's newest active and newest deleted version. */
function indexVersions(versions: readonly RetentionCandidate[]): VersionIndex {
  const ordered = [...versions].sort(newestFirst);
  const active = new Map<string, RetentionCandidate>();
  const deleted = new Map<string, RetentionCandidate>();
  for (const version of ordered) {
    const byName = version.state === "present" ? active : deleted;
    if (!byName.has(version.name)) byName.set(version.name, version);
  }
  return { ordered, byId: new Map(ordered.map((v) => [v.versionId, v])), active, deleted } satisfies VersionIndex;
}

/** The edges step: every active version's index entries and referrer links, resolved against the active versions. */
function linkVersions(index: VersionIndex, manifests: ReadonlyMap<string, ManifestSummary>): VersionLinks {
  const edges = new Map<string, Edge[]>();
  const addEdge = (from: string, edge: Edge): void => {
    const list = edges.get(from);
    if (list === undefined) edges.set(from, [edge]);
    else list.push(edge);
  };
  const missingOf = new Map<string, MissingManifest[]>();
  const linked = new Set<number>();
  const dangling = new Map<number, ReferrerLink>();
  const unreadable: UnreadableManifest[] = [];

  for (const version of index.active.values()) {
    const summary = manifests.get(version.name);
    if (summary === undefined) unreadable.push({ versionId: version.versionId, digest: version.name } satisfies UnreadableManifest);
    for (const entry of summary?.manifests ?? []) {
      if (entry.digest === version.name) continue;
      const child = index.active.get(entry.digest);
      if (child !== undefined) {
        addEdge(version.name, {
          to: child,
          relation: entryRelation(entry, manifests.get(child.name)),
          link: "index",
          platform: entry.platform,
        });
        linked.add(child.versionId);
        continue;
      }
      const gone = index.deleted.get(entry.digest);
      const missing = {
        digest: entry.digest,
        parentDigest: version.name,
        ...(gone !== undefined ? { deletedVersionId: gone.versionId } : {}),
      } satisfies MissingManifest;
      missingOf.set(version.name, [...(missingOf.get(version.name) ?? []), missing]);
    }
    for (const link of referrerLinks(version, summary)) {
      if (index.active.has(link.target)) {
        addEdge(link.target, { to: version, relation: link.relation, link: link.link, tag: link.tag });
        linked.add(version.versionId);
      } else if (!dangling.has(version.versionId)) {
        dangling.set(version.versionId, link);
      }
    }
  }
  return { edges, missingOf, linked, dangling, unreadable } satisfies VersionLinks;
}

/** The units step: an image or an orphan for every active version nothing links to, then one image for each cycle; newest first. */
function buildUnits(
  index: VersionIndex,
  links: VersionLinks,
  manifests: ReadonlyMap<string, ManifestSummary>,
): { images: ContainerImage[]; orphans: OrphanUnit[] } {
  const images: ContainerImage[] = [];
  const orphans: OrphanUnit[] = [];
  const spanned = new Set<number>();
  const base = (root: RetentionCandidate): ImageUnit => {
    const span = spanOf(root, links.edges, links.missingOf);
    for (const id of span.versionIds) spanned.add(id);
    const tags = [...(root.tags ?? [])];
    return {
      versionId: root.versionId,
      digest: root.name,
      tags,
      createdAt: root.createdAt,
      mediaType: manifests.get(root.name)?.mediaType,
      label: imageLabel(root.name, tags),
      ...span,
    } satisfies ImageUnit;
  };
  const addImage = (root: RetentionCandidate): void => {
    const unit = base(root);
    images.push({ ...unit, tagged: unit.tags.length > 0, isIndex: isIndexType(unit.mediaType) } satisfies ContainerImage);
  };

  for (const root of index.active.values()) {
    if (links.linked.has(root.versionId)) continue;
    const summary = manifests.get(root.name);
    const link = links.dangling.get(root.versionId);
    if (link !== undefined) {
      orphans.push({ ...base(root), kind: "referrer", relation: link.relation, target: link.target } satisfies OrphanUnit);
    } else if (summary !== undefined && (root.tags ?? []).length === 0 && !isIndexType(summary.mediaType)) {
      orphans.push({ ...base(root), kind: "untagged" } satisfies OrphanUnit);
    } else {
      addImage(root);
    }
  }
  // Versions only a cycle links to: the newest of each becomes an image.
  for (const version of index.active.values()) {
    if (!spanned.has(version.versionId)) addImage(version);
  }
  const newest = newestUnitFirst(index);
  images.sort(newest);
  orphans.sort(newest);
  return { images, orphans };
}

function newestUnitFirst(index: VersionIndex): (a: ImageUnit, b: ImageUnit) => number {
  return (a, b) => newestFirst(index.byId.get(a.versionId)!, index.byId.get(b.versionId)!);
}

/** The shared step: versions that more than one image or orphan spans, newest first, with those units' digests (newest first). */
function sharedMembers(index: VersionIndex, images: readonly ContainerImage[], orphans: readonly OrphanUnit[]): SharedMember[] {
  const spanners = new Map<number, string[]>();
  for (const unit of [...images, ...orphans].sort(newestUnitFirst(index))) {
    for (const id of unit.versionIds.slice(1)) spanners.set(id, [...(spanners.get(id) ?? []), unit.digest]);
  }
  return [...spanners.entries()]
    .filter(([, digests]) => digests.length > 1)
    .map(([versionId, imageDigests]) => ({ versionId, digest: index.byId.get(versionId)!.name, imageDigests }) satisfies SharedMember)
    .sort((a, b) => newestFirst(index.byId.get(a.versionId)!, index.byId.get(b.versionId)!));
}

/** The broken-images step: images with an index entry naming no active version. */
function brokenImages(images: readonly ContainerImage[]): BrokenImage[] {
  return images
    .filter((image) => image.missing.length > 0)
    .map(
      (image) =>
        ({
          versionId: image.versionId,
          digest: image.digest,
          tags: image.tags,
          label: image.label,
          missing: image.missing,
        }) satisfies BrokenImage,
    );
}
