/**
 * What the container registry says about one version's manifest, as far as the image graph needs
 * it. The registry reader (provider/registry/) produces these; the image graph
 * (provider/images/image-graph.ts) consumes them. A version of a container or docker package is
 * named by its digest (`sha256:…`), so summaries are keyed by digest.
 */
export interface ManifestReference {
  /** The referenced manifest's digest. */
  readonly digest: string;
  /** Its media type, as the index gives it. */
  readonly mediaType?: string | undefined;
  /** `os/architecture[/variant]` as the index gives it (`linux/amd64`; `unknown/unknown` for attestations). */
  readonly platform?: string | undefined;
  /** Annotations the index gives for it (`vnd.docker.reference.type: attestation-manifest`, …). */
  readonly annotations?: Readonly<Record<string, string>> | undefined;
}

export interface ManifestSummary {
  /** The manifest's digest: the version's name. */
  readonly digest: string;
  /** `application/vnd.oci.image.index.v1+json`, `application/vnd.oci.image.manifest.v1+json`, or a Docker media type. */
  readonly mediaType: string;
  /** An index's (manifest list's) entries; empty for an image manifest. */
  readonly manifests: readonly ManifestReference[];
  /** An OCI `subject` (a referrer: signature, attestation, SBOM): the digest of the manifest it is about. */
  readonly subject?: string | undefined;
  /** An OCI `artifactType`, when given (`application/vnd.dev.cosign.artifact.sig.v1+json`, …). */
  readonly artifactType?: string | undefined;
  /**
   * The `Docker-Content-Digest` the registry answered with, when it sent one. Recorded, not
   * checked against `digest`: a registry may answer another canonical digest than the version's name.
   */
  readonly contentDigest?: string | undefined;
}

/** Media types of an index (a multi-platform image). */
export const INDEX_MEDIA_TYPES: readonly string[] = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
];

/** Media types of a single image manifest. */
export const IMAGE_MANIFEST_MEDIA_TYPES: readonly string[] = [
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
];

/**
 * Reads the manifests of a package's versions (by their names, the digests) from the registry:
 * a summary for every digest it could read. It throws (a RegistryReadError naming the registry,
 * the package and the cause, never the token) when the registry cannot be read; callers then
 * delete no container version (fail closed).
 */
export type ManifestReader = (digests: readonly string[]) => Promise<ReadonlyMap<string, ManifestSummary>>;
