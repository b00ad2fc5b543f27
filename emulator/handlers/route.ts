/** Parses the three owner scopes (/orgs/{org}, /users/{username}, /user) into one route shape shared by all handlers. */

export type OwnerScope = "org" | "user" | "authenticated-user";

export type Operation =
  | "list-packages"
  | "list-versions"
  | "get-version"
  | "delete-version"
  | "restore-version"
  | "get-package"
  | "delete-package"
  | "restore-package";

export interface Route {
  readonly operation: Operation;
  readonly scope: OwnerScope;
  /** Absent for /user (the token's own login). */
  readonly owner: string | undefined;
  /** Unvalidated: an unknown type is a 422, not a 404. Empty for list-packages (its type is the package_type query). */
  readonly packageType: string;
  /** Empty for list-packages. */
  readonly packageName: string;
  readonly versionId: number | undefined;
  /** Endpoint template, the key of the per-endpoint secondary rate limit. */
  readonly endpoint: string;
}

interface OperationInfo {
  readonly scopes: readonly string[];
  readonly acceptedScopesHeader: string;
  /** Phrase completing "You need at least ... scopes to ___." */
  readonly action: string;
  /** Docs anchors by owner scope, as in GitHub's OpenAPI description. */
  readonly anchors: Readonly<Record<OwnerScope, string>>;
}

const READ = ["read:packages"] as const;
const DELETE = ["delete:packages", "read:packages"] as const;
const RESTORE = ["read:packages", "write:packages"] as const;

function info(scopes: readonly string[], action: string, org: string, authenticated: string, user: string): OperationInfo {
  return { scopes, acceptedScopesHeader: scopes.join(", "), action, anchors: { org, "authenticated-user": authenticated, user } };
}

export const OPERATIONS: Readonly<Record<Operation, OperationInfo>> = {
  "list-packages": info(
    READ,
    "list packages",
    "list-packages-for-an-organization",
    "list-packages-for-the-authenticated-users-namespace",
    "list-packages-for-a-user",
  ),
  "list-versions": info(
    READ,
    "list a package's versions",
    "list-package-versions-for-a-package-owned-by-an-organization",
    "list-package-versions-for-a-package-owned-by-the-authenticated-user",
    "list-package-versions-for-a-package-owned-by-a-user",
  ),
  "get-version": info(
    READ,
    "get a package version",
    "get-a-package-version-for-an-organization",
    "get-a-package-version-for-the-authenticated-user",
    "get-a-package-version-for-a-user",
  ),
  "delete-version": info(
    DELETE,
    "delete a package version",
    "delete-package-version-for-an-organization",
    "delete-a-package-version-for-the-authenticated-user",
    "delete-package-version-for-a-user",
  ),
  "restore-version": info(
    RESTORE,
    "restore a package version",
    "restore-package-version-for-an-organization",
    "restore-a-package-version-for-the-authenticated-user",
    "restore-package-version-for-a-user",
  ),
  "get-package": info(
    READ,
    "get a package",
    "get-a-package-for-an-organization",
    "get-a-package-for-the-authenticated-user",
    "get-a-package-for-a-user",
  ),
  "delete-package": info(
    DELETE,
    "delete a package",
    "delete-a-package-for-an-organization",
    "delete-a-package-for-the-authenticated-user",
    "delete-a-package-for-a-user",
  ),
  "restore-package": info(
    RESTORE,
    "restore a package",
    "restore-a-package-for-an-organization",
    "restore-a-package-for-the-authenticated-user",
    "restore-a-package-for-a-user",
  ),
};

export function documentationUrl(route: Route): string {
  return `https://docs.github.com/rest/packages/packages#${OPERATIONS[route.operation].anchors[route.scope]}`;
}

const PREFIX: Readonly<Record<OwnerScope, string>> = {
  org: "/orgs/{org}",
  user: "/users/{username}",
  "authenticated-user": "/user",
};

/** The three owner scopes: the first path segments (`*` is the owner) before `packages`. */
const SCOPES: readonly { readonly scope: OwnerScope; readonly segments: readonly string[] }[] = [
  { scope: "org", segments: ["orgs", "*", "packages"] },
  { scope: "user", segments: ["users", "*", "packages"] },
  { scope: "authenticated-user", segments: ["user", "packages"] },
];

