import type { VersionState } from "../package-types";
import type { GitHubPackageVersion } from "../package-versions-api";
import type { PackageCoordinates, PackageVersionMetadata } from "../package-version-types";
import { versionOutputs } from "../version-outputs";

/** One package version as a look-up returns it: the fields of PackageVersion's outputs. */
export interface PackageVersionInfo {
  versionId: number;
  name: string;
  /** `present` (active) or `deleted` (within the 30-day restore window). */
  state: VersionState;
  url: string;
  packageHtmlUrl: string;
  htmlUrl?: string;
  license?: string;
  description?: string;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
  /** Deletion time plus 30 days, for a deleted version. */
  restorableUntil?: string;
  metadata?: PackageVersionMetadata;
  /** Container and docker tags (empty for an untagged image); absent for other registries. */
  tags?: string[];
}

/** A version as GitHub reports it, in the shape of PackageVersion's outputs without the declaration. */
export function versionInfo(coordinates: PackageCoordinates, state: VersionState, version: GitHubPackageVersion): PackageVersionInfo {
  const outputs = versionOutputs(coordinates, state, version);
  return {
    versionId: version.id,
    name: version.name,
    state,
    url: version.url,
    packageHtmlUrl: version.package_html_url,
    ...(outputs.htmlUrl !== undefined ? { htmlUrl: outputs.htmlUrl } : {}),
    ...(outputs.license !== undefined ? { license: outputs.license } : {}),
    ...(outputs.description !== undefined ? { description: outputs.description } : {}),
    createdAt: version.created_at,
    updatedAt: version.updated_at,
    ...(outputs.deletedAt !== undefined ? { deletedAt: outputs.deletedAt } : {}),
    ...(outputs.restorableUntil !== undefined ? { restorableUntil: outputs.restorableUntil } : {}),
    ...(outputs.metadata !== undefined ? { metadata: outputs.metadata } : {}),
    ...(outputs.tags !== undefined ? { tags: outputs.tags } : {}),
  } satisfies PackageVersionInfo;
}
