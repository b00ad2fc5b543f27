/**
 * Who may pull what: the bearer token must be one the token endpoint issued, for this repository;
 * the package must be an active container or docker package its user can read, as in the REST API
 * (public: anyone; private: a token with read:packages whose user can read it, see auth.ts).
 */
import { canRead, hasScopes } from "../auth";
import type { OwnerType, PackageType } from "../seed";
import type { PackageRecord } from "../store";
import { bearerChallenge } from "./challenge";
import * as errors from "./oci-errors";
import type { RegistryContext, RegistryRequest } from "./registry-context";
import type { RegistryGrant } from "./registry-tokens";

/** The OCI distribution spec's repository name grammar: lower-case path components. */
const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const READ_SCOPES = ["read:packages"] as const;
const OWNER_TYPES: readonly OwnerType[] = ["org", "user"];
const REGISTRY_TYPES: readonly PackageType[] = ["container", "docker"];

/** The grant of a valid, unexpired bearer token that covers `repository` (when the path names one); else 401 with the challenge. */
export function requireBearer(ctx: RegistryContext, request: RegistryRequest, repository: string | undefined): RegistryGrant {
  const challenge = (): errors.RegistryError => errors.authenticationRequired(bearerChallenge(request.at, repository));
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(request.authorization ?? "")?.[1];
  const grant = bearer === undefined ? undefined : ctx.tokens.grant(bearer, ctx.nowMs);
  if (grant === undefined) throw challenge();
  // The GitHub token behind it may have been removed since (reset, reseed).
  if (grant.githubToken !== undefined && ctx.store.token(grant.githubToken) === undefined) throw challenge();
  if (repository !== undefined && !grant.repositories.has(repository.toLowerCase())) throw challenge();
  return grant;
}

function findPackage(ctx: RegistryContext, owner: string, name: string): PackageRecord | undefined {
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
