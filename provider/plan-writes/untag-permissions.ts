/**
 * Before any untag is written: does the token have what untagging needs? Pushing the placeholder
 * needs the registry's push (a classic token's `write:packages`), deleting its version needs
 * `delete:packages`. GitHub names a classic token's scopes in the `X-OAuth-Scopes` header of
 * every API answer: one GET of the package's first version is enough to read it. Other tokens (a
 * workflow's GITHUB_TOKEN) carry no such header; their permissions show at the first write,
 * which is then reported with what is true.
 */
import { gitHubClient } from "../github/client";
import type { GitHubSettings } from "../core/settings";
import type { PackageCoordinates } from "../core/package-version-types";
import { packageLabel } from "../core/version-label";
import { ProgramError } from "../core/program-error";

/** The scopes untagging needs of a classic token. */
export const UNTAG_SCOPES = ["write:packages", "delete:packages"] as const;

/** The token cannot untag: which scopes it lacks, and the fix in one sentence. */
export class UntagPermissionError extends ProgramError {
  override readonly name = "UntagPermissionError";

  constructor(
    readonly coordinates: PackageCoordinates,
    readonly missing: readonly string[],
    untags: number,
  ) {
    super(
      `Cannot untag ${untags} version(s) of ${packageLabel(coordinates)}: the token lacks ${missing.join(" and ")} ` +
        `(untagging pushes a placeholder to the registry and deletes its version through the API). ` +
        `Use a classic token with write:packages, read:packages and delete:packages, or remove the tags from deleteTags.`,
    );
  }
}

/** The scopes the answer's `X-OAuth-Scopes` names, or undefined when it has none (not a classic token). */
export function scopesOf(header: unknown): string[] | undefined {
  if (typeof header !== "string") return undefined;
  return header
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** The scopes of UNTAG_SCOPES that `scopes` lacks. */
export function missingUntagScopes(scopes: readonly string[]): string[] {
  return UNTAG_SCOPES.filter((scope) => !scopes.includes(scope));
}

/**
 * Throws an UntagPermissionError when the token is a classic one without the scopes untagging
 * needs: one request (the package's newest version, `per_page=1`).
 */
export async function checkUntagPermissions(settings: GitHubSettings, coordinates: PackageCoordinates, untags: number): Promise<void> {
  const client = gitHubClient(settings);
  const owner =
    coordinates.org !== undefined ? `/orgs/${encodeURIComponent(coordinates.org)}` : `/users/${encodeURIComponent(coordinates.user)}`;
  const response = await client.request(`GET ${owner}/packages/{package_type}/{package_name}/versions`, {
    package_type: coordinates.packageType,
    package_name: coordinates.packageName,
    per_page: 1,
  });
  const scopes = scopesOf(response.headers["x-oauth-scopes"]);
  if (scopes === undefined) return;
  const missing = missingUntagScopes(scopes);
  if (missing.length > 0) throw new UntagPermissionError(coordinates, missing, untags);
}
