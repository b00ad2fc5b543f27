import type { ResolvedRetentionRules } from "./retention-rules";
import type { RetentionCandidate } from "./retention-plan-types";
import { isPrerelease } from "./prerelease";

/** Either the rules may delete the version (it is ranked), or it is kept whatever its rank, and why. */
export type Selection = { selected: true } | { selected: false; reason: string };

/**
 * Which versions the rules may delete. A version is not selected, and so always kept, when its
 * name or a tag matches `keep`, when it is an untagged container/docker version and `untagged`
 * is "keep", or when the `prerelease` filter leaves it out.
 */
export function selectionOf(version: RetentionCandidate, rules: ResolvedRetentionRules): Selection {
  const tags = version.tags ?? [];
  for (const pattern of rules.keep) {
    if (pattern.matches(version.name)) return { selected: false, reason: `matches keep pattern ${pattern.source}` };
    const tag = tags.find((t) => pattern.matches(t));
    if (tag !== undefined) return { selected: false, reason: `tag ${tag} matches keep pattern ${pattern.source}` };
  }
  if (rules.tagged && tags.length === 0 && rules.untagged === "keep") {
    return { selected: false, reason: 'untagged (untagged is "keep": it may be a platform image of a multi-arch image)' };
  }
  if (rules.prerelease !== "any") {
    const prerelease = isPrerelease(version, rules.tagged);
    if (rules.prerelease === "only" && !prerelease) return { selected: false, reason: 'not a prerelease (prerelease is "only")' };
    if (rules.prerelease === "exclude" && prerelease) return { selected: false, reason: 'a prerelease (prerelease is "exclude")' };
  }
  return { selected: true };
}
