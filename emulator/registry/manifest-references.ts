/** What a seeded manifest points at (index entries, its subject), and which version of the package a reference names. */
import type { SeedManifest } from "./seed-manifest";

/** A reference by digest or by seed key (one of the two). */
export interface ManifestReference {
  readonly digest: string | undefined;
  readonly key: string | undefined;
  /** Path below the version's `manifest` field, e.g. `.manifests[1].digest`, for seed errors. */
  readonly field: string;
}

export function manifestReferences(manifest: SeedManifest | undefined): ManifestReference[] {
  if (manifest === undefined) return [];
  const entries = (manifest.manifests ?? []).map((m, i) => ({
    digest: m.digest,
    key: m.key,
    field: `.manifests[${i}].${m.key === undefined ? "digest" : "key"}`,
  }));
  if (manifest.subject !== undefined) entries.push({ digest: manifest.subject, key: undefined, field: ".subject" });
  if (manifest.subjectKey !== undefined) entries.push({ digest: undefined, key: manifest.subjectKey, field: ".subjectKey" });
  return entries;
}

interface Referable {
  readonly name: string | undefined;
  readonly key: string | undefined;
  readonly deletedAt: number | undefined;
}

/**
 * Position of the version each seeded digest names: the first active one, else the first deleted
 * one (a package can hold a deleted and an active version of the same name). Computed names are
 * not known before the manifests are built: those versions are found by key.
 */
export function indexByDigest(versions: readonly Referable[]): Map<string, number> {
  const byName = new Map<string, number>();
  versions.forEach((v, i) => {
    if (v.name === undefined) return;
    const known = byName.get(v.name);
    if (known === undefined || (versions[known]!.deletedAt !== undefined && v.deletedAt === undefined)) byName.set(v.name, i);
  });
  return byName;
}

/** Position of the version each seed key names (keys are unique in a package: checkSeedManifests). */
export function indexByKey(versions: readonly Referable[]): Map<string, number> {
  const byKey = new Map<string, number>();
  versions.forEach((v, i) => {
    if (v.key !== undefined && !byKey.has(v.key)) byKey.set(v.key, i);
  });
  return byKey;
}

/** The position of the version a reference names, if it names one of the package. */
export function resolveReference(
  ref: { readonly digest?: string | undefined; readonly key?: string | undefined },
  byDigest: ReadonlyMap<string, number>,
  byKey: ReadonlyMap<string, number>,
): number | undefined {
  return ref.key !== undefined ? byKey.get(ref.key) : ref.digest === undefined ? undefined : byDigest.get(ref.digest);
}
