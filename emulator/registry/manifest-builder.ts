/**
 * Builds the manifest JSON the registry serves for each version of a container or docker package,
 * from the seed's `manifest` field (OCI image spec v1.1 / Docker image manifest v2.2 shapes).
 * Deterministic: the same seed gives the same bytes. Config and layer blobs are not stored; their
 * digests and sizes are derived from the version's name.
 */
import { createHash } from "node:crypto";
import { indexByDigest } from "./manifest-references";
import {
  COSIGN_SIGNATURE_LAYER,
  DOCKER_CONFIG,
  DOCKER_LAYER,
  DSSE_LAYER,
  IN_TOTO_LAYER,
  type ManifestMediaType,
  OCI_CONFIG,
  OCI_EMPTY,
  OCI_LAYER,
  OCI_MANIFEST,
  defaultMediaType,
  imageManifestOf,
  isDocker,
  isIndex,
} from "./media-types";
import type { SeedManifest, SeedManifestEntry } from "./seed-manifest";

/** What the registry answers for one version. */
export interface StoredManifest {
  readonly mediaType: ManifestMediaType;
  /** The manifest JSON, exactly as served: built from the seed, or the bytes a client pushed. */
  readonly body: string | Buffer;
}

export interface ManifestSource {
  readonly name: string;
  readonly tags: readonly string[];
  readonly deletedAt: number | undefined;
  readonly manifest: SeedManifest | undefined;
}

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** buildx marks the attestation manifests of an index with these annotations. */
export const REFERENCE_TYPE = "vnd.docker.reference.type";
export const REFERENCE_DIGEST = "vnd.docker.reference.digest";
export const ATTESTATION_MANIFEST = "attestation-manifest";
const PREDICATE_TYPE = "in-toto.io/predicate-type";
const SLSA_PROVENANCE = "https://slsa.dev/provenance/v0.2";
const UNKNOWN_PLATFORM = "unknown/unknown";
/** sha256 of "{}", the OCI empty descriptor's content. */
const EMPTY_DIGEST = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
const COSIGN_TAG = /^sha256-[a-f0-9]{64}\.(sig|att)$/;

function hashOf(label: string): Buffer {
  return createHash("sha256").update(label).digest();
}

/** A made-up blob descriptor: digest and size derived from `label`. */
function blob(mediaType: string, label: string, minSize: number, spread: number): Descriptor {
  const hash = hashOf(label);
  return { mediaType, digest: `sha256:${hash.toString("hex")}`, size: minSize + (hash.readUInt32BE(0) % spread) };
}

function platformOf(value: string): Platform {
  const [os = "", architecture = "", variant] = value.split("/");
  return { os, architecture, ...(variant !== undefined && { variant }) } satisfies Platform;
}

/** What kind of image manifest a version is, for the layer it gets. */
type ImageRole = "image" | "attestation" | "signature" | "cosign-attestation" | "artifact";

function roleOf(source: ManifestSource, attestations: ReadonlySet<string>): ImageRole {
  if (source.manifest?.artifactType !== undefined) return "artifact";
  if (attestations.has(source.name)) return "attestation";
  const cosign = source.tags.map((t) => COSIGN_TAG.exec(t)?.[1]).find((kind) => kind !== undefined);
  if (cosign === "sig") return "signature";
  if (cosign === "att") return "cosign-attestation";
  return "image";
}

const LAYER_TYPES: Readonly<Record<Exclude<ImageRole, "image">, string>> = {
  attestation: IN_TOTO_LAYER,
  signature: COSIGN_SIGNATURE_LAYER,
  "cosign-attestation": DSSE_LAYER,
  artifact: "application/octet-stream",
};

class PackageManifests {
  private readonly byDigest: Map<string, number>;
  private readonly attestations: Set<string>;
  private readonly built = new Map<number, StoredManifest>();
  private readonly building = new Set<number>();

  constructor(
    private readonly packageType: "container" | "docker",
    private readonly versions: readonly ManifestSource[],
  ) {
    this.byDigest = indexByDigest(versions);
    this.attestations = new Set(
      versions.flatMap((v) => (v.manifest?.manifests ?? []).filter((m) => m.platform === UNKNOWN_PLATFORM).map((m) => m.digest)),
    );
  }

