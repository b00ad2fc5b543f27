/**
 * PUT /v2/<owner>/<name>/manifests/<tag or digest>: stores the manifest's exact bytes under their
 * sha256 and, as on ghcr.io, makes it a version of the container package (created by the first
 * push): a new digest is a new version (new id, created_at now), a known one keeps its version; a
 * tag moves to the pushed version, leaving the version that had it without it.
 */
import { SHA256_DIGEST, sha256Digest } from "./blob-store";
import type { StoredManifest } from "./manifest-builder";
import { MANIFEST_MEDIA_TYPES, type ManifestMediaType, isIndex } from "./media-types";
import * as errors from "./oci-errors";
import { type PushTarget, requireBearer, writableRepository } from "./registry-access";
import { type RegistryContext, type RegistryRequest, type RegistryResponse, emptyResponse } from "./registry-context";

/** The OCI distribution spec's tag grammar. */
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
/** ghcr.io, like most registries, takes manifests up to 4 MiB (the spec's SHOULD). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

interface PushedDescriptor {
  digest?: unknown;
  urls?: unknown;
}

interface PushedManifest {
  schemaVersion?: unknown;
  mediaType?: unknown;
  config?: PushedDescriptor;
  layers?: unknown;
  manifests?: unknown;
}

function mediaTypeOf(request: RegistryRequest, manifest: PushedManifest): ManifestMediaType {
  const sent = (request.contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const declared = typeof manifest.mediaType === "string" ? manifest.mediaType : undefined;
  const mediaType = sent === "" ? declared : sent;
  if (!(MANIFEST_MEDIA_TYPES as readonly string[]).includes(mediaType ?? "")) {
    throw errors.manifestInvalid(`media type ${JSON.stringify(mediaType ?? "")} is not one of ${MANIFEST_MEDIA_TYPES.join(", ")}`);
  }
  if (declared !== undefined && declared !== mediaType)
    throw errors.manifestInvalid(`Content-Type ${mediaType} differs from the manifest's mediaType ${declared}`);
  return mediaType as ManifestMediaType;
}

function parse(body: Buffer): PushedManifest {
  if (body.length > MAX_MANIFEST_BYTES) throw errors.manifestInvalid(`larger than ${MAX_MANIFEST_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw errors.manifestInvalid("not JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw errors.manifestInvalid("not a JSON object");
  const manifest = parsed as PushedManifest;
  if (manifest.schemaVersion !== 2) throw errors.manifestInvalid("schemaVersion must be 2");
  return manifest;
}

/** An image manifest's config and layers must be blobs of the repository (but for non-distributable layers, fetched from their `urls`). */
function checkBlobs(ctx: RegistryContext, repository: string, manifest: PushedManifest): void {
  const layers = Array.isArray(manifest.layers) ? (manifest.layers as PushedDescriptor[]) : undefined;
  if (manifest.config === undefined || typeof manifest.config !== "object" || layers === undefined)
    throw errors.manifestInvalid("an image manifest needs config and layers");
  for (const descriptor of [manifest.config, ...layers]) {
    if (typeof descriptor?.digest !== "string") throw errors.manifestInvalid("a descriptor has no digest");
    if (Array.isArray(descriptor.urls) && descriptor.urls.length > 0) continue;
    if (ctx.blobs.get(repository, descriptor.digest) === undefined) throw errors.manifestBlobUnknown(descriptor.digest);
  }
}

export function putManifest(ctx: RegistryContext, request: RegistryRequest, repository: string, reference: string): RegistryResponse {
  const grant = requireBearer(ctx, request, repository, "push");
  const target: PushTarget = writableRepository(ctx, grant, repository);
  const byDigest = reference.includes(":");
  if (byDigest && !SHA256_DIGEST.test(reference))
    throw errors.digestInvalid(`digest must be sha256:<64 lower-case hex digits>, got ${JSON.stringify(reference)}`);
  if (!byDigest && !TAG.test(reference)) throw errors.tagInvalid(reference);
  const manifest = parse(request.body);
  const mediaType = mediaTypeOf(request, manifest);
  if (isIndex(mediaType)) {
    if (!Array.isArray(manifest.manifests)) throw errors.manifestInvalid("an index needs manifests");
  } else {
    checkBlobs(ctx, repository, manifest);
  }
  const digest = sha256Digest(request.body);
  if (byDigest && digest !== reference) throw errors.digestInvalid();
  const pkg =
    target.pkg ??
    ctx.store.createPackage({ owner: target.owner, ownerType: target.ownerType, packageType: "container", name: target.name }, ctx.nowMs);
  const stored = { mediaType, body: request.body } satisfies StoredManifest;
  ctx.store.pushManifest(pkg, { name: digest, manifest: stored, tag: byDigest ? undefined : reference }, ctx.nowMs);
  return emptyResponse(201, { location: `/v2/${repository}/manifests/${digest}`, "docker-content-digest": digest });
}
