import type { SeedVersion } from "./seed";

/**
 * The versions of a package of `count` versions, for the scale test and the bench: the i-th has
 * id `baseId + i` and is created i seconds after `start`, so the list (newest first) is by id
 * descending.
 */
export interface LargePackageShape {
  count: number;
  baseId: number;
  /** When the first (oldest) version was created, in milliseconds since the epoch. */
  start: number;
}

/** The i-th container version's digest: `sha256:` and i in 64 hex digits. */
export function largePackageDigest(i: number): string {
  return `sha256:${i.toString(16).padStart(64, "0")}`;
}

const createdAt = (start: number, i: number): string => new Date(start + i * 1000).toISOString();

/** npm versions named `<i / 1000>.<i % 1000>.0`. */
export function largeNpmVersions({ count, baseId, start }: LargePackageShape): SeedVersion[] {
  return Array.from({ length: count }, (_, i) => ({
    id: baseId + i,
    name: `${Math.floor(i / 1000)}.${i % 1000}.0`,
    createdAt: createdAt(start, i),
  }));
}

/**
 * Container versions in fours: an index tagged v<n> listing the next three (linux/amd64,
 * linux/arm64, an unknown/unknown attestation), which are untagged. Named by largePackageDigest.
 */
export function largeContainerVersions({ count, baseId, start }: LargePackageShape): SeedVersion[] {
  return Array.from({ length: count }, (_, i): SeedVersion => {
    const base = { id: baseId + i, name: largePackageDigest(i), createdAt: createdAt(start, i) };
    if (i % 4 !== 0) return { ...base, tags: [] };
    return {
      ...base,
      tags: [`v${i / 4}`],
      manifest: {
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: [
          { digest: largePackageDigest(i + 1), platform: "linux/amd64" },
          { digest: largePackageDigest(i + 2), platform: "linux/arm64" },
          { digest: largePackageDigest(i + 3), platform: "unknown/unknown" },
        ],
      },
    };
  });
}
