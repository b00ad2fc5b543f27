import { firstMatch, matchingPattern, type KeepPattern } from "../core/keep-patterns";
import type { ResolvedRetentionRules } from "./retention-rules";
import type { RetentionCandidate } from "./retention-plan-types";
import { isPrerelease } from "./prerelease";

/**
 * Either the rules may delete the version (it is ranked, or, when a tag matches `deleteTags`,
 * deleted whatever its rank), or it is kept whatever its rank, and why.
 */
export type Selection = { selected: true; deleteTag?: DeleteTagMatch } | { selected: false; reason: string; byKeep?: true };

/** What deleteTags matched on a version: one of its tags, or its digest (its name). */
export interface DeleteTagMatch {
  /** The tag, or the digest. */
  readonly tag: string;
  readonly pattern: KeepPattern;
  readonly byDigest: boolean;
}

/**
 * Whether a pattern names digests: written as one (`sha256:<hex>`), or as a glob or expression
 * over them (`sha256:0123*`, `/^sha256:0123/`). Only such deleteTags entries are matched
 * against a version's digest, so that a broad tag pattern (`*`) never reaches untagged versions.
 */
export function namesDigests(pattern: KeepPattern): boolean {
  const text = pattern.exclude ? pattern.source.slice(1) : pattern.source;
  return text.startsWith("sha256:") || text.startsWith("/^sha256:") || text.startsWith("/sha256:");
}

/** The deleteTags entry that decides for a version: by one of its tags, else by its digest (digest entries only, see namesDigests). */
export function deleteTagMatch(tags: readonly string[], digest: string, deleteTags: readonly KeepPattern[]): DeleteTagMatch | undefined {
  const byTag = firstMatch(deleteTags, tags);
  if (byTag !== undefined) return { tag: byTag.value, pattern: byTag.pattern, byDigest: false } satisfies DeleteTagMatch;
  const digestPatterns = deleteTags.filter(namesDigests);
  const byDigest = digestPatterns.length > 0 ? matchingPattern(digestPatterns, digest) : undefined;
  return byDigest !== undefined ? ({ tag: digest, pattern: byDigest, byDigest: true } satisfies DeleteTagMatch) : undefined;
}

/**
 * Which versions the rules may delete. A version is not selected, and so always kept, when its
 * name or a tag matches `keep`, when it is an untagged container/docker version and `untagged`
 * is "keep", or when the `prerelease` filter leaves it out. A selected version with a tag that
 * matches `deleteTags` (or whose digest a digest entry of it names) is marked so: `keep` and the
 * filters win over `deleteTags`, except that a digest named in deleteTags is selected although untagged.
 */
export function selectionOf(version: RetentionCandidate, rules: ResolvedRetentionRules): Selection {
  const tags = version.tags ?? [];
  const doomed = deleteTagMatch(tags, version.name, rules.deleteTags);
  const kept = firstMatch(rules.keep, [version.name, ...tags]);
  if (kept !== undefined) {
    const what = kept.value === version.name ? "matches" : `tag ${kept.value} matches`;
    const over = doomed !== undefined ? ` (keep wins over deleteTags pattern ${doomed.pattern.source})` : "";
    return { selected: false, reason: `${what} keep pattern ${kept.pattern.source}${over}`, byKeep: true };
  }
  // A digest named in deleteTags selects its version even while untagged is "keep": it is named, as keep may name it.
  if (rules.tagged && tags.length === 0 && rules.untagged === "keep" && doomed?.byDigest !== true) {
    return { selected: false, reason: 'untagged (untagged is "keep": it may be a platform image of a multi-arch image)' };
  }
  if (rules.prerelease !== "any") {
    const prerelease = isPrerelease(version, rules.tagged);
    if (rules.prerelease === "only" && !prerelease) return { selected: false, reason: 'not a prerelease (prerelease is "only")' };
    if (rules.prerelease === "exclude" && prerelease) return { selected: false, reason: 'a prerelease (prerelease is "exclude")' };
  }
  return doomed !== undefined ? { selected: true, deleteTag: doomed } : { selected: true };
}
