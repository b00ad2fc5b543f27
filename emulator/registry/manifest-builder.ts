/**
 * Builds the manifest JSON the registry serves for each version of a container or docker package,
 * from the seed's `manifest` field (OCI image spec v1.1 / Docker image manifest v2.2 shapes).
 * Deterministic: the same seed gives the same bytes. Config and layer blobs are not stored; their
 * digests and sizes are derived from the version's key, else its name. A version without a name is
 * named by the sha256 of the bytes built for it (`digest`), and references by key write that digest.
 */
import { createHash } from "node:crypto";
import { sha256Digest } from "./blob-store";
import { indexByDigest, indexByKey, resolveReference } from "./manifest-references";
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
import type { RawManifest, SeedManifest, SeedManifestEntry } from "./seed-manifest";

/** What the registry answers for one version. */
export interface StoredManifest {
  readonly mediaType: ManifestMediaType;
  /** The manifest JSON, exactly as served: built from the seed, or the bytes a client pushed. */
  readonly body: string | Buffer;
}

export interface ManifestSource {
  /** Undefined: computed, the sha256 of the manifest built. */
  readonly name: string | undefined;
  readonly key: string | undefined;
  readonly tags: readonly string[];
  readonly deletedAt: number | undefined;
  readonly manifest: SeedManifest | undefined;
  /** Served as is, instead of a manifest built from `manifest`. */
  readonly rawManifest: RawManifest | undefined;
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

function roleOf(source: ManifestSource, isAttestation: boolean): ImageRole {
  if (source.manifest?.artifactType !== undefined) return "artifact";
  if (isAttestation) return "attestation";
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

/** A reference as a seed writes it: a digest or a seed key. */
type SeedReference = { readonly digest?: string | undefined; readonly key?: string | undefined };

class PackageManifests {
  private readonly byDigest: Map<string, number>;
  private readonly byKey: Map<string, number>;
  /** Versions an index lists as unknown/unknown (buildx attestations), by position. */
  private readonly attestations = new Set<number>();
  private readonly built = new Map<number, StoredManifest>();
  private readonly building = new Set<number>();

  constructor(
    private readonly packageType: "container" | "docker",
    private readonly versions: readonly ManifestSource[],
  ) {
    this.byDigest = indexByDigest(versions);
    this.byKey = indexByKey(versions);
    for (const v of versions) {
      for (const entry of v.manifest?.manifests ?? []) {
        const i = entry.platform === UNKNOWN_PLATFORM ? resolveReference(entry, this.byDigest, this.byKey) : undefined;
        if (i !== undefined) this.attestations.add(i);
      }
    }
  }

  /** The version's name: seeded, or the sha256 of its manifest. */
  digest(i: number): string {
    return this.versions[i]!.name ?? sha256Digest(this.manifest(i).body);
  }

  /** What labels the made-up blobs of a version: its key, else its name. */
  private label(i: number): string {
    const v = this.versions[i]!;
    return v.key ?? v.name!;
  }

  manifest(i: number): StoredManifest {
    const done = this.built.get(i);
    if (done !== undefined) return done;
    // checkSeedManifests refuses cycles; this guards the recursion all the same.
    if (this.building.has(i)) throw new Error(`manifest reference cycle at ${this.label(i)}`);
    this.building.add(i);
    const source = this.versions[i]!;
    const mediaType = source.rawManifest?.mediaType ?? source.manifest?.mediaType ?? defaultMediaType(this.packageType);
    const body =
      source.rawManifest?.content ?? JSON.stringify(isIndex(mediaType) ? this.index(source, mediaType) : this.image(i, source, mediaType));
    const stored = { mediaType, body } satisfies StoredManifest;
    this.building.delete(i);
    this.built.set(i, stored);
    return stored;
  }

  /** A descriptor of the manifest a reference names: its digest, media type and byte size when it is a version of the package. */
  private descriptor(ref: SeedReference, fallbackType: ManifestMediaType, mediaType?: ManifestMediaType): Descriptor {
    const i = resolveReference(ref, this.byDigest, this.byKey);
    // checkSeedManifests makes every key name a version; a digest may name none (a broken image).
    if (i === undefined)
      return { mediaType: mediaType ?? fallbackType, digest: ref.digest!, size: blob("", `missing ${ref.digest!}`, 400, 1600).size };
    const target = this.manifest(i);
    return { mediaType: mediaType ?? target.mediaType, digest: this.digest(i), size: Buffer.byteLength(target.body) };
  }

  private index(source: ManifestSource, mediaType: ManifestMediaType): object {
    const entries = source.manifest?.manifests ?? [];
    const described = entries.map((entry) => this.descriptor(entry, imageManifestOf(mediaType), entry.mediaType));
    const platformDigests = described.filter((_, n) => entries[n]!.platform !== UNKNOWN_PLATFORM).map((d) => d.digest);
    let attestationCount = 0;
    const manifests = entries.map((entry, n) => {
      const annotations =
        entry.platform === UNKNOWN_PLATFORM && !isDocker(mediaType)
          ? this.attestationAnnotations(entry, platformDigests, attestationCount++)
          : entry.annotations;
      return {
        ...described[n]!,
        platform: platformOf(entry.platform),
        ...(annotations !== undefined && { annotations }),
      } satisfies Descriptor;
    });
    const m = source.manifest;
    return {
      schemaVersion: 2,
      mediaType,
      manifests,
      ...(subjectOf(m) !== undefined && { subject: this.descriptor(subjectOf(m)!, imageManifestOf(mediaType)) }),
      ...(m?.artifactType !== undefined && { artifactType: m.artifactType }),
      ...(m?.annotations !== undefined && { annotations: m.annotations }),
    };
  }

  /** buildx's annotations on the n-th attestation entry: it attests the n-th platform image (the first when there are fewer). */
  private attestationAnnotations(
    entry: SeedManifestEntry,
    platformDigests: readonly string[],
    n: number,
  ): Record<string, string> | undefined {
    const attested = platformDigests[n] ?? platformDigests[0];
    const defaults: Record<string, string> =
      attested === undefined
        ? { [REFERENCE_TYPE]: ATTESTATION_MANIFEST }
        : { [REFERENCE_DIGEST]: attested, [REFERENCE_TYPE]: ATTESTATION_MANIFEST };
    return { ...defaults, ...entry.annotations };
  }

  private image(i: number, source: ManifestSource, mediaType: ManifestMediaType): object {
    const m = source.manifest;
    const label = this.label(i);
    if (isDocker(mediaType)) {
      const config = blob(DOCKER_CONFIG, `config ${label}`, 1_000, 9_000);
      const layer = blob(DOCKER_LAYER, `layer ${label}`, 1_000_000, 50_000_000);
      // Docker's own key order: mediaType, size, digest.
      const docker = (d: Descriptor) => ({ mediaType: d.mediaType, size: d.size, digest: d.digest });
      return { schemaVersion: 2, mediaType, config: docker(config), layers: [docker(layer)] };
    }
    const role = roleOf(source, this.attestations.has(i));
    const config =
      role === "artifact" ? { mediaType: OCI_EMPTY, digest: EMPTY_DIGEST, size: 2 } : blob(OCI_CONFIG, `config ${label}`, 1_000, 9_000);
    const layer =
      role === "image"
        ? blob(OCI_LAYER, `layer ${label}`, 1_000_000, 50_000_000)
        : {
            ...blob(LAYER_TYPES[role], `layer ${label}`, 500, 5_000),
            ...(role === "attestation" && { annotations: { [PREDICATE_TYPE]: SLSA_PROVENANCE } }),
          };
    return {
      schemaVersion: 2,
      mediaType,
      config,
      layers: [layer],
      ...(subjectOf(m) !== undefined && { subject: this.descriptor(subjectOf(m)!, OCI_MANIFEST) }),
      ...(m?.artifactType !== undefined && { artifactType: m.artifactType }),
      ...(m?.annotations !== undefined && { annotations: m.annotations }),
    };
  }
}

function subjectOf(m: SeedManifest | undefined): SeedReference | undefined {
  if (m?.subjectKey !== undefined) return { key: m.subjectKey };
  return m?.subject === undefined ? undefined : { digest: m.subject };
}

/** A version's manifest and its name: seeded, or computed from the manifest. */
export interface BuiltVersion {
  readonly manifest: StoredManifest;
  readonly name: string;
}

/** The manifest and name of every version of a container or docker package, in the order given. */
export function buildManifests(packageType: "container" | "docker", versions: readonly ManifestSource[]): BuiltVersion[] {
  const built = new PackageManifests(packageType, versions);
  return versions.map((_, i) => ({ manifest: built.manifest(i), name: built.digest(i) }) satisfies BuiltVersion);
}
