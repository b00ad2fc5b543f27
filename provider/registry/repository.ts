import type { PackageCoordinates } from "../core/package-version-types";

/**
 * The registry's name for a package: `<owner in lower case>/<package name>`, the package name
 * with its slashes (`acme/tools/builder`). Registries name repositories in lower case; GitHub
 * logins are case-insensitive and container package names are lower case already.
 */
export function repositoryOf(coordinates: PackageCoordinates): string {
  const owner = (coordinates.org !== undefined ? coordinates.org : coordinates.user).toLowerCase();
  return `${owner}/${coordinates.packageName}`;
}

/** The OCI digest grammar: `algorithm:encoded` (`sha256:…`). Anything else is never requested. */
const DIGEST_PATTERN = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export function isDigest(value: string): boolean {
  return DIGEST_PATTERN.test(value);
}

/**
 * `<registry>/v2/<repository>/manifests/<digest>`: the repository's segments encoded and its
 * slashes kept; the digest (checked by isDigest, all of its characters allowed in a path) as
 * registries and docker clients write it, with its colon.
 */
export function manifestUrl(registryUrl: string, repository: string, digest: string): URL {
  const segments = repository.split("/").map(encodeURIComponent).join("/");
  return new URL(`${registryUrl.replace(/\/+$/, "")}/v2/${segments}/manifests/${digest}`);
}

/** The scope a pull of the repository needs, when the registry's challenge names none. */
export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}
