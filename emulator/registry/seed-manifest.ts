/**
 * The seed's `manifest` field of a container or docker version, and the rules seed.schema.json
 * cannot express: only on container and docker packages, a digest name when one is given (a name
 * may be left out there, to be computed), keys unique and references by key naming a version,
 * `manifests` only on an index, no OCI-only fields on Docker media types, no reference cycle.
 */
import type { ParsedPackage } from "../seed";
import { SeedValidationError } from "../seed-validation-error";
import { sha256Digest } from "./blob-store";
import { indexByDigest, indexByKey, manifestReferences, resolveReference } from "./manifest-references";
import { type ManifestMediaType, isDocker, isIndex } from "./media-types";

export interface SeedManifestEntry {
  /** The digest of the listed manifest; it may name no version (a broken image). This or `key`. */
  digest?: string;
  /** The seed key of the listed version: its digest, seeded or computed, is written in the index. This or `digest`. */
  key?: string;
  /** "os/arch" or "os/arch/variant"; "unknown/unknown" marks a buildx attestation manifest. */
  platform: string;
  /** Default: the listed version's media type, else the image manifest type of the index's family. */
  mediaType?: ManifestMediaType;
  annotations?: Record<string, string>;
}

/** The exact manifest a version serves (a pushed one, as GET /_emulator/state returns it). */
export interface RawManifest {
  mediaType: ManifestMediaType;
  /** The manifest JSON as served, UTF-8. */
  content: string;
}

export interface SeedManifest {
  /** Default: an OCI image manifest (container), a Docker v2 manifest (docker). */
  mediaType?: ManifestMediaType;
  /** Index media types only: the manifests the index lists. */
  manifests?: SeedManifestEntry[];
  /** The digest this manifest refers to (OCI referrers: signatures, SBOMs). */
  subject?: string;
  /** The subject by the seed key of a version of the package, instead of `subject`. */
  subjectKey?: string;
  artifactType?: string;
  annotations?: Record<string, string>;
}

/** A sha256 digest as the OCI image spec writes it. */
export const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

const OCI_ONLY = ["subject", "subjectKey", "artifactType", "annotations"] as const;

function checkOne(pkg: ParsedPackage, manifest: SeedManifest, name: string | undefined, field: string): void {
  if (pkg.packageType !== "container" && pkg.packageType !== "docker") {
    throw new SeedValidationError(`${field}.manifest`, `is only allowed on container and docker packages (this one is ${pkg.packageType})`);
  }
  if (name !== undefined && !SHA256_DIGEST.test(name)) {
    throw new SeedValidationError(
      `${field}.name`,
      'must be a sha256 digest ("sha256:" and 64 lower-case hex digits) when manifest is given, or left out to be computed',
    );
  }
  if (manifest.subject !== undefined && manifest.subjectKey !== undefined) {
    throw new SeedValidationError(`${field}.manifest.subjectKey`, "and subject both name the subject; give one");
  }
  (manifest.manifests ?? []).forEach((entry, i) => {
    if ((entry.digest === undefined) === (entry.key === undefined)) {
      throw new SeedValidationError(`${field}.manifest.manifests[${i}]`, "needs digest or key (one of the two)");
    }
  });
  const mediaType = manifest.mediaType;
  if (manifest.manifests !== undefined && (mediaType === undefined || !isIndex(mediaType))) {
    throw new SeedValidationError(
      `${field}.manifest.manifests`,
      `is only allowed with an index mediaType ("application/vnd.oci.image.index.v1+json" or "application/vnd.docker.distribution.manifest.list.v2+json"), not ${JSON.stringify(mediaType ?? "the default image manifest")}`,
    );
  }
  if (mediaType !== undefined && isDocker(mediaType)) {
    const oci = OCI_ONLY.find((key) => manifest[key] !== undefined);
    if (oci !== undefined)
      throw new SeedValidationError(`${field}.manifest.${oci}`, `is not part of Docker manifests (${mediaType}); use an OCI media type`);
    const annotated = (manifest.manifests ?? []).findIndex((m) => m.annotations !== undefined);
    if (annotated !== -1)
      throw new SeedValidationError(
        `${field}.manifest.manifests[${annotated}].annotations`,
        `is not part of Docker manifest lists; use an OCI index`,
      );
  }
}

