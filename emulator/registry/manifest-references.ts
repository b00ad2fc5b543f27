/** What a seeded manifest points at (index entries, its subject), and which version of the package a digest names. */
import type { SeedManifest } from "./seed-manifest";

export interface ManifestReference {
  readonly digest: string;
  /** Path below the version's `manifest` field, e.g. `.manifests[1].digest`, for seed errors. */
  readonly field: string;
}

export function manifestReferences(manifest: SeedManifest | undefined): ManifestReference[] {
  if (manifest === undefined) return [];
  const entries = (manifest.manifests ?? []).map((m, i) => ({ digest: m.digest, field: `.manifests[${i}].digest` }));
  return manifest.subject === undefined ? entries : [...entries, { digest: manifest.subject, field: ".subject" }];
}

/**
 * Position of the version each digest names: the first active one, else the first deleted one (a
 * package can hold a deleted and an active version of the same name).
 */
export function indexByDigest(versions: readonly { readonly name: string; readonly deletedAt: number | undefined }[]): Map<string, number> {
  const byName = new Map<string, number>();
  versions.forEach((v, i) => {
    const known = byName.get(v.name);
    if (known === undefined || (versions[known]!.deletedAt !== undefined && v.deletedAt === undefined)) byName.set(v.name, i);
  });
  return byName;
}