  manifest(i: number): StoredManifest {
    const done = this.built.get(i);
    if (done !== undefined) return done;
    // checkSeedManifests refuses cycles; this guards the recursion all the same.
    if (this.building.has(i)) throw new Error(`manifest reference cycle at ${this.versions[i]!.name}`);
    this.building.add(i);
    const source = this.versions[i]!;
    const mediaType = source.manifest?.mediaType ?? defaultMediaType(this.packageType);
    const body = JSON.stringify(isIndex(mediaType) ? this.index(source, mediaType) : this.image(source, mediaType));
    const stored = { mediaType, body } satisfies StoredManifest;
    this.building.delete(i);
    this.built.set(i, stored);
    return stored;
  }

  /** A descriptor of the manifest `digest` names: its media type and byte size when it is a version of the package. */
  private descriptor(digest: string, fallbackType: ManifestMediaType, mediaType?: ManifestMediaType): Descriptor {
    const i = this.byDigest.get(digest);
    if (i === undefined) return { mediaType: mediaType ?? fallbackType, digest, size: blob("", `missing ${digest}`, 400, 1600).size };
    const target = this.manifest(i);
    return { mediaType: mediaType ?? target.mediaType, digest, size: Buffer.byteLength(target.body) };
  }

  private index(source: ManifestSource, mediaType: ManifestMediaType): object {
    const entries = source.manifest?.manifests ?? [];
    const platformDigests = entries.filter((e) => e.platform !== UNKNOWN_PLATFORM).map((e) => e.digest);
    let attestationCount = 0;
    const manifests = entries.map((entry) => {
      const annotations = entry.platform === UNKNOWN_PLATFORM && !isDocker(mediaType) ? this.attestationAnnotations(entry, platformDigests, attestationCount++) : entry.annotations;
      return {
        ...this.descriptor(entry.digest, imageManifestOf(mediaType), entry.mediaType),
        platform: platformOf(entry.platform),
        ...(annotations !== undefined && { annotations }),
      } satisfies Descriptor;
    });
    const m = source.manifest;
    return {
      schemaVersion: 2,
      mediaType,
      manifests,
      ...(m?.subject !== undefined && { subject: this.descriptor(m.subject, imageManifestOf(mediaType)) }),
      ...(m?.artifactType !== undefined && { artifactType: m.artifactType }),
      ...(m?.annotations !== undefined && { annotations: m.annotations }),
    };
  }

  /** buildx's annotations on the n-th attestation entry: it attests the n-th platform image (the first when there are fewer). */
  private attestationAnnotations(entry: SeedManifestEntry, platformDigests: readonly string[], n: number): Record<string, string> | undefined {
    const attested = platformDigests[n] ?? platformDigests[0];
    const defaults: Record<string, string> = attested === undefined ? { [REFERENCE_TYPE]: ATTESTATION_MANIFEST } : { [REFERENCE_DIGEST]: attested, [REFERENCE_TYPE]: ATTESTATION_MANIFEST };
    return { ...defaults, ...entry.annotations };
  }

  private image(source: ManifestSource, mediaType: ManifestMediaType): object {
    const m = source.manifest;
    if (isDocker(mediaType)) {
      const config = blob(DOCKER_CONFIG, `config ${source.name}`, 1_000, 9_000);
      const layer = blob(DOCKER_LAYER, `layer ${source.name}`, 1_000_000, 50_000_000);
      // Docker's own key order: mediaType, size, digest.
      const docker = (d: Descriptor) => ({ mediaType: d.mediaType, size: d.size, digest: d.digest });
      return { schemaVersion: 2, mediaType, config: docker(config), layers: [docker(layer)] };
    }
    const role = roleOf(source, this.attestations);
    const config = role === "artifact" ? { mediaType: OCI_EMPTY, digest: EMPTY_DIGEST, size: 2 } : blob(OCI_CONFIG, `config ${source.name}`, 1_000, 9_000);
    const layer =
      role === "image"
        ? blob(OCI_LAYER, `layer ${source.name}`, 1_000_000, 50_000_000)
        : { ...blob(LAYER_TYPES[role], `layer ${source.name}`, 500, 5_000), ...(role === "attestation" && { annotations: { [PREDICATE_TYPE]: SLSA_PROVENANCE } }) };
    return {
      schemaVersion: 2,
      mediaType,
      config,
      layers: [layer],
      ...(m?.subject !== undefined && { subject: this.descriptor(m.subject, OCI_MANIFEST) }),
      ...(m?.artifactType !== undefined && { artifactType: m.artifactType }),
      ...(m?.annotations !== undefined && { annotations: m.annotations }),
    };
  }
}

/** The manifest of every version of a container or docker package, in the order given. */
export function buildManifests(packageType: "container" | "docker", versions: readonly ManifestSource[]): StoredManifest[] {
  const built = new PackageManifests(packageType, versions);
  return versions.map((_, i) => built.manifest(i));
}
