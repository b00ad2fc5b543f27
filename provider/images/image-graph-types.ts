/**
 * The image graph of a container or docker package: which versions make up which image. An
 * image is an active version that no other active version references; its members are the
 * versions it spans (platform images and attestations its index lists, referrers that point at
 * it or at a member through an OCI `subject` or a `sha256-<hex>.sig`-style tag, and so on down).
 */

/**
 * What a member is to the version it hangs from:
 * - `platform`: an index entry for a platform (`linux/amd64`);
 * - `attestation`: an index entry with platform `unknown/unknown` or the buildx attestation annotation, or an `.att` / in-toto referrer;
 * - `index`: an index entry that is itself an index;
 * - `signature`, `sbom`, `referrer`: referrers (by `subject` or tag), by their tag suffix or artifact type;
 * - `referrers-index`: the index tagged `sha256-<hex>` (the OCI referrers tag schema).
 */
export type MemberRelation = "platform" | "attestation" | "index" | "signature" | "sbom" | "referrer" | "referrers-index";

/** How a member is attached: an entry of its parent's index, its own `subject`, or its own `sha256-<hex>…` tag. */
export type MemberLink = "index" | "subject" | "tag";

export interface ImageMember {
  readonly versionId: number;
  readonly digest: string;
  readonly tags: readonly string[];
  readonly relation: MemberRelation;
  readonly link: MemberLink;
  /** The version it hangs from: the image itself or another member. */
  readonly parentDigest: string;
  /** The platform the parent's index gives for it (`linux/arm64`, `unknown/unknown`). */
  readonly platform?: string;
  /** The `sha256-<hex>…` tag that makes it a referrer, when that is the link. */
  readonly tag?: string;
  /** In words, relative to the image: `platform linux/arm64`, `attestation`, `signature (sha256-0123456789ab….sig)`, `signature of sha256:…` (nested). */
  readonly description: string;
}

/** An index entry naming a digest that is no active version. */
export interface MissingManifest {
  readonly digest: string;
  /** The index that names it (the image or a nested index). */
  readonly parentDigest: string;
  /** A deleted version with that digest as its name, which GitHub may still restore. */
  readonly deletedVersionId?: number;
}

/** A version and the versions that hang from it. */
export interface ImageUnit {
  readonly versionId: number;
  readonly digest: string;
  readonly tags: readonly string[];
  readonly createdAt: string;
  /** The manifest's media type; undefined when its manifest could not be read. */
  readonly mediaType: string | undefined;
  /** `v1 (sha256:0123456789ab…)`, or the short digest when untagged. */
  readonly label: string;
  /** Its index's entries that are versions. */
  readonly children: readonly ImageMember[];
  /** Versions that refer to it or to one of its children (by `subject` or by a `sha256-<hex>…` tag). */
  readonly referrers: readonly ImageMember[];
  /** Everything further down: referrers of referrers, entries of nested indexes, … */
  readonly nested: readonly ImageMember[];
  /** Every version id it spans: its own first, then its members (children, referrers, nested). */
  readonly versionIds: readonly number[];
  /** Index entries (its own or a nested index's) that name no active version. */
  readonly missing: readonly MissingManifest[];
}

/** An image: an active version that nothing else references and that is no orphan. */
export interface ContainerImage extends ImageUnit {
  readonly tagged: boolean;
  /** Whether its manifest is an index (a multi-platform image). */
  readonly isIndex: boolean;
}

/**
 * A version nobody needs, with whatever hangs from it:
 * - `untagged`: an untagged image manifest (not an index) that no image references: a platform
 *   image whose index is gone, or an untagged single-platform image (the registry cannot tell them apart);
 * - `referrer`: a referrer (by `subject` or `sha256-<hex>…` tag) whose subject is no active version.
 */
export interface OrphanUnit extends ImageUnit {
  readonly kind: "untagged" | "referrer";
  /** For a referrer: what it is (signature, attestation, …). */
  readonly relation?: MemberRelation;
  /** For a referrer: the digest it refers to, which is no active version. */
  readonly target?: string;
}

/** A version that belongs to more than one image (or orphan). */
export interface SharedMember {
  readonly versionId: number;
  readonly digest: string;
  /** The digests of the images that span it, newest first. */
  readonly imageDigests: readonly string[];
}

/** An image whose index names digests that are no active version: pulling it fails for those platforms. */
export interface BrokenImage {
  readonly versionId: number;
  readonly digest: string;
  readonly tags: readonly string[];
  readonly label: string;
  readonly missing: readonly MissingManifest[];
}

/** An active version whose manifest could not be read: the planner keeps it, and the image that spans it. */
export interface UnreadableManifest {
  readonly versionId: number;
  readonly digest: string;
}

export interface ImageGraph {
  /** Newest first. */
  readonly images: readonly ContainerImage[];
  /** Newest first. */
  readonly orphans: readonly OrphanUnit[];
  readonly shared: readonly SharedMember[];
  readonly broken: readonly BrokenImage[];
  readonly unreadable: readonly UnreadableManifest[];
}