/** The endpoints under `…/packages/{package_type}/{package_name}`, by method and the path after the name. */
const PACKAGE_ENDPOINTS: readonly { readonly method: string; readonly suffix: string; readonly operation: Operation }[] = [
  { method: "GET", suffix: "", operation: "get-package" },
  { method: "DELETE", suffix: "", operation: "delete-package" },
  { method: "POST", suffix: "/restore", operation: "restore-package" },
  { method: "GET", suffix: "/versions", operation: "list-versions" },
  { method: "GET", suffix: "/versions/{package_version_id}", operation: "get-version" },
  { method: "DELETE", suffix: "/versions/{package_version_id}", operation: "delete-version" },
  { method: "POST", suffix: "/versions/{package_version_id}/restore", operation: "restore-version" },
];

const VERSION_ID_SEGMENT = "{package_version_id}";

/** Returns undefined for anything that is not a packages route (answered 404 "Not Found"). */
export function parseRoute(method: string, path: string): Route | undefined {
  const parts = path.split("/");
  if (parts[0] !== "") return undefined;
  const scoped = ownerScopeOf(parts);
  if (scoped === undefined) return undefined;
  const { scope, owner, i } = scoped;
  if (parts.length === i) return method === "GET" ? listPackagesRoute(scope, owner) : undefined;
  const rawType = parts[i];
  const rawName = parts[i + 1];
  if (rawType === undefined || rawName === undefined || rawType === "" || rawName === "" || owner === "") return undefined;
  const endpoint = packageEndpointOf(method, parts.slice(i + 2));
  if (endpoint === undefined) return undefined;
  let packageName: string;
  let decodedOwner: string | undefined;
  try {
    packageName = decodeURIComponent(rawName);
    decodedOwner = owner === undefined ? undefined : decodeURIComponent(owner);
  } catch {
    return undefined;
  }
  return {
    operation: endpoint.operation,
    scope,
    owner: decodedOwner,
    packageType: rawType,
    packageName,
    versionId: endpoint.versionId,
    endpoint: `${method} ${PREFIX[scope]}/packages/{package_type}/{package_name}${endpoint.suffix}`,
  } satisfies Route;
}

/** The owner scope a path starts with, its (raw) owner, and the index of the segment after `packages`. */
function ownerScopeOf(parts: readonly string[]): { scope: OwnerScope; owner: string | undefined; i: number } | undefined {
  for (const { scope, segments } of SCOPES) {
    if (segments.every((segment, k) => segment === "*" || parts[k + 1] === segment)) {
      const ownerAt = segments.indexOf("*");
      return { scope, owner: ownerAt < 0 ? undefined : parts[ownerAt + 1], i: segments.length + 1 };
    }
  }
  return undefined;
}

/** The package endpoint a method and the segments after the package name select, with the version id it names. */
function packageEndpointOf(
  method: string,
  rest: readonly string[],
): { operation: Operation; suffix: string; versionId: number | undefined } | undefined {
  for (const { method: m, suffix, operation } of PACKAGE_ENDPOINTS) {
    const segments = suffix === "" ? [] : suffix.slice(1).split("/");
    if (m !== method || segments.length !== rest.length) continue;
    let versionId: number | undefined;
    const matches = segments.every((segment, k) => {
      if (segment !== VERSION_ID_SEGMENT) return rest[k] === segment;
      if (!/^\d{1,15}$/.test(rest[k]!)) return false;
      versionId = Number(rest[k]);
      return true;
    });
    if (matches) return { operation, suffix, versionId };
  }
  return undefined;
}

/** GET /orgs/{org}/packages, /users/{username}/packages, /user/packages: the type comes from the query. */
function listPackagesRoute(scope: OwnerScope, owner: string | undefined): Route | undefined {
  if (owner === "") return undefined;
  let decodedOwner: string | undefined;
  try {
    decodedOwner = owner === undefined ? undefined : decodeURIComponent(owner);
  } catch {
    return undefined;
  }
  return {
    operation: "list-packages",
    scope,
    owner: decodedOwner,
    packageType: "",
    packageName: "",
    versionId: undefined,
    endpoint: `GET ${PREFIX[scope]}/packages`,
  };
}
