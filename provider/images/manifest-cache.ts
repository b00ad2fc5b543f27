/**
 * Manifests read in this process, one program run: a digest names its content, so a manifest read
 * for a retention policy serves a look-up of the same package too (and the other way round)
 * instead of being read, and counted as a download, twice. Kept per registry, package and token
 * (a token that may not read a package must not see it through another's read); module state,
 * like the listing cache and the registry's request pool.
 */
import { createHash } from "node:crypto";
import type { ManifestReader, ManifestSummary } from "./manifest-summary";

type Known = Map<string, Promise<ManifestSummary | undefined>>;

const readByKey = new Map<string, Known>();

/** Who read what: the token only as a hash, never kept as it is. */
export function manifestCacheKey(registryUrl: string, repository: string, token: string): string {
  return `${registryUrl} ${repository} ${createHash("sha256").update(token).digest("hex")}`;
}

/**
 * `read` for the digests this process has not read under `key` yet (or is reading: those wait
 * for that read); the others come from the earlier reads. A read that fails is forgotten, so a
 * later call reads those digests again.
 */
export function readOnce(key: string, read: ManifestReader): ManifestReader {
  return async (digests) => {
    let known: Known | undefined = readByKey.get(key);
    if (known === undefined) {
      known = new Map();
      readByKey.set(key, known);
    }
    const cache = known;
    const missing = [...new Set(digests)].filter((digest) => !cache.has(digest));
    if (missing.length > 0) {
      const batch = read(missing);
      for (const digest of missing) {
        const summary = batch.then((summaries) => summaries.get(digest));
        // Its failure reaches whoever awaits it; the others are not left with an unhandled rejection.
        summary.catch(() => {
          if (cache.get(digest) === summary) cache.delete(digest);
        });
        cache.set(digest, summary);
      }
    }
    const summaries = new Map<string, ManifestSummary>();
    for (const digest of digests) {
      const summary = await cache.get(digest);
      if (summary !== undefined) summaries.set(digest, summary);
    }
    return summaries;
  };
}
