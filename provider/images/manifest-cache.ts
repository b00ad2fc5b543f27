/**
 * Manifests read in this program run: a digest names its content, so a manifest read for a retention
 * policy serves a look-up of the same package too (and the other way round) instead of being
 * read, and counted as a download, twice. Only what the registry served is kept: a digest it did
 * not know (or a read that failed) is asked again next time, since it may have been pushed since.
 * Kept per program run (provider/core/program-run.ts), then per registry, package and token (a
 * token that may not read a package must not see it through another's read).
 */
import { createHash } from "node:crypto";
import { resetRunScoped, runScoped } from "../core/program-run";
import type { ManifestReader, ManifestSummary } from "../registry/manifest-summary";

type Known = Map<string, Promise<ManifestSummary | undefined>>;

const READ_MANIFESTS = Symbol("read manifests");

function runManifests(): Map<string, Known> {
  return runScoped(READ_MANIFESTS, () => new Map<string, Known>());
}

/** Who read what: the token only as a hash, never kept as it is. */
export function manifestCacheKey(registryUrl: string, repository: string, token: string): string {
  return `${registryUrl} ${repository} ${createHash("sha256").update(token).digest("hex")}`;
}

/**
 * `read` for the digests not read under `key` yet (or being read: those wait for that read); the
 * others come from the earlier reads.
 */
export function readOnce(key: string, read: ManifestReader): ManifestReader {
  return async (digests) => {
    const readByKey = runManifests();
    let cache: Known | undefined = readByKey.get(key);
    if (cache === undefined) {
      cache = new Map();
      readByKey.set(key, cache);
    }
    const known = cache;
    const missing = [...new Set(digests)].filter((digest) => !known.has(digest));
    if (missing.length > 0) {
      const batch = read(missing);
      for (const digest of missing) {
        const summary = batch.then((summaries) => summaries.get(digest));
        known.set(digest, summary);
        // Kept once served; a digest not found or a failed read is forgotten (the failure still reaches whoever awaits it).
        summary.then(
          (found) => {
            if (found === undefined && known.get(digest) === summary) known.delete(digest);
          },
          () => {
            if (known.get(digest) === summary) known.delete(digest);
          },
        );
      }
    }
    // Every promise taken now, before any wait: a failed read forgotten meanwhile still fails this call.
    const pending = digests.map((digest) => [digest, known.get(digest)] as const);
    const summaries = new Map<string, ManifestSummary>();
    for (const [digest, summary] of pending) {
      const found = await summary;
      if (found !== undefined) summaries.set(digest, found);
    }
    return summaries;
  };
}

/** A new program run in the same process (tests): nothing read before is used. */
export function forgetReadManifests(): void {
  resetRunScoped(READ_MANIFESTS);
}
