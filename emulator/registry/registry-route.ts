/** Parses a registry request path: /token, /v2/ and the /v2/<name>/... endpoints of the OCI distribution spec. */

export type RegistryRoute =
  | { readonly endpoint: "token" }
  | { readonly endpoint: "base" }
  | { readonly endpoint: "manifest"; readonly repository: string; readonly reference: string }
  | { readonly endpoint: "tags"; readonly repository: string }
  | { readonly endpoint: "blob"; readonly repository: string; readonly digest: string }
  /** POST /v2/<name>/blobs/uploads/: opens an upload (or uploads, or mounts, in one go). */
  | { readonly endpoint: "uploads"; readonly repository: string }
  /** /v2/<name>/blobs/uploads/<id>: an open upload. */
  | { readonly endpoint: "upload"; readonly repository: string; readonly id: string }
  /** Under /v2/ but no endpoint the emulator serves; `repository` when the path names one. */
  | { readonly endpoint: "unknown"; readonly repository: string | undefined };

/** Whether the registry (not the REST API) answers this path. */
export function isRegistryPath(path: string): boolean {
  return path === "/token" || path === "/v2" || path.startsWith("/v2/");
}

const ENDPOINTS: readonly [RegExp, (m: RegExpExecArray) => RegistryRoute][] = [
  [/^\/v2\/(.+)\/manifests\/([^/]+)$/, (m) => ({ endpoint: "manifest", repository: m[1]!, reference: m[2]! })],
  [/^\/v2\/(.+)\/tags\/list$/, (m) => ({ endpoint: "tags", repository: m[1]! })],
  [/^\/v2\/(.+)\/blobs\/uploads\/?$/, (m) => ({ endpoint: "uploads", repository: m[1]! })],
  [/^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/, (m) => ({ endpoint: "upload", repository: m[1]!, id: m[2]! })],
  [/^\/v2\/(.+)\/blobs\/([^/]+)$/, (m) => ({ endpoint: "blob", repository: m[1]!, digest: m[2]! })],
  // ghcr.io serves no referrers API: clients fall back to the referrers tag schema (sha256-<hex>).
  [/^\/v2\/(.+)\/referrers\/?.*$/, (m) => ({ endpoint: "unknown", repository: m[1]! })],
];

/** `path` is still percent-encoded; a part that does not decode is left as sent (and then names nothing). */
export function parseRegistryRoute(path: string): RegistryRoute {
  if (path === "/token") return { endpoint: "token" };
  if (path === "/v2" || path === "/v2/") return { endpoint: "base" };
  for (const [pattern, route] of ENDPOINTS) {
    const m = pattern.exec(path);
    if (m !== null) return decoded(route(m));
  }
  return { endpoint: "unknown", repository: undefined };
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function decoded(route: RegistryRoute): RegistryRoute {
  switch (route.endpoint) {
    case "manifest":
      return { ...route, repository: decode(route.repository), reference: decode(route.reference) };
    case "blob":
      return { ...route, repository: decode(route.repository), digest: decode(route.digest) };
    case "upload":
      return { ...route, repository: decode(route.repository), id: decode(route.id) };
    case "tags":
    case "uploads":
    case "unknown":
      return route.repository === undefined ? route : { ...route, repository: decode(route.repository) };
    default:
      return route;
  }
}
