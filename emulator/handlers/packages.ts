/** Get, delete and restore a package. Deleting a package deletes its active versions with it; restoring brings them back. */
import { toPackage } from "../representations";
import { type ApiContext, type ApiResponse, findPackage, packageType, requireScopes } from "./context";

export function getPackage(ctx: ApiContext): ApiResponse {
  const type = packageType(ctx);
  requireScopes(ctx);
  return { status: 200, body: toPackage(ctx.baseUrl, ctx.store, findPackage(ctx, type)) };
}

export function deletePackage(ctx: ApiContext): ApiResponse {
  const type = packageType(ctx);
  requireScopes(ctx);
  const pkg = findPackage(ctx, type, { admin: true });
  ctx.store.deletePackage(pkg, ctx.clock.nowMs());
  return { status: 204 };
}

/** The optional `token` query parameter (a registry token on GitHub) is accepted and ignored. */
export function restorePackage(ctx: ApiContext): ApiResponse {
  const type = packageType(ctx);
  requireScopes(ctx);
  const pkg = findPackage(ctx, type, { deleted: true, admin: true });
  ctx.store.restorePackage(pkg);
  return { status: 204 };
}
