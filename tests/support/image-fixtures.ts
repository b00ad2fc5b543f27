/** Container versions and their manifests for the image graph and image planning tests: digests are real sha256 hashes of a label. */
import { createHash } from "node:crypto";
import type { ManifestReference, ManifestSummary, RetentionCandidate } from "pulumi-github-package-versions/testing";
import { active, deleted } from "./retention-fixtures";

export const OCI_INDEX = "application/vnd.oci.image.index.v1+json" as const;
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json" as const;
export const COSIGN_SIGNATURE = "application/vnd.dev.cosign.artifact.sig.v1+json";

/** The 64 hex digits of a label's sha256. */
export function hexOf(label: string): string {
  return createHash("sha256").update(label).digest("hex");
}

/** `sha256:<64 hex>` for a label. */
export function digestOf(label: string): string {
  return `sha256:${hexOf(label)}`;
}

/** `sha256:<first 12 hex>…`, as plans name a digest. */
export function shortOf(label: string): string {
  return `sha256:${hexOf(label).slice(0, 12)}…`;
}

/** The cosign tag of a label's digest: `sha256-<hex>.sig` (or `.att`, …). */
export function cosignTag(label: string, suffix = "sig"): string {
  return `sha256-${hexOf(label)}.${suffix}`;
}

/** `sha256-<first 12 hex>….sig`, as plans name a cosign tag. */
export function shortCosignTag(label: string, suffix = "sig"): string {
  return `sha256-${hexOf(label).slice(0, 12)}….${suffix}`;
}

/** An active container version named by a label's digest. */
export function version(versionId: number, label: string, ageDays: number, tags?: string[]): RetentionCandidate {
  return active(versionId, digestOf(label), ageDays, tags);
}

/** A deleted container version named by a label's digest. */
export function deletedVersion(
  versionId: number,
  label: string,
  ageDays: number,
  deletedDaysAgo: number,
  tags?: string[],
): RetentionCandidate {
  return deleted(versionId, digestOf(label), ageDays, deletedDaysAgo, tags);
}

/** An index listing labels with platforms (`unknown/unknown` for a buildx attestation). */
export function indexOf(label: string, entries: readonly (readonly [label: string, platform: string])[]): ManifestSummary {
  return {
    digest: digestOf(label),
    mediaType: OCI_INDEX,
    manifests: entries.map(
      ([entry, platform]) =>
        ({
          digest: digestOf(entry),
          mediaType: OCI_MANIFEST,
          platform,
          ...(platform === "unknown/unknown" ? { annotations: { "vnd.docker.reference.type": "attestation-manifest" } } : {}),
        }) satisfies ManifestReference,
    ),
  } satisfies ManifestSummary;
}

/** An image manifest, optionally a referrer (`subject`) with an artifact type. */
export function manifestOf(label: string, referrer?: { subject: string; artifactType?: string }): ManifestSummary {
  return {
    digest: digestOf(label),
    mediaType: OCI_MANIFEST,
    manifests: [],
    ...(referrer !== undefined ? { subject: digestOf(referrer.subject) } : {}),
    ...(referrer?.artifactType !== undefined ? { artifactType: referrer.artifactType } : {}),
  } satisfies ManifestSummary;
}

/** Manifests by digest. */
export function manifestMap(...summaries: ManifestSummary[]): Map<string, ManifestSummary> {
  return new Map(summaries.map((s) => [s.digest, s]));
}

/** Versions and manifests, built together. */
export interface Scenario {
  versions: RetentionCandidate[];
  manifests: Map<string, ManifestSummary>;
}

/**
 * A multi-arch image pushed by buildx and signed by cosign: the index `<label>` (id, tags) lists
 * `<label>/amd64` (id+1), `<label>/arm64` (id+2) and the attestation `<label>/att` (id+3,
 * `unknown/unknown`); `<label>/sig` (id+4) is tagged `sha256-<hex of the index>.sig`. The parts
 * are a minute older than the index.
 */
export function multiArch(id: number, label: string, ageDays: number, tags: string[]): Scenario {
  const partAge = ageDays + 1 / 1440;
  return {
    versions: [
      version(id, label, ageDays, tags),
      version(id + 1, `${label}/amd64`, partAge),
      version(id + 2, `${label}/arm64`, partAge),
      version(id + 3, `${label}/att`, partAge),
      version(id + 4, `${label}/sig`, ageDays - 1 / 1440, [cosignTag(label)]),
    ],
    manifests: manifestMap(
      indexOf(label, [
        [`${label}/amd64`, "linux/amd64"],
        [`${label}/arm64`, "linux/arm64"],
        [`${label}/att`, "unknown/unknown"],
      ]),
      manifestOf(`${label}/amd64`),
      manifestOf(`${label}/arm64`),
      manifestOf(`${label}/att`),
      manifestOf(`${label}/sig`),
    ),
  };
}

/** Several scenarios (and loose versions and manifests) as one package. */
export function combine(...parts: Scenario[]): Scenario {
  return {
    versions: parts.flatMap((p) => p.versions),
    manifests: new Map(parts.flatMap((p) => [...p.manifests])),
  };
}

/**
 * Images sharing a member: a (id 1, 1 day old), b (id 2, 5 days) and c (id 3, half a day, the
 * newest), each tagged with its label; a and b are indexes that both list common/amd64 (id 4),
 * b also b/arm64 (id 5); c is a single manifest.
 */
export function sharedMemberImages(): Scenario {
  return {
    versions: [
      version(1, "a", 1, ["a"]),
      version(2, "b", 5, ["b"]),
      version(3, "c", 0.5, ["c"]),
      version(4, "common/amd64", 6),
      version(5, "b/arm64", 6),
    ],
    manifests: manifestMap(
      indexOf("a", [["common/amd64", "linux/amd64"]]),
      indexOf("b", [
        ["common/amd64", "linux/amd64"],
        ["b/arm64", "linux/arm64"],
      ]),
      manifestOf("c"),
      manifestOf("common/amd64"),
      manifestOf("b/arm64"),
    ),
  };
}
