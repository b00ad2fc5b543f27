import { matchingPattern, type KeepPattern } from "../core/keep-patterns";
import { compileKeepPatterns } from "./retention-patterns";
import { RetentionRuleError } from "./retention-errors";

/** A `packageName` that names several packages: a glob (`*`, `?`), a `/regex/`, or a list of those with `!exclusions`. */
export function isPackageNamePattern(packageName: unknown): boolean {
  if (Array.isArray(packageName)) return true;
  return typeof packageName === "string" && (/[*?]/.test(packageName) || /^\/.+\/[imsu]*$/.test(packageName));
}

/** The patterns of a `packageName` (one, or a list read like keep: the last matching entry decides). */
export function compilePackageNamePatterns(packageName: unknown): KeepPattern[] {
  const list = typeof packageName === "string" ? [packageName] : packageName;
  const patterns = compileKeepPatterns(list, "packageName", "package names");
  if (patterns.length === 0) throw new RetentionRuleError("packageName", 'must name at least one package or pattern, such as "dev-*"');
  return patterns;
}

export function matchesPackageName(patterns: readonly KeepPattern[], name: string): boolean {
  return matchingPattern(patterns, name) !== undefined;
}