/** Refuses a manifest that reaches itself through index entries and subjects: digests are content hashes and cannot. */
function checkCycles(pkg: ParsedPackage): void {
  const byDigest = indexByDigest(pkg.versions);
  const byKey = indexByKey(pkg.versions);
  const state = new Map<number, "visiting" | "done">();
  const visit = (i: number): void => {
    state.set(i, "visiting");
    for (const ref of manifestReferences(pkg.versions[i]!.manifest)) {
      const j = resolveReference(ref, byDigest, byKey);
      if (j === undefined || state.get(j) === "done") continue;
      if (state.get(j) === "visiting") {
        throw new SeedValidationError(
          `${pkg.field}.versions[${i}].manifest${ref.field}`,
          `refers back to ${ref.digest ?? `key ${JSON.stringify(ref.key)}`} through a cycle of manifests; a manifest's digest is the hash of its content, so manifests cannot refer to each other in a loop`,
        );
      }
      visit(j);
    }
    state.set(i, "done");
  };
  pkg.versions.forEach((_, i) => {
    if (!state.has(i)) visit(i);
  });
}

/** Names and keys: a name is left out (to be computed) and a key given only on container and docker versions; keys are unique and references by key name one. */
function checkNamesAndKeys(pkg: ParsedPackage): void {
  const registry = pkg.packageType === "container" || pkg.packageType === "docker";
  const keys = new Set<string>();
  pkg.versions.forEach((v, i) => {
    const field = `${pkg.field}.versions[${i}]`;
    if (v.name === undefined && !registry)
      throw new SeedValidationError(
        `${field}.name`,
        `is required (only container and docker versions may leave it out, to have it computed); this package is ${pkg.packageType}`,
      );
    if (v.key === undefined) return;
    if (!registry)
      throw new SeedValidationError(`${field}.key`, `is only allowed on container and docker packages (this one is ${pkg.packageType})`);
    if (keys.has(v.key))
      throw new SeedValidationError(`${field}.key`, `duplicates an earlier version's key ${JSON.stringify(v.key)} in this package`);
    keys.add(v.key);
  });
  pkg.versions.forEach((v, i) => {
    for (const ref of manifestReferences(v.manifest)) {
      if (ref.key !== undefined && !keys.has(ref.key)) {
        throw new SeedValidationError(
          `${pkg.field}.versions[${i}].manifest${ref.field}`,
          `names no version of this package (no version has key ${JSON.stringify(ref.key)})`,
        );
      }
    }
  });
}

/** rawManifest: only on container and docker versions, not beside manifest, a JSON object, hashing to the name when one is given. */
function checkRaw(pkg: ParsedPackage, raw: RawManifest, manifest: SeedManifest | undefined, name: string | undefined, field: string): void {
  if (pkg.packageType !== "container" && pkg.packageType !== "docker") {
    throw new SeedValidationError(
      `${field}.rawManifest`,
      `is only allowed on container and docker packages (this one is ${pkg.packageType})`,
    );
  }
  if (manifest !== undefined)
    throw new SeedValidationError(`${field}.rawManifest`, "and manifest both say what the registry serves; give one");
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.content);
  } catch {
    throw new SeedValidationError(`${field}.rawManifest.content`, "must be manifest JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw new SeedValidationError(`${field}.rawManifest.content`, "must be a JSON object");
  const digest = sha256Digest(raw.content);
  if (name !== undefined && name !== digest) {
    throw new SeedValidationError(
      `${field}.name`,
      `is not the sha256 of rawManifest.content (${digest}); give that digest or leave name out to have it computed`,
    );
  }
}

/** Throws SeedValidationError naming the first bad `name`, `key`, `manifest` or `rawManifest` field of a package's versions. */
export function checkSeedManifests(pkg: ParsedPackage): void {
  let any = false;
  pkg.versions.forEach((v, i) => {
    if (v.rawManifest !== undefined) checkRaw(pkg, v.rawManifest, v.manifest, v.name, `${pkg.field}.versions[${i}]`);
    if (v.manifest === undefined) return;
    any = true;
    checkOne(pkg, v.manifest, v.name, `${pkg.field}.versions[${i}]`);
  });
  checkNamesAndKeys(pkg);
  if (any) checkCycles(pkg);
}
