import * as pulumi from "@pulumi/pulumi";
import { readImageGraph } from "../images/read-image-graph";
import type {
  ContainerImage,
  ImageMember,
  ImageUnit,
  MemberLink,
  MemberRelation,
  MissingManifest,
  OrphanUnit,
} from "../images/image-graph-types";
import {
  validateContainerImagesArgs,
  type ContainerPackageType,
  type GetContainerImagesArgs,
  type GetContainerImagesOutputArgs,
} from "./get-container-images-args";
import { getPackageVersions } from "./get-package-versions";
import { ownerOf } from "../core/package-coordinates";
import type { PackageOwner } from "../core/package-version-types";
import { PackageVersionsLookupError } from "./lookup-error";
import { programSettings } from "./program-settings";

/**
 * What a version is to the version it hangs from (`platform`, `attestation`, `index`,
 * `signature`, `sbom`, `referrer`, `referrers-index`): the image graph's own relation, described there.
 */
export type ImageRelation = MemberRelation;

/** How a referrer is attached: by its own OCI `subject`, or by its own `sha256-<hex>…` tag (cosign). */
export type ReferrerLink = Exclude<MemberLink, "index">;

/** A version of the package, as every part of the answer names it. */
export interface ImageVersionInfo {
  /** The manifest's digest: the version's name. */
  digest: string;
  versionId: number;
  tags: string[];
}

/** What every version that hangs from an image has: which version it is, and what it is to its parent. */
export interface ImageMemberInfo extends ImageVersionInfo {
  relation: ImageRelation;
}

/** An entry of the image's index that is a version of the package; `relation` is `platform`, `attestation` or `index`. */
export interface ImageChildInfo extends ImageMemberInfo {
  /** The platform the index gives for it (`linux/arm64/v8`, `unknown/unknown` for an attestation), when it gives one. */
  platform?: string;
}

/** A version that refers to the image, or to one of its children: a signature, an attestation, an SBOM, … */
export interface ImageReferrerInfo extends ImageMemberInfo {
  link: ReferrerLink;
  /** The digest it refers to: the image's, or one of its children's. */
  refersTo: string;
  /** Its `sha256-<hex>…` tag naming what it refers to: what makes it a referrer when `link` is `tag`; beside a `subject`, the tag its relation is read from. */
  tag?: string;
}

/** A version further down: a referrer of a referrer, an entry of a nested index, … */
export interface ImageNestedInfo extends ImageMemberInfo {
  /** `index` for an entry of its parent's index, else how it refers to its parent. */
  link: MemberLink;
  /** The digest of the version it hangs from. */
  parentDigest: string;
  platform?: string;
  tag?: string;
}

/** An index entry (of the image or of a nested index) naming a digest that is no active version. */
export interface MissingManifestInfo {
  digest: string;
  /** The index that names it. */
  parentDigest: string;
  /** A version deleted in the last 30 days with that digest, which can still be restored. */
  deletedVersionId?: number;
}

/** What images and orphans have in common: a version and every version that hangs from it. */
export interface ImageUnitInfo extends ImageVersionInfo {
  createdAt: string;
  /** The manifest's media type; absent when the registry did not have the manifest (see `unreadable`). */
  mediaType?: string;
  children: ImageChildInfo[];
  referrers: ImageReferrerInfo[];
  nested: ImageNestedInfo[];
  /** Every version it spans: its own id first, then its children, referrers and nested versions. */
  versionIds: number[];
  /** Index entries naming no active version: pulling those platforms fails. */
  missing: MissingManifestInfo[];
}

/** An image: an active version that no other version references (a tagged image, an untagged index, …). */
export interface ContainerImageInfo extends ImageUnitInfo {
  tagged: boolean;
  /** Whether its manifest is an index (a multi-platform image). */
  isIndex: boolean;
}

/**
 * A version nothing needs, with whatever hangs from it:
 * - `untagged`: an untagged image manifest (not an index) no image references;
 * - `referrer`: a signature, attestation, … whose subject is no active version.
 */
export interface OrphanInfo extends ImageUnitInfo {
  kind: "untagged" | "referrer";
  /** For a referrer: what it is. */
  relation?: ImageRelation;
  /** For a referrer: the digest it refers to, which is no active version. */
  target?: string;
}

/** An image whose index names digests that are no active version. */
export interface BrokenImageInfo extends ImageVersionInfo {
  missing: MissingManifestInfo[];
}

/** A version that more than one image (or orphan) spans, such as a platform image two releases share. */
export interface SharedVersionInfo {
  digest: string;
  versionId: number;
  /** The digests of the images (and orphans) that span it, newest first. */
  imageDigests: string[];
}

export type GetContainerImagesResult = PackageOwner & {
  packageType: ContainerPackageType;
  packageName: string;
  /** Newest first. */
  images: ContainerImageInfo[];
  /** Newest first. */
  orphans: OrphanInfo[];
  /** Images (among `images`) whose index names a digest that is no active version. */
  brokenImages: BrokenImageInfo[];
  /** Versions more than one image or orphan spans. */
  shared: SharedVersionInfo[];
  /** Active versions whose manifest the registry does not have (404 MANIFEST_UNKNOWN): their own links are unknown. */
  unreadable: { digest: string; versionId: number }[];
  /**
   * Whether the versions deleted in the last 30 days were listed (needs delete:packages): they name
   * `deletedVersionId` in `missing`. Without that scope the look-up goes on without them.
   */
  deletedVersionsListed: boolean;
};

function referrerLinkOf(link: MemberLink): ReferrerLink {
  // A referrer hangs from a version by its `subject` or its tag; an `index` link makes a child or a nested version instead.
  return link === "tag" ? "tag" : "subject";
}

