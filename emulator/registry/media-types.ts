/** The four manifest media types the registry serves, what each one is, and `Accept` negotiation. */

export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
export const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

/** In the order seed.schema.json lists them. */
export const MANIFEST_MEDIA_TYPES = [OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST] as const;
export type ManifestMediaType = (typeof MANIFEST_MEDIA_TYPES)[number];

/** Blobs an image manifest points at (the emulator serves no blobs; their digests are made up). */
export const OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
export const OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
/** The empty descriptor the OCI image spec recommends as the config of an artifact. */
export const OCI_EMPTY = "application/vnd.oci.empty.v1+json";
export const DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
export const DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
/** Layers of a buildx attestation manifest, a cosign signature and a cosign attestation. */
export const IN_TOTO_LAYER = "application/vnd.in-toto+json";
export const COSIGN_SIGNATURE_LAYER = "application/vnd.dev.cosign.simplesigning.v1+json";
export const DSSE_LAYER = "application/vnd.dsse.envelope.v1+json";

/** An index (OCI image index or Docker manifest list): it lists other manifests. */
export function isIndex(mediaType: ManifestMediaType): boolean {
  return mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST;
}

export function isDocker(mediaType: ManifestMediaType): boolean {
  return mediaType === DOCKER_MANIFEST || mediaType === DOCKER_MANIFEST_LIST;
}

/** The single-platform manifest type of the same family as `mediaType`. */
export function imageManifestOf(mediaType: ManifestMediaType): ManifestMediaType {
  return isDocker(mediaType) ? DOCKER_MANIFEST : OCI_MANIFEST;
}

/** A version seeded without a media type: an OCI image manifest on ghcr.io (container), a Docker v2 manifest on the old docker registry. */
export function defaultMediaType(packageType: "container" | "docker"): ManifestMediaType {
  return packageType === "docker" ? DOCKER_MANIFEST : OCI_MANIFEST;
}

const NAMES: Readonly<Record<ManifestMediaType, { found: string; plural: string }>> = {
  [OCI_INDEX]: { found: "OCI index", plural: "OCI indexes" },
  [OCI_MANIFEST]: { found: "OCI manifest", plural: "OCI manifests" },
  [DOCKER_MANIFEST_LIST]: { found: "Docker manifest list", plural: "Docker manifest lists" },
  [DOCKER_MANIFEST]: { found: "Docker manifest", plural: "Docker v2 manifests" },
};

/** ghcr.io's wording when the Accept header rules a manifest out, e.g. "OCI index found, but accept header does not support OCI indexes". */
export function notAcceptedMessage(mediaType: ManifestMediaType): string {
  const name = NAMES[mediaType];
  return `${name.found} found, but accept header does not support ${name.plural}`;
}

/**
 * Whether an `Accept` header admits `mediaType`: no header (or an empty one) admits everything;
 * otherwise one of its ranges must be the type itself, `type/*` or `*\/*` (parameters ignored).
 */
export function accepts(accept: string | undefined, mediaType: string): boolean {
  if (accept === undefined || accept.trim() === "") return true;
  const [type] = mediaType.split("/");
  return accept
    .split(",")
    .map((range) => (range.split(";")[0] ?? "").trim().toLowerCase())
    .some((range) => range === mediaType || range === "*/*" || range === `${type}/*`);
}
