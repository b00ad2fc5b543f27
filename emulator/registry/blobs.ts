/**
 * GET and HEAD /v2/<owner>/<name>/blobs/<digest>: a stored blob, its bytes hashing to the digest
 * (a `Range: bytes=...` GET answers 206 with that part, 416 when no byte of it exists). DELETE is
 * 405 UNSUPPORTED, as on ghcr.io (versions are deleted through the API; blobs are GitHub's business).
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
    if (
      !(e instanceof errors.RegistryError) ||
      e.code !== "NAME_UNKNOWN" ||
      token === undefined ||
      !mayPush(ctx, token, repository.toLowerCase())
    )
      throw e;
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
  if (request.range !== undefined) return partial(bytes, digest, request.range);
  return {
    status: 200,
    headers: { "content-type": "application/octet-stream", "content-length": String(bytes.length), "docker-content-digest": digest },
    body: bytes,
  } satisfies RegistryResponse;
}

/** The first and last byte `range` (one `bytes=` range) asks for, clipped to the blob; undefined when none exists. */
function byteRange(range: string, length: number): [number, number] | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (m === null || (m[1] === "" && m[2] === "")) return undefined;
  const [first, last] =
    m[1] === "" ? [length - Number(m[2]), length - 1] : [Number(m[1]), m[2] === "" ? length - 1 : Math.min(Number(m[2]), length - 1)];
  return first < 0 || first > last || first >= length ? undefined : [first, last];
}

function partial(bytes: Buffer, digest: string, range: string): RegistryResponse {
  const wanted = byteRange(range, bytes.length);
  if (wanted === undefined) throw errors.rangeNotSatisfiable(bytes.length);
  const [first, last] = wanted;
  const part = bytes.subarray(first, last + 1);
  return {
    status: 206,
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(part.length),
      "content-range": `bytes ${first}-${last}/${bytes.length}`,
      "docker-content-digest": digest,
    },
    body: part,
  } satisfies RegistryResponse;
}