/** The graph's record has exactly the public fields (plain values), so a copy is the answer. */
const missingInfo = (missing: MissingManifest): MissingManifestInfo => ({ ...missing }) satisfies MissingManifestInfo;

function versionInfo(version: { digest: string; versionId: number; tags: readonly string[] }): ImageVersionInfo {
  return { digest: version.digest, versionId: version.versionId, tags: [...version.tags] } satisfies ImageVersionInfo;
}

function memberInfo(member: ImageMember): ImageMemberInfo {
  return { ...versionInfo(member), relation: member.relation } satisfies ImageMemberInfo;
}

function childInfo(member: ImageMember): ImageChildInfo {
  return {
    ...memberInfo(member),
    ...(member.platform !== undefined ? { platform: member.platform } : {}),
  } satisfies ImageChildInfo;
}

function referrerInfo(member: ImageMember): ImageReferrerInfo {
  return {
    ...memberInfo(member),
    link: referrerLinkOf(member.link),
    refersTo: member.parentDigest,
    ...(member.tag !== undefined ? { tag: member.tag } : {}),
  } satisfies ImageReferrerInfo;
}

function nestedInfo(member: ImageMember): ImageNestedInfo {
  const { link, parentDigest, platform, tag } = member;
  return {
    ...memberInfo(member),
    link,
    parentDigest,
    ...(platform !== undefined ? { platform } : {}),
    ...(tag !== undefined ? { tag } : {}),
  } satisfies ImageNestedInfo;
}

function unitInfo(unit: ImageUnit): ImageUnitInfo {
  return {
    ...versionInfo(unit),
    createdAt: unit.createdAt,
    ...(unit.mediaType !== undefined ? { mediaType: unit.mediaType } : {}),
    children: unit.children.map(childInfo),
    referrers: unit.referrers.map(referrerInfo),
    nested: unit.nested.map(nestedInfo),
    versionIds: [...unit.versionIds],
    missing: unit.missing.map(missingInfo),
  } satisfies ImageUnitInfo;
}

function imageInfo(image: ContainerImage): ContainerImageInfo {
  return { ...unitInfo(image), tagged: image.tagged, isIndex: image.isIndex } satisfies ContainerImageInfo;
}

function orphanInfo(orphan: OrphanUnit): OrphanInfo {
  return {
    ...unitInfo(orphan),
    kind: orphan.kind,
    ...(orphan.relation !== undefined ? { relation: orphan.relation } : {}),
    ...(orphan.target !== undefined ? { target: orphan.target } : {}),
  } satisfies OrphanInfo;
}

/**
 * The images of a container (or docker) package, for programs with their own logic: which
 * versions make up which image (platform images, attestations, signatures, SBOMs, …), the
 * orphans, the broken images. Lists the package's versions (active, and deleted when the token
 * may: delete:packages), then reads every active version's manifest from the container registry
 * (`registryUrl`, else `github:registryUrl` / GITHUB_REGISTRY_URL, else ghcr.io for GitHub.com):
 * one token exchange and one manifest request per active version. Read in the program process.
 * Fails with a LookupArgumentError (bad arguments, before any request), a
 * PackageVersionsLookupError (the listing), a RegistryReadError (the registry, named with the
 * package) or a GitHubSettingsError (no registry for a GitHub other than GitHub.com); none
 * carries the token.
 */
export async function getContainerImages(args: GetContainerImagesArgs): Promise<GetContainerImagesResult> {
  const { coordinates, baseUrl, registryUrl } = validateContainerImagesArgs(args);
  // The program's one listing of the package, shared with the other look-ups and the retention policies.
  const byState = (state: "active" | "deleted" | "all") =>
    getPackageVersions({ ...coordinates, state, ...(baseUrl !== undefined ? { baseUrl } : {}) }).then((r) => r.versions);
  let versions = await byState("active");
  let deletedVersionsListed = false;
  try {
    await byState("deleted");
    // Both listed: their joined view, where a version deleted or restored between the two is there once (no request more).
    versions = await byState("all");
    deletedVersionsListed = true;
  } catch (error) {
    // Deleted versions only name what a broken index could restore: a token without delete:packages reads the images all the same.
    if (!(error instanceof PackageVersionsLookupError && error.reason === "missing-scopes")) throw error;
  }
  const settings = programSettings({ coordinates, selector: {}, baseUrl, registryUrl });
  const graph = await readImageGraph(coordinates, versions, settings);
  return {
    ...ownerOf(coordinates),
    packageType: coordinates.packageType as ContainerPackageType,
    packageName: coordinates.packageName,
    images: graph.images.map(imageInfo),
    orphans: graph.orphans.map(orphanInfo),
    brokenImages: graph.broken.map((b) => ({ ...versionInfo(b), missing: b.missing.map(missingInfo) }) satisfies BrokenImageInfo),
    shared: graph.shared.map(
      (s) => ({ digest: s.digest, versionId: s.versionId, imageDigests: [...s.imageDigests] }) satisfies SharedVersionInfo,
    ),
    unreadable: graph.unreadable.map((u) => ({ digest: u.digest, versionId: u.versionId })),
    deletedVersionsListed,
  } satisfies GetContainerImagesResult;
}

/** getContainerImages for arguments that may be Outputs. */
export function getContainerImagesOutput(args: GetContainerImagesOutputArgs): pulumi.Output<GetContainerImagesResult> {
  return pulumi.output(args).apply((resolved) => getContainerImages(resolved as GetContainerImagesArgs));
}
