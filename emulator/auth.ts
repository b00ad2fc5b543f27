/** Tokens, their kinds and scopes, and who may read or administer a package. */
import type { ActionsRole } from "./seed";
import type { EmulatorStore, PackageRecord, TokenRecord } from "./store";

export type AuthResult =
  /** No token: the client's address names it in the unauthenticated rate-limit message. */
  | { readonly kind: "anonymous"; readonly clientAddress: string }
  | { readonly kind: "invalid" }
  | { readonly kind: "token"; readonly token: TokenRecord };

const INVALID: AuthResult = { kind: "invalid" };

/** Registries with granular permissions: a workflow's GITHUB_TOKEN reaches their packages through "Manage Actions access". */
export const GRANULAR_REGISTRIES: ReadonlySet<string> = new Set(["container", "npm", "nuget", "rubygems"]);

/** Accepts `Authorization: token X` and `Authorization: Bearer X`, as GitHub does. */
export function authenticate(store: EmulatorStore, header: string | undefined, clientAddress: string): AuthResult {
  if (header === undefined || header.trim() === "") return { kind: "anonymous", clientAddress };
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
  const token = match?.[1] === undefined ? undefined : store.token(match[1]);
  return token === undefined ? INVALID : { kind: "token", token };
}

export function hasScopes(token: TokenRecord, required: readonly string[]): boolean {
  return required.every((scope) => token.scopes.includes(scope));
}

/**
 * The role of an actions token's repository on a package: its "Manage Actions access" entry on
 * registries with granular permissions; on repository-scoped registries (maven, docker) the
 * linked repository's workflows may read and publish (write), never delete.
 */
export function actionsRole(token: TokenRecord, pkg: PackageRecord): ActionsRole | undefined {
  const repository = token.repository?.toLowerCase();
  if (token.kind !== "actions" || repository === undefined) return undefined;
  if (GRANULAR_REGISTRIES.has(pkg.packageType)) return pkg.actionsAccess.get(repository);
  return pkg.repository?.toLowerCase() === repository ? "write" : undefined;
}

/**
 * Public packages: any valid token. Private org packages: org members and admins. Private user
 * packages: that user. An actions token: its repository's Actions access (any role).
 */
export function canRead(token: TokenRecord, pkg: PackageRecord): boolean {
  if (pkg.visibility === "public") return true;
  if (token.kind === "actions") return actionsRole(token, pkg) !== undefined;
  const owner = pkg.owner.toLowerCase();
  if (pkg.ownerType === "org") return token.orgMember.has(owner) || token.orgAdmin.has(owner);
  return token.login.toLowerCase() === owner;
}

/**
 * Delete and restore: org admins for org packages, the owning user for user packages; an actions
 * token when its repository has the Admin role on a package of a registry with granular permissions.
 */
export function canAdminister(token: TokenRecord, pkg: PackageRecord): boolean {
  if (token.kind === "actions") return GRANULAR_REGISTRIES.has(pkg.packageType) && actionsRole(token, pkg) === "admin";
  const owner = pkg.owner.toLowerCase();
  return pkg.ownerType === "org" ? token.orgAdmin.has(owner) : token.login.toLowerCase() === owner;
}
