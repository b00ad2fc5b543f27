/**
 * Who may pull and push what: the bearer token must be one the token endpoint issued, for this
 * repository and action. Pull: the package must be an active container or docker package its user
 * can read, as in the REST API (public: anyone; private: a token with read:packages whose user can
 * read it, see auth.ts). Push: a GitHub token with write:packages whose user owns the package or
 * belongs to its org; a repository that names no package yet is created on the first manifest push,
 * under the token's user or an org it belongs to.
 */
import { canRead, hasScopes } from "../auth";
import type { OwnerType, PackageType } from "../seed";
import type { PackageRecord, TokenRecord } from "../store";
import { type RegistryAction, bearerChallenge } from "./challenge";
import * as errors from "./oci-errors";
import type { RegistryContext, RegistryRequest } from "./registry-context";
import type { RegistryGrant } from "./registry-tokens";

/** The OCI distribution spec's repository name grammar: lower-case path components. */
const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const READ_SCOPES = ["read:packages"] as const;
const WRITE_SCOPES = ["write:packages"] as const;
const OWNER_TYPES: readonly OwnerType[] = ["org", "user"];
const REGISTRY_TYPES: readonly PackageType[] = ["container", "docker"];

/**
 * The grant of a valid, unexpired bearer token that covers `repository` (when the path names one)
 * for `action`; else 401 with the challenge (naming the scope the request needs), or 403 DENIED
 * when the token asked to push there and was refused.
 */
export function requireBearer(
  ctx: RegistryContext,
  request: RegistryRequest,
  repository: string | undefined,
  action: RegistryAction = "pull",
): RegistryGrant {
  const challenge = (): errors.RegistryError => errors.authenticationRequired(bearerChallenge(request.at, repository, action));
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(request.authorization ?? "")?.[1];
  const grant = bearer === undefined ? undefined : ctx.tokens.grant(bearer, ctx.nowMs);
  if (grant === undefined) throw challenge();
  // The GitHub token behind it may have been removed since (reset, reseed).
  if (grant.githubToken !== undefined && ctx.store.token(grant.githubToken) === undefined) throw challenge();
  if (repository === undefined) return grant;
  const name = repository.toLowerCase();
  if (action === "pull" && !grant.repositories.has(name)) throw challenge();
  if (action === "push" && !grant.pushRepositories.has(name)) throw grant.pushRefused.has(name) ? errors.denied() : challenge();
  return grant;
}

export function findPackage(ctx: RegistryContext, owner: string, name: string): PackageRecord | undefined {
  for (const ownerType of OWNER_TYPES) {
    for (const type of REGISTRY_TYPES) {
      const exact = ctx.store.findPackage(ownerType, owner, type, name);
      if (exact !== undefined) return exact;
      // Registry names are lower-case; a seed may spell the package otherwise.
      const spelt = ctx.store.listPackages(ownerType, owner, type).find((p) => p.name.toLowerCase() === name);
      if (spelt !== undefined) return spelt;
    }
  }
  return undefined;
}

/** The package `<owner>/<name>` names, when the grant's user may pull it; else NAME_UNKNOWN (or NAME_INVALID). */
export function readableRepository(ctx: RegistryContext, grant: RegistryGrant, repository: string): PackageRecord {
  if (!REPOSITORY_NAME.test(repository)) throw errors.nameInvalid();
  const slash = repository.indexOf("/");
  if (slash === -1) throw errors.nameUnknown();
  const pkg = findPackage(ctx, repository.slice(0, slash), repository.slice(slash + 1));
  if (pkg === undefined || pkg.deletedAt !== undefined) throw errors.nameUnknown();
  if (pkg.visibility === "public") return pkg;
  const token = grant.githubToken === undefined ? undefined : ctx.store.token(grant.githubToken);
  if (token === undefined || !hasScopes(token, READ_SCOPES) || !canRead(token, pkg)) throw errors.nameUnknown();
  return pkg;
}

/** Where a push goes: the package the repository names, or the owner and name of the one its first manifest creates. */
export interface PushTarget {
  readonly repository: string;
  readonly owner: string;
  readonly ownerType: OwnerType;
  readonly name: string;
  /** Undefined until a manifest is pushed: blobs alone create no package. */
  readonly pkg: PackageRecord | undefined;
}

/** Where `token` may push `repository` to, or undefined when it may not. */
function pushTarget(ctx: RegistryContext, token: TokenRecord, repository: string): PushTarget | undefined {
  if (!REPOSITORY_NAME.test(repository) || !hasScopes(token, WRITE_SCOPES)) return undefined;
  const slash = repository.indexOf("/");
  if (slash === -1) return undefined;
  const owner = repository.slice(0, slash);
  const name = repository.slice(slash + 1);
  const login = token.login.toLowerCase();
  const member = (org: string): boolean => token.orgMember.has(org) || token.orgAdmin.has(org);
  const pkg = findPackage(ctx, owner, name);
  if (pkg !== undefined) {
    // Pushes go to ghcr.io's container packages; a deleted one is restored through the API, not pushed over.
    if (pkg.packageType !== "container" || pkg.deletedAt !== undefined) return undefined;
    const allowed = pkg.ownerType === "user" ? pkg.owner.toLowerCase() === login : member(pkg.owner.toLowerCase());
    return allowed ? { repository, owner: pkg.owner, ownerType: pkg.ownerType, name: pkg.name, pkg } : undefined;
  }
  if (owner === login) return { repository, owner: token.login, ownerType: "user", name, pkg: undefined };
  return member(owner) ? { repository, owner, ownerType: "org", name, pkg: undefined } : undefined;
}

export function mayPush(ctx: RegistryContext, token: TokenRecord, repository: string): boolean {
  return pushTarget(ctx, token, repository) !== undefined;
}

/** The push target of a grant requireBearer(..., "push") accepted; DENIED when the package changed since the token was issued. */
export function writableRepository(ctx: RegistryContext, grant: RegistryGrant, repository: string): PushTarget {
  const token = grant.githubToken === undefined ? undefined : ctx.store.token(grant.githubToken);
  const target = token === undefined ? undefined : pushTarget(ctx, token, repository.toLowerCase());
  if (target === undefined) throw errors.denied();
  return target;
}
