import { RE2JS } from "re2js";
import { ProgramError } from "./program-error";

/**
 * A pattern list that cannot be compiled, naming the entry (`keep[2]`, `names[0]`) and what is
 * allowed. Each user of patterns tells it as its own argument: a retention policy as a
 * RetentionRuleError, getPackages as a LookupArgumentError.
 */
export class PatternError extends ProgramError {
  override readonly name = "PatternError";

  constructor(
    /** The entry at fault, e.g. `keep[2]`. */
    readonly field: string,
    /** What is wrong and what is allowed, without the entry's name. */
    readonly reason: string,
  ) {
    super(`Invalid pattern \`${field}\`: ${reason}`);
  }
}

/** One entry of `keep` or `deleteTags`: the text as written, whether it is an exclusion (`!`), and a test for a name or tag. */
export interface KeepPattern {
  readonly source: string;
  /** `!pattern`: takes back what the entries before it matched. */
  readonly exclude: boolean;
  /** Whether the pattern (without its `!`) matches the value. */
  matches(value: string): boolean;
}

const REGEX_PATTERN = /^\/(.+)\/([imsu]*)$/;

/**
 * Patterns come from users (a tag anyone who can push may choose is matched against them), so
 * they run on RE2 (re2js, pure JavaScript): matching takes time linear in the name or tag, where
 * JavaScript's backtracking RegExp takes exponential time on patterns such as /(a+)+$/ and
 * polynomial time on globs with many `*`.
 */
const FLAGS: Readonly<Record<string, number>> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, u: 0 };

function globToRE2(glob: string): RE2JS {
  let body = "";
  for (const char of glob) {
    if (char === "*") body += ".*";
    else if (char === "?") body += ".";
    else body += char.replace(/[.+^${}()|[\]\\/-]/g, "\\$&");
  }
  return RE2JS.compile(`^${body}$`, RE2JS.DOTALL);
}

/** Why RE2 refuses what JavaScript may accept, when the pattern shows it; always that it is RE2 syntax. */
function re2Reason(body: string): string {
  if (/\(\?<?[=!]/.test(body)) return "RE2 syntax has no lookahead or lookbehind ((?=, (?!, (?<=, (?<!)";
  if (/\\([1-9]|k<)/.test(body)) return "RE2 syntax has no backreferences (\\1, \\k<name>)";
  return "patterns use RE2 syntax, without lookaround or backreferences";
}

/**
 * A `keep` (or `deleteTags`) entry: a regular expression between slashes (`/^release-/`, flags
 * i, m, s, u allowed) in RE2 syntax, matched anywhere unless anchored; otherwise a glob matched
 * against the whole name or tag, where `*` is any run of characters and `?` one character,
 * case-sensitive. A leading `!` makes it an exclusion (`!v*-rc*`, `!/-rc/`). A regular
 * expression RE2 cannot compile (lookaround, backreferences, a bad syntax) is refused here, at
 * preview, naming the field and the pattern.
 */
export function compileKeepPattern(pattern: unknown, field: string): KeepPattern {
  if (typeof pattern !== "string" || pattern.trim() === "" || pattern.trim() === "!") {
    throw new PatternError(
      field,
      `must be a non-empty name or tag glob (v*, release-?), a /regex/, or either after ! to exclude, got ${JSON.stringify(pattern)}`,
    );
  }
  const exclude = pattern.startsWith("!");
  const text = exclude ? pattern.slice(1) : pattern;
  const regex = REGEX_PATTERN.exec(text);
  let compiled: RE2JS;
  if (regex !== null) {
    const body = regex[1]!;
    const flags = [...new Set(regex[2]!)].reduce((all, flag) => all | FLAGS[flag]!, 0);
    try {
      compiled = RE2JS.compile(body, flags);
    } catch (error) {
      throw new PatternError(
        field,
        `${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}; ${re2Reason(body)}, so that matching runs in linear time`,
      );
    }
  } else {
    compiled = globToRE2(text);
  }
  return { source: pattern, exclude, matches: (value) => compiled.test(value) };
}

/**
 * Every entry of a pattern list compiled; the first failure names its index. An exclusion must
 * follow a pattern it can take something back from.
 */
export function compileKeepPatterns(patterns: unknown, field = "keep", what = "names or tags"): KeepPattern[] {
  if (patterns === undefined) return [];
  if (!Array.isArray(patterns)) {
    throw new PatternError(
      field,
      `must be a list of ${what} (globs such as "v*", /regex/, or "!v*-rc*" to exclude), got ${JSON.stringify(patterns)}`,
    );
  }
  const compiled = patterns.map((pattern, index) => compileKeepPattern(pattern, `${field}[${index}]`));
  const first = compiled.findIndex((pattern) => !pattern.exclude);
  const lonely = compiled.findIndex((pattern, index) => pattern.exclude && (first === -1 || index < first));
  if (lonely !== -1) {
    const source = compiled[lonely]!.source;
    throw new PatternError(
      `${field}[${lonely}]`,
      `${JSON.stringify(source)} excludes from what the entries before it match, and no pattern comes before it; put it after the pattern it narrows, as in ["v*", ${JSON.stringify(source)}]`,
    );
  }
  return compiled;
}

/**
 * The pattern that matches a name or tag, read like a .gitignore: entries apply in order and the
 * last one that matches decides, so an exclusion takes back what came before it and a pattern
 * after the exclusion matches again. Returns the deciding pattern, or undefined when none
 * matches or an exclusion has the last word.
 */
export function matchingPattern(patterns: readonly KeepPattern[], value: string): KeepPattern | undefined {
  let decided: KeepPattern | undefined;
  for (const pattern of patterns) {
    if (pattern.matches(value)) decided = pattern.exclude ? undefined : pattern;
  }
  return decided;
}

/** The first of the values (a name, then tags) that the list matches, with the deciding pattern. */
export function firstMatch(
  patterns: readonly KeepPattern[],
  values: readonly string[],
): { value: string; pattern: KeepPattern } | undefined {
  for (const value of values) {
    const pattern = matchingPattern(patterns, value);
    if (pattern !== undefined) return { value, pattern };
  }
  return undefined;
}
