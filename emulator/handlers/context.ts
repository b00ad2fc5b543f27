/** What every API handler receives, and the checks they share, in GitHub's order. */
import { canAdminister, canRead, hasScopes } from "../auth";
import type { FakeClock } from "../clock";
import * as errors from "../errors";
import { type PackageType, isPackageType } from "../seed";
import { type EmulatorStore, type PackageRecord, type TokenRecord, type VersionRecord, isExpired } from "../store";
import { OPERATIONS, type Route, documentationUrl } from "./route";

export interface ApiContext {
  readonly route: Route;
  readonly token: TokenRecord;
  readonly store: EmulatorStore;
  readonly clock: FakeClock;
  readonly baseUrl: string;
  /** Request path as received (still percent-encoded), for Link headers. */
  readonly path: string;
  readonly query: URLSearchParams;
}

export interface ApiResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export function docs(ctx: ApiContext): string {
  return documentationUrl(ctx.route);
}

/** 422 for an unknown package_type. */
export function packageType(ctx: ApiContext): PackageType {
  const type = ctx.route.packageType;
  if (!isPackageType(type)) throw errors.invalidPackageType(docs(ctx));
  return type;
}

/**
 * What the token's kind allows, before the package is looked up: a classic token needs all the
 * scopes (403 naming them); fine-grained personal tokens and App installation tokens are refused
 * by every packages endpoint (403); a workflow's GITHUB_TOKEN has no scopes (its package access is
 * checked per package, see findPackage) and may not list an owner's packages (403).
 */
export function requireScopes(
  ctx: ApiContext,
  scopes: readonly string[] = OPERATIONS[ctx.route.operation].scopes,
  action = OPERATIONS[ctx.route.operation].action,
): void {
  switch (ctx.token.kind) {
    case "fine-grained":
      throw errors.notAccessibleByPersonalAccessToken(docs(ctx));
    case "app":
      throw errors.notAccessibleByIntegration(docs(ctx));
    case "actions":
      if (ctx.route.operation === "list-packages") throw errors.notAccessibleByIntegration(docs(ctx));
      return;
    case "classic":
      if (!hasScopes(ctx.token, scopes)) throw errors.missingScopes(scopes, action, docs(ctx));
  }
}

export interface FindPackageOptions {
  /** Look for a deleted package (restore) instead of an active one. */
  readonly deleted?: boolean;
  /** 403 unless the token administers the package (delete, restore). */
  readonly admin?: boolean;
}

/**
 * 404 "Package not found." when missing or invisible to the caller (for a workflow's GITHUB_TOKEN:
 * a private package whose Actions access does not list its repository), then 403 when
 * administration is needed and missing.
 */
export function findPackage(ctx: ApiContext, type: PackageType, options: FindPackageOptions = {}): PackageRecord {
  const { route, token } = ctx;
  const owner = route.scope === "authenticated-user" ? token.login : (route.owner ?? token.login);
  const pkg = ctx.store.findPackage(route.scope === "org" ? "org" : "user", owner, type, route.packageName);
  const now = ctx.clock.nowMs();
  const wanted =
    pkg !== undefined &&
    (options.deleted === true ? pkg.deletedAt !== undefined && !isExpired(pkg.deletedAt, now) : pkg.deletedAt === undefined);
  if (!wanted || !canRead(token, pkg)) throw errors.packageNotFound(docs(ctx));
  if (options.admin === true && !canAdminister(token, pkg)) {
    // A workflow's GITHUB_TOKEN that sees the package without its Admin role: the integration's refusal.
    throw token.kind === "actions" ? errors.notAccessibleByIntegration(docs(ctx)) : errors.notPackageAdmin(docs(ctx));
  }
  return pkg;
}

/** 404 "Package version not found." unless the route's version exists in the wanted state. */
export function findVersion(ctx: ApiContext, pkg: PackageRecord, state: "active" | "deleted"): VersionRecord {
  const id = ctx.route.versionId;
  const now = ctx.clock.nowMs();
  const version = id === undefined ? undefined : ctx.store.version(pkg, id);
  const ok =
    version !== undefined &&
    (state === "active" ? version.deletedAt === undefined : version.deletedAt !== undefined && !isExpired(version.deletedAt, now));
  if (!ok) throw errors.packageVersionNotFound(docs(ctx));
  return version;
}
