/**
 * GET and HEAD /v2/<owner>/<name>/manifests/<digest or tag>: the version's manifest with its media
 * type and digest. A GET counts as a download of the version, as on GitHub. PUT pushes one
 * (manifest-push.ts); DELETE is 405 UNSUPPORTED, as on ghcr.io (versions are deleted through the API).
 */
import type { PackageRecord, VersionRecord } from "../store";
import { accepts, notAcceptedMessage } from "./media-types";
import * as errors from "./oci-errors";
import { readableRepository, requireBearer } from "./registry-access";
import type { RegistryContext, RegistryRequest, RegistryResponse } from "./registry-context";

/** The active version a digest (`sha256:...`) or tag names. */
function resolve(ctx: RegistryContext, pkg: PackageRecord, reference: string): VersionRecord | undefined {
  // The store's indexes keep list order (newest first): a tag on two versions names the newer.
  return reference.includes(":") ? ctx.store.activeNamed(pkg, reference) : ctx.store.activeTagged(pkg, reference);
}

export function getManifest(ctx: RegistryContext, request: RegistryRequest, repository: string, reference: string): RegistryResponse {
  const grant = requireBearer(ctx, request, repository);
  if (request.method !== "GET" && request.method !== "HEAD") throw errors.unsupported();
  const pkg = readableRepository(ctx, grant, repository);
  const version = resolve(ctx, pkg, reference);
  const manifest = version?.manifest;
  if (version === undefined || manifest === undefined) throw errors.manifestUnknown();
  if (!accepts(request.accept, manifest.mediaType)) throw errors.manifestUnknown(notAcceptedMessage(manifest.mediaType));
  if (request.method === "GET") ctx.store.countDownload(pkg, version);
  return {
    status: 200,
    headers: {
      "content-type": manifest.mediaType,
      "content-length": String(Buffer.byteLength(manifest.body)),
      // The version's name: the sha256 of these bytes for pushed and computed versions; a seeded
      // name is served as seeded (docs/emulator-registry.md, Seeded digests).
      "docker-content-digest": version.name,
    },
    body: manifest.body,
  } satisfies RegistryResponse;
}
