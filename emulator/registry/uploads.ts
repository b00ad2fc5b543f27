/**
 * Blob uploads as the OCI distribution spec describes them: POST /v2/<name>/blobs/uploads/ opens a
 * session (202, Location), or stores the body at once with `?digest=` (monolithic, 201), or mounts
 * a blob of another repository with `?mount=<digest>&from=<repository>` (201; 202 and a session
 * when the blob is not there or the token may not pull it); PATCH appends a chunk (Content-Range
 * must start where the upload ends, else 416), GET reports the Range received, PUT `?digest=`
 * closes it (with a last chunk in the body, or none) and DELETE cancels it.
 */
import { SHA256_DIGEST, sha256Digest } from "./blob-store";
import * as errors from "./oci-errors";
import { requireBearer, writableRepository, readableRepository } from "./registry-access";
import { type RegistryContext, type RegistryRequest, type RegistryResponse, emptyResponse } from "./registry-context";
import type { RegistryGrant } from "./registry-tokens";
import type { UploadSession } from "./upload-sessions";

function blobCreated(repository: string, digest: string): RegistryResponse {
  return emptyResponse(201, { location: `/v2/${repository}/blobs/${digest}`, "docker-content-digest": digest });
}

/** "0-<last byte received>", "0-0" before the first byte, as docker/distribution writes it. */
function rangeOf(session: UploadSession): string {
  return `0-${Math.max(0, session.size - 1)}`;
}

function sessionHeaders(repository: string, session: UploadSession): Record<string, string> {
  return { location: `/v2/${repository}/blobs/uploads/${session.id}`, range: rangeOf(session), "docker-upload-uuid": session.id };
}

function requireDigest(value: string | null): string {
  if (value === null || !SHA256_DIGEST.test(value))
    throw errors.digestInvalid(`digest must be sha256:<64 lower-case hex digits>, got ${JSON.stringify(value ?? "")}`);
  return value;
}

/** Stores `bytes` when they hash to `digest`. */
function storeBlob(ctx: RegistryContext, repository: string, digest: string, bytes: Buffer): RegistryResponse {
  if (sha256Digest(bytes) !== digest) throw errors.digestInvalid();
  ctx.blobs.put(repository, bytes);
  return blobCreated(repository, digest);
}

/** Whether the grant may pull `from`, so a blob can be mounted from it. */
function mayMountFrom(ctx: RegistryContext, grant: RegistryGrant, from: string): boolean {
  if (!grant.repositories.has(from.toLowerCase())) return false;
  try {
    readableRepository(ctx, grant, from);
    return true;
  } catch (e) {
    if (e instanceof errors.RegistryError) return false;
    throw e;
  }
}

export function startUpload(ctx: RegistryContext, request: RegistryRequest, repository: string): RegistryResponse {
  const grant = requireBearer(ctx, request, repository, "push");
  if (request.method !== "POST") throw errors.unsupported();
  writableRepository(ctx, grant, repository);
  const mount = request.query.get("mount");
  const from = request.query.get("from");
  if (mount !== null && SHA256_DIGEST.test(mount)) {
    if (from !== null && mayMountFrom(ctx, grant, from) && ctx.blobs.mount(repository, from, mount)) return blobCreated(repository, mount);
    if (ctx.blobs.get(repository, mount) !== undefined) return blobCreated(repository, mount);
  }
  if (request.query.has("digest")) return storeBlob(ctx, repository, requireDigest(request.query.get("digest")), request.body);
  const session = ctx.uploads.open(repository);
  return emptyResponse(202, sessionHeaders(repository, session));
}

function openSession(ctx: RegistryContext, repository: string, id: string): UploadSession {
  const session = ctx.uploads.get(repository, id);
  if (session === undefined) throw errors.blobUploadUnknown();
  return session;
}

/** Appends a chunk; with Content-Range, it must start where the upload ends. */
function append(repository: string, session: UploadSession, request: RegistryRequest): void {
  if (request.contentRange !== undefined) {
    const range = /^(?:bytes[ =])?(\d+)-(\d+)$/.exec(request.contentRange.trim());
    const start = range === null ? Number.NaN : Number(range[1]);
    const end = range === null ? Number.NaN : Number(range[2]);
    if (start !== session.size || end - start + 1 !== request.body.length) throw errors.rangeInvalid(sessionHeaders(repository, session));
  }
  if (request.body.length === 0) return;
  session.chunks.push(request.body);
  session.size += request.body.length;
}

export function continueUpload(ctx: RegistryContext, request: RegistryRequest, repository: string, id: string): RegistryResponse {
  const grant = requireBearer(ctx, request, repository, "push");
  writableRepository(ctx, grant, repository);
  const session = openSession(ctx, repository, id);
  switch (request.method) {
    case "GET":
      return emptyResponse(204, sessionHeaders(repository, session));
    case "PATCH":
      append(repository, session, request);
      return emptyResponse(202, sessionHeaders(repository, session));
    case "PUT": {
      const digest = requireDigest(request.query.get("digest"));
      append(repository, session, request);
      const response = storeBlob(ctx, repository, digest, Buffer.concat(session.chunks));
      ctx.uploads.close(session.id);
      return response;
    }
    case "DELETE":
      ctx.uploads.close(session.id);
      return emptyResponse(204);
    default:
      throw errors.unsupported();
  }
}
