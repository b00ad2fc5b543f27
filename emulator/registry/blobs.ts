/**
 * GET and HEAD /v2/<owner>/<name>/blobs/<digest>: a stored blob, its bytes hashing to the digest.
 * DELETE is 405 UNSUPPORTED, as on ghcr.io (storage is GitHub's business, not the client's).
 */
import type { RegistryGrant } from "./registry-tokens";
import * as errors from "./oci-errors";
import { findPackage, mayPush, readableRepository, requireBearer } from "./registry-access";
import type { RegistryContext, RegistryRequest, RegistryResponse } from "./registry-context";

/**
 * Checks that the grant may read blobs of `repository`: a readable package's, or, before a manifest
 * made the repository a package, blobs the token's user could push there (clients look for each
 * blob before uploading it, and read it back after).
 */
function requireBlobReader(ctx: RegistryContext, grant: RegistryGrant, repository: string): void {
  try {
    readableRepository(ctx, grant, repository);
  } catch (e) {
    const token = grant.githubToken === undefined ? undefined : ctx.store.token(grant.githubToken);
    if (!(e instanceof errors.RegistryError) || e.code !== "NAME_UNKNOWN" || token === undefined || !mayPush(ctx, token, repository.toLowerCase())) throw e;
    if (findPackage(ctx, ...ownerAndName(repository)) !== undefined) throw e;
  }
}

function ownerAndName(repository: string): [string, string] {
  const slash = repository.indexOf("/");
  return [repository.slice(0, slash), repository.slice(slash + 1)];
}

export function getBlob(ctx: RegistryContext, request: RegistryRequest, repository: string, digest: string): RegistryResponse {
  const grant = requireBearer(ctx, request, repository);
  if (request.method !== "GET" && request.method !== "HEAD") throw errors.unsupported();
  requireBlobReader(ctx, grant, repository);
  const bytes = ctx.blobs.get(repository, digest);
  if (bytes === undefined) throw errors.blobUnknown();
  return {
    status: 200,
    headers: { "content-type": "application/octet-stream", "content-length": String(bytes.length), "docker-content-digest": digest },
    body: bytes,
  } satisfies RegistryResponse;
}
