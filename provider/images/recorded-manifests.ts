/**
 * The manifests a compact policy learned, kept in the stack's state between runs (issue: "a
 * manifest is read at most once per digest for the life of the stack"). A digest names its
 * content, so what a manifest says never changes: a summary read once serves every later run,
 * on any runner, and only versions the state has not seen are read from the registry.
 *
 * Stored as gzip-compressed JSON of ManifestSummary[], base64, in the PackagePlanWrites' outputs
 * (`manifests`); a run hands the provider only what it learned (`learnedManifests`), and the
 * provider merges it into what was recorded, dropping the digests of versions its writes deleted.
 */
import * as zlib from "node:zlib";
import type { ManifestSummary } from "../registry/manifest-summary";

export function encodeManifests(summaries: Iterable<ManifestSummary>): string {
  const list = [...summaries];
  if (list.length === 0) return "";
  return zlib.gzipSync(Buffer.from(JSON.stringify(list), "utf8"), { level: 9 }).toString("base64");
}

/** The summaries by digest; an empty or unreadable record reads as none (they are read from the registry again). */
export function decodeManifests(encoded: unknown): Map<string, ManifestSummary> {
  if (typeof encoded !== "string" || encoded === "") return new Map();
  try {
    const list = JSON.parse(zlib.gunzipSync(Buffer.from(encoded, "base64")).toString("utf8")) as unknown;
    if (!Array.isArray(list)) return new Map();
    const summaries = new Map<string, ManifestSummary>();
    for (const item of list as ManifestSummary[]) {
      if (typeof item?.digest === "string" && typeof item.mediaType === "string" && Array.isArray(item.manifests))
        summaries.set(item.digest, item);
    }
    return summaries;
  } catch {
    return new Map();
  }
}

/** The recorded summaries, with those learned added and those of `forgotten` digests dropped. */
export function mergeManifests(recorded: unknown, learned: unknown, forgotten: ReadonlySet<string>): string {
  const merged = decodeManifests(recorded);
  for (const [digest, summary] of decodeManifests(learned)) merged.set(digest, summary);
  for (const digest of forgotten) merged.delete(digest);
  return encodeManifests(merged.values());
}
