import { translateGitHubFailure, githubMessageOf, statusOf, type FailureContext } from "./github-error-translation";
import type { GitHubPackageVersion, PackageVersionsApi } from "./package-versions-api";
import type { VersionSelector } from "./package-version-types";

/** What GitHub says about a version right now. */
export type VersionObservation =
  | { kind: "active"; version: GitHubPackageVersion }
  | { kind: "deleted"; version: GitHubPackageVersion }
  | { kind: "gone"; packageMissing: boolean };

/** The tags GitHub reports for a container or docker version; none for other registries. */
export function tagsOf(version: GitHubPackageVersion): string[] {
  return version.metadata?.container?.tags ?? version.metadata?.docker?.tag ?? [];
}

function matcher(selector: VersionSelector): (version: GitHubPackageVersion) => boolean {
  if (selector.versionId !== undefined) return (version) => version.id === selector.versionId;
  if (selector.version !== undefined) return (version) => version.name === selector.version;
  const tag = selector.tag;
  return (version) => tag !== undefined && tagsOf(version).includes(tag);
}

function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

function isPackageNotFound(error: unknown): boolean {
  return isNotFound(error) && /package not found/i.test(githubMessageOf(error) ?? "");
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
  try {
    const matches = matcher(selector);
    if (selector.versionId !== undefined) {
      try {
        return { kind: "active", version: await api.get(selector.versionId) };
      } catch (error) {
        if (!isNotFound(error) || isPackageNotFound(error)) throw error;
      }
    } else {
      const active = await api.find("active", matches);
      if (active !== undefined) return { kind: "active", version: active };
    }
    const deleted = await api.find("deleted", matches);
    return deleted !== undefined ? { kind: "deleted", version: deleted } : { kind: "gone", packageMissing: false };
  } catch (error) {
    if (isPackageNotFound(error)) return { kind: "gone", packageMissing: true };
    return translateGitHubFailure(error, { ...context, action: "read" });
  }
}
