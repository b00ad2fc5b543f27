/**
 * List an owner's packages of one type: GET /orgs/{org}/packages, /users/{username}/packages and
 * /user/packages, with the required package_type, the optional visibility filter and paging.
 */
import { canRead } from "../auth";
import * as errors from "../errors";
import { toPackage } from "../representations";
import { isPackageType } from "../seed";
import type { PackageRecord } from "../store";
import { type ApiContext, type ApiResponse, docs, requireScopes } from "./context";
import { paginate } from "./pagination";

const VISIBILITIES = ["public", "private", "internal"] as const;
type VisibilityFilter = (typeof VISIBILITIES)[number];

/** Registries with granular permissions, where `internal` is a visibility of its own (none in the emulator). */
const GRANULAR = new Set(["container", "npm", "nuget", "rubygems"]);

function visibilityFilter(ctx: ApiContext): VisibilityFilter | undefined {
  const raw = ctx.query.get("visibility");
  if (raw === null) return undefined;
  if (!(VISIBILITIES as readonly string[]).includes(raw)) throw errors.invalidVisibility(docs(ctx));
  return raw as VisibilityFilter;
}

function matchesVisibility(pkg: PackageRecord, filter: VisibilityFilter | undefined): boolean {
  if (filter === undefined) return true;
  // GitHub: `internal` is only its own visibility on registries with granular permissions; elsewhere it means private.
  if (filter === "internal") return !GRANULAR.has(pkg.packageType) && pkg.visibility === "private";
  return pkg.visibility === filter;
}

export function listPackages(ctx: ApiContext): ApiResponse {
  const type = ctx.query.get("package_type");
  if (type === null || !isPackageType(type)) throw errors.invalidPackageType(docs(ctx));
  const visibility = visibilityFilter(ctx);
  requireScopes(ctx);
  const { route, token } = ctx;
  const owner = route.scope === "authenticated-user" ? token.login : (route.owner ?? token.login);
  const visible = ctx.store
    .listPackages(route.scope === "org" ? "org" : "user", owner, type)
    .filter((pkg) => pkg.deletedAt === undefined && canRead(token, pkg) && matchesVisibility(pkg, visibility));
  const page = paginate(ctx, visible);
  return {
    status: 200,
    body: page.items.map((pkg) => toPackage(ctx.baseUrl, ctx.store, pkg)),
    ...(page.link !== undefined && { headers: { link: page.link } }),
  };
}
