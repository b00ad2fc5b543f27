/** Tokens, scopes and who may read or administer a package. */
import type { EmulatorStore, PackageRecord, TokenRecord } from "./store";

export type AuthResult =
  /** No token: the client's address names it in the unauthenticated rate-limit message. */
  | { readonly kind: "anonymous"; readonly clientAddress: string }
  | { readonly kind: "invalid" }
  | { readonly kind: "token"; readonly token: TokenRecord };

const INVALID: AuthResult = { kind: "invalid" };

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

/** Public packages: any valid token. Private org packages: org members and admins. Private user packages: that user. */
export function canRead(token: TokenRecord, pkg: PackageRecord): boolean {
  if (pkg.visibility === "public") return true;
  const owner = pkg.owner.toLowerCase();
  if (pkg.ownerType === "org") return token.orgMember.has(owner) || token.orgAdmin.has(owner);
  return token.login.toLowerCase() === owner;
}

/** Delete and restore: org admins for org packages, the owning user for user packages. */
export function canAdminister(token: TokenRecord, pkg: PackageRecord): boolean {
  const owner = pkg.owner.toLowerCase();
  return pkg.ownerType === "org" ? token.orgAdmin.has(owner) : token.login.toLowerCase() === owner;
}
