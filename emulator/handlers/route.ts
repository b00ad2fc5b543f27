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

/** Returns undefined for anything that is not a packages route (answered 404 "Not Found"). */
export function parseRoute(method: string, path: string): Route | undefined {
  const parts = path.split("/");
  if (parts[0] !== "") return undefined;
  let scope: OwnerScope;
  let owner: string | undefined;
  let i: number;
  if (parts[1] === "orgs" && parts[3] === "packages") {
    scope = "org";
    owner = parts[2];
    i = 4;
  } else if (parts[1] === "users" && parts[3] === "packages") {
    scope = "user";
    owner = parts[2];
    i = 4;
  } else if (parts[1] === "user" && parts[2] === "packages") {
    scope = "authenticated-user";
    owner = undefined;
    i = 3;
  } else {
    return undefined;
  }
  if (parts.length === i) return method === "GET" ? listPackagesRoute(scope, owner) : undefined;
  const rawType = parts[i];
  const rawName = parts[i + 1];
  if (rawType === undefined || rawName === undefined || rawType === "" || rawName === "" || owner === "") return undefined;
  const rest = parts.slice(i + 2);
  let operation: Operation | undefined;
  let versionId: number | undefined;
  let suffix = "";
  if (rest.length === 0) {
    operation = method === "GET" ? "get-package" : method === "DELETE" ? "delete-package" : undefined;
  } else if (rest.length === 1 && rest[0] === "restore") {
    operation = method === "POST" ? "restore-package" : undefined;
    suffix = "/restore";
  } else if (rest[0] === "versions") {
    if (rest.length === 1) {
      operation = method === "GET" ? "list-versions" : undefined;
      suffix = "/versions";
    } else if (/^\d{1,15}$/.test(rest[1] ?? "") && (rest.length === 2 || (rest.length === 3 && rest[2] === "restore"))) {
      versionId = Number(rest[1]);
      if (rest.length === 2) {
        operation = method === "GET" ? "get-version" : method === "DELETE" ? "delete-version" : undefined;
        suffix = "/versions/{package_version_id}";
      } else {
        operation = method === "POST" ? "restore-version" : undefined;
        suffix = "/versions/{package_version_id}/restore";
      }
    }
  }
  if (operation === undefined) return undefined;
  let packageName: string;
  let decodedOwner: string | undefined;
  try {
    packageName = decodeURIComponent(rawName);
    decodedOwner = owner === undefined ? undefined : decodeURIComponent(owner);
  } catch {
    return undefined;
  }
  return {
    operation,
    scope,
    owner: decodedOwner,
    packageType: rawType,
    packageName,
    versionId,
    endpoint: `${method} ${PREFIX[scope]}/packages/{package_type}/{package_name}${suffix}`,
  };
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
