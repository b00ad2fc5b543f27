/** List, get, delete and restore package versions, with GitHub's delete and restore rules. */
import * as errors from "../errors";
import { toPackageVersion } from "../representations";
import { type ApiContext, type ApiResponse, docs, findPackage, findVersion, packageType, requireScopes } from "./context";
import { paginate } from "./pagination";

const DELETED_SCOPES = ["delete:packages", "read:packages"] as const;

export function listVersions(ctx: ApiContext): ApiResponse {
  const type = packageType(ctx);
  const state = ctx.query.get("state") ?? "active";
  if (state !== "active" && state !== "deleted") throw errors.invalidState(docs(ctx));
  if (state === "deleted") requireScopes(ctx, DELETED_SCOPES, "get a package's deleted versions");
  else requireScopes(ctx);
  // A workflow's GITHUB_TOKEN sees deleted versions where it may restore them: with the Admin role.
  const pkg = findPackage(ctx, type, { admin: state === "deleted" && ctx.token.kind === "actions" });
  // Newest first, and kept by the store until the package's next write: a page costs a page.
  const page = paginate(ctx, ctx.store.listVersions(pkg, state, ctx.clock.nowMs()));
  return {
    status: 200,
    body: page.items.map((v) => toPackageVersion(ctx.baseUrl, pkg, v)),
    ...(page.link !== undefined && { headers: { link: page.link } }),
  };
}

export function getVersion(ctx: ApiContext): ApiResponse {
  const type = packageType(ctx);
  requireScopes(ctx);
  const pkg = findPackage(ctx, type);
  const version = findVersion(ctx, pkg, "active");
  return { status: 200, body: toPackageVersion(ctx.baseUrl, pkg, version) };
}

export function deleteVersion(ctx: ApiContext): ApiResponse {
  const type = packageType(ctx);
  requireScopes(ctx);
  const pkg = findPackage(ctx, type, { admin: true });
  const version = findVersion(ctx, pkg, "active");
  if (pkg.visibility === "public" && version.downloads > 5000) throw errors.tooManyDownloads(docs(ctx));
  // `version` is active: when it is tagged and the only tagged one, it is the last tagged version.
  if (pkg.packageType === "container" && version.tags.length > 0 && ctx.store.activeTaggedCount(pkg) === 1) {
    throw errors.lastTaggedVersion(docs(ctx));
  }
  const now = ctx.clock.nowMs();
  if (ctx.store.activeCount(pkg) === 1) {
    if (pkg.packageType === "maven" || pkg.packageType === "nuget") throw errors.lastVersion(docs(ctx));
    if (pkg.packageType === "npm" || pkg.packageType === "rubygems") {
      // The newer registries delete the whole package with its last version (restorable with the package).
      ctx.store.deletePackage(pkg, now);
      return { status: 204 };
    }
  }
  ctx.store.deleteVersion(pkg, version, now);
  return { status: 204 };
}

export function restoreVersion(ctx: ApiContext): ApiResponse {
  const type = packageType(ctx);
  requireScopes(ctx);
  const pkg = findPackage(ctx, type, { admin: true });
  const version = findVersion(ctx, pkg, "deleted");
  // `version` is deleted, so any active version of its name is another one.
  if (ctx.store.activeNamed(pkg, version.name) !== undefined) {
    throw errors.versionNameReused(docs(ctx));
  }
  ctx.store.restoreVersion(pkg, version);
  return { status: 204 };
}
