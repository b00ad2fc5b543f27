import { reportedFailure, type FailureContext } from "../github/error-translation";
import { classifyGitHubFailure, isPackageNotFound } from "../github/failure-class";
import type { GitHubPackageVersion, PackageVersionsApi } from "../github/versions-api";
import type { VersionSelector } from "../core/package-version-types";

/** What GitHub says about a version right now. */
export type VersionObservation =
  | { kind: "active"; version: GitHubPackageVersion }
  | { kind: "deleted"; version: GitHubPackageVersion }
  | { kind: "gone"; packageMissing: boolean };

/**
 * What one GET by id says: active, or not active (deleted, or gone: telling which needs the
 * list of deleted versions, which GitHub shows only to a token with delete:packages).
 */
export type ActiveObservation =
  { kind: "active"; version: GitHubPackageVersion } | { kind: "not-active" } | { kind: "gone"; packageMissing: true };

/** The tags GitHub reports for a container or docker version; none for other registries. */
export function tagsOf(version: GitHubPackageVersion): string[] {
  return version.metadata?.container?.tags ?? version.metadata?.docker?.tag ?? [];
}

/** Whether a listed version is the one the selector names (id, name, or one of its tags). */
export function matcher(selector: VersionSelector): (version: GitHubPackageVersion) => boolean {
  if (selector.versionId !== undefined) return (version) => version.id === selector.versionId;
  if (selector.version !== undefined) return (version) => version.name === selector.version;
  const tag = selector.tag;
  return (version) => tag !== undefined && tagsOf(version).includes(tag);
}

/** A 404 for the version, the package being there. */
function isVersionNotFound(error: unknown): boolean {
  return classifyGitHubFailure(error) === "version-not-found";
}

/** One GET by id, and no list: all a token with only read:packages may always do. */
export async function observeActive(api: PackageVersionsApi, versionId: number, context: FailureContext): Promise<ActiveObservation> {
  try {
    return { kind: "active", version: await api.get(versionId) };
  } catch (error) {
    if (isPackageNotFound(error)) return { kind: "gone", packageMissing: true };
    if (isVersionNotFound(error)) return { kind: "not-active" };
    throw reportedFailure(error, { ...context, action: "read" });
  }
}

/**
 * The version among those deleted in the last 30 days. Refused without delete:packages: the
 * error then says that this listing is what needed the scope.
 */
export async function findDeleted(
  api: PackageVersionsApi,
  selector: VersionSelector,
  context: FailureContext,
): Promise<VersionObservation> {
  try {
    const deleted = await api.find("deleted", matcher(selector));
    return deleted !== undefined ? { kind: "deleted", version: deleted } : { kind: "gone", packageMissing: false };
  } catch (error) {
    if (isPackageNotFound(error)) return { kind: "gone", packageMissing: true };
    throw reportedFailure(error, { ...context, action: "read", listingDeleted: true });
  }
}

/**
 * Finds the version a selector names: among active versions first (one GET for an id, the
 * active list for a name or tag), then among versions deleted in the last 30 days.
 */
export async function observeVersion(
  api: PackageVersionsApi,
  selector: VersionSelector,
  context: FailureContext,
): Promise<VersionObservation> {
  if (selector.versionId !== undefined) {
    const active = await observeActive(api, selector.versionId, context);
    if (active.kind !== "not-active") return active;
  } else {
    try {
      const active = await api.find("active", matcher(selector));
      if (active !== undefined) return { kind: "active", version: active };
    } catch (error) {
      if (isPackageNotFound(error)) return { kind: "gone", packageMissing: true };
      throw reportedFailure(error, { ...context, action: "read" });
    }
  }
  return findDeleted(api, selector, context);
}
