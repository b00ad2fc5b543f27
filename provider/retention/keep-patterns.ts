import { RetentionRuleError } from "./retention-errors";

/** One entry of `keep`: the text as written and a test for a name or tag. */
export interface KeepPattern {
  readonly source: string;
  matches(value: string): boolean;
}

const REGEX_PATTERN = /^\/(.+)\/([imsu]*)$/;

function globToRegExp(glob: string): RegExp {
  let body = "";
  for (const char of glob) {
    if (char === "*") body += ".*";
    else if (char === "?") body += ".";
    else body += char.replace(/[.+^${}()|[\]\\/-]/g, "\\$&");
  }
  return new RegExp(`^${body}$`, "s");
}

/**
 * A `keep` entry: a regular expression between slashes (`/^release-/`, flags i, m, s, u allowed),
 * matched anywhere unless anchored; otherwise a glob matched against the whole name or tag, where
 * `*` is any run of characters and `?` one character, case-sensitive.
 */
export function compileKeepPattern(pattern: unknown, field: string): KeepPattern {
  if (typeof pattern !== "string" || pattern.trim() === "") {
    throw new RetentionRuleError(field, `must be a non-empty name or tag glob (v*, release-?) or a /regex/, got ${JSON.stringify(pattern)}`);
  }
  const regex = REGEX_PATTERN.exec(pattern);
  let compiled: RegExp;
  if (regex !== null) {
    try {
      compiled = new RegExp(regex[1]!, regex[2]);
    } catch (error) {
      throw new RetentionRuleError(field, `${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}`);
    }
  } else {
    compiled = globToRegExp(pattern);
  }
  return { source: pattern, matches: (value) => compiled.test(value) };
}

/** Every `keep` entry compiled; the first failure names its index. */
export function compileKeepPatterns(patterns: unknown): KeepPattern[] {
  if (patterns === undefined) return [];
  if (!Array.isArray(patterns)) {
    throw new RetentionRuleError("keep", `must be a list of names or tags (globs such as "v*", or /regex/), got ${JSON.stringify(patterns)}`);
  }
  return patterns.map((pattern, index) => compileKeepPattern(pattern, `keep[${index}]`));
}
