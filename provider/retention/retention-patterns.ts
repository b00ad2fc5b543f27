/**
 * The pattern lists of a retention policy (`keep`, `deleteTags`, `packageName`), compiled by
 * core/keep-patterns.ts; a pattern it refuses is told as the policy argument it is.
 */
import {
  compileKeepPattern as compilePattern,
  compileKeepPatterns as compilePatterns,
  PatternError,
  type KeepPattern,
} from "../core/keep-patterns";
import { RetentionRuleError } from "./retention-errors";

function asRetentionRule<T>(compile: () => T): T {
  try {
    return compile();
  } catch (error) {
    if (error instanceof PatternError) throw new RetentionRuleError(error.field, error.reason);
    throw error;
  }
}

/** One `keep` or `deleteTags` entry (see core/keep-patterns.ts); throws a RetentionRuleError naming it. */
export function compileKeepPattern(pattern: unknown, field: string): KeepPattern {
  return asRetentionRule(() => compilePattern(pattern, field));
}

/** A policy's pattern list (see core/keep-patterns.ts); throws a RetentionRuleError naming the first bad entry. */
export function compileKeepPatterns(patterns: unknown, field = "keep", what = "names or tags"): KeepPattern[] {
  return asRetentionRule(() => compilePatterns(patterns, field, what));
}
