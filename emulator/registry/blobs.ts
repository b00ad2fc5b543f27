/**
 * GET and HEAD /v2/<owner>/<name>/blobs/<digest>: a stored blob, its bytes hashing to the digest.
 * DELETE is 405 UNSUPPORTED, as on ghcr.io (storage is GitHub's business, not the client's).
 */
import type { RegistryGrant } from "./registry-tokens";
import * as errors from "./oci-errors";
import { readableRepository, requireBearer, writableRepository } from "./registry-access";
import type { RegistryContext, RegistryRequest, RegistryResponse } from "./registry-context";

/**
 * Checks that the grant may read blobs of `repository`: a pusher may, before any manifest made the
 * repository a package (clients look for each blob before uploading it); others need a readable package.
 */
export function requireBlobReader(ctx: RegistryContext, grant: RegistryGrant, repository: string): void {
  if (grant.pushRepositories.has(repository.toLowerCase())) writableRepository(ctx, grant, repository);
  else readableRepository(ctx, grant, repository);
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
