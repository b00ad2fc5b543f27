import { firstMatch, type KeepPattern } from "../core/keep-patterns";
import type { ResolvedRetentionRules } from "./retention-rules";
import type { RetentionCandidate } from "./retention-plan-types";
import { isPrerelease } from "./prerelease";

/**
 * Either the rules may delete the version (it is ranked, or, when a tag matches `deleteTags`,
 * deleted whatever its rank), or it is kept whatever its rank, and why.
 */
export type Selection =
  | { selected: true; deleteTag?: { tag: string; pattern: KeepPattern } }
  | { selected: false; reason: string };

/**
 * Which versions the rules may delete. A version is not selected, and so always kept, when its
 * name or a tag matches `keep`, when it is an untagged container/docker version and `untagged`
 * is "keep", or when the `prerelease` filter leaves it out. A selected version with a tag that
 * matches `deleteTags` is marked so: `keep` and the filters win over `deleteTags`.
 */
export function selectionOf(version: RetentionCandidate, rules: ResolvedRetentionRules): Selection {
  const tags = version.tags ?? [];
  const doomed = firstMatch(rules.deleteTags, tags);
  const kept = firstMatch(rules.keep, [version.name, ...tags]);
  if (kept !== undefined) {
    const what = kept.value === version.name ? "matches" : `tag ${kept.value} matches`;
    const over = doomed !== undefined ? ` (keep wins over deleteTags pattern ${doomed.pattern.source})` : "";
    return { selected: false, reason: `${what} keep pattern ${kept.pattern.source}${over}` };
  }
  if (rules.tagged && tags.length === 0 && rules.untagged === "keep") {
    return { selected: false, reason: 'untagged (untagged is "keep": it may be a platform image of a multi-arch image)' };
  }
  if (rules.prerelease !== "any") {
    const prerelease = isPrerelease(version, rules.tagged);
    if (rules.prerelease === "only" && !prerelease) return { selected: false, reason: 'not a prerelease (prerelease is "only")' };
    if (rules.prerelease === "exclude" && prerelease) return { selected: false, reason: 'a prerelease (prerelease is "exclude")' };
  }
  return doomed !== undefined ? { selected: true, deleteTag: { tag: doomed.value, pattern: doomed.pattern } } : { selected: true };
}
