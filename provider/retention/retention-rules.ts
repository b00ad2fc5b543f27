import { PACKAGE_TYPES, isPackageType, isTaggedPackageType, type PackageType } from "../core/package-types";
import { parseDuration } from "./duration";
import type { KeepPattern } from "../core/keep-patterns";
import { compileKeepPatterns } from "./retention-patterns";
import { RetentionRuleError } from "./retention-errors";

export const UNTAGGED_RULES = ["keep", "delete"] as const;
export type UntaggedRule = (typeof UNTAGGED_RULES)[number];
export const PRERELEASE_RULES = ["only", "exclude", "any"] as const;
export type PrereleaseRule = (typeof PRERELEASE_RULES)[number];
export const BROKEN_IMAGE_RULES = ["keep", "delete-ghost", "delete-partial"] as const;
export type BrokenImageRule = (typeof BROKEN_IMAGE_RULES)[number];

/** The rules of a retention policy, as a program writes them. */
export interface RetentionRules {
  /** The newest N of the selected versions stay. */
  keepLatest?: number;
  /** Container and docker only, with `untagged: "delete"`: the newest N selected untagged versions stay; keepLatest then counts tagged ones only. */
  keepLatestUntagged?: number;
  /** Selected versions beyond keepLatest that are older than this ("90d", "12h", "2w3d", "6 months", "1y") are deleted. */
  deleteOlderThan?: string;
  /** Names or tags always kept: globs with `*` and `?`, or regular expressions between slashes; `!pattern` excludes (the last matching entry decides). */
  keep?: string[];
  /**
   * Container and docker only: a selected version with a tag matching one of these is deleted whatever keepLatest says (still only when older than deleteOlderThan, if set); `keep` wins.
   * Entries starting with `sha256:` (a digest, or a glob over digests) name versions by digest instead.
   */
  deleteTags?: string[];
  /** Container and docker only: "keep" (default) keeps every untagged version; "delete" lets the rules select them. */
  untagged?: UntaggedRule;
  /** "only": only prereleases are selected; "exclude": prereleases are kept; "any" (default). */
  prerelease?: PrereleaseRule;
  /** Restore versions deleted in the last 30 days that the rules keep (default false). */
  restoreKept?: boolean;
  /** Refuse a plan that deletes more active versions than this (default: no limit). */
  maxDeletions?: number;
  /**
   * Container and docker only: what becomes of an image whose index names digests that are no
   * active version. "keep" (default): it stays, reported in `brokenImages`; "delete-ghost": an
   * image none of whose platform images is left is deleted, with what only it refers to;
   * "delete-partial": any such image is deleted. `keep` patterns win.
   */
  brokenImages?: BrokenImageRule;
  /** At most this many of the plan's deletions per run, oldest first (a container image with all its parts, never split); the rest wait for later runs (default: no limit). */
  deletionsPerRun?: number;
}

/** The rules validated, with their defaults, for one package type. */
export interface ResolvedRetentionRules {
  readonly packageType: PackageType;
  readonly tagged: boolean;
  readonly keepLatest: number | undefined;
  readonly keepLatestUntagged: number | undefined;
  readonly deleteOlderThan: { readonly text: string; readonly ms: number } | undefined;
  readonly keep: readonly KeepPattern[];
  readonly deleteTags: readonly KeepPattern[];
  readonly untagged: UntaggedRule;
  readonly prerelease: PrereleaseRule;
  readonly restoreKept: boolean;
  readonly maxDeletions: number | undefined;
  readonly brokenImages: BrokenImageRule;
  readonly deletionsPerRun: number | undefined;
}

function nonNegativeInteger(value: unknown, field: string, meaning: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new RetentionRuleError(field, `must be a whole number of versions, 0 or more (${meaning}), got ${JSON.stringify(value)}`);
  }
  return value;
}

function positiveInteger(value: unknown, field: string, meaning: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new RetentionRuleError(field, `must be a whole number of versions, 1 or more (${meaning}), got ${JSON.stringify(value)}`);
  }
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new RetentionRuleError(field, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

const KNOWN_RULES = new Set([
  "keepLatest",
  "keepLatestUntagged",
  "deleteOlderThan",
  "keep",
  "deleteTags",
  "untagged",
  "prerelease",
  "restoreKept",
  "maxDeletions",
  "brokenImages",
  "deletionsPerRun",
]);

/** Validates the rules for a package type and fills in the defaults; throws a RetentionRuleError naming the rule. */
export function resolveRetentionRules(packageType: PackageType, rules: RetentionRules): ResolvedRetentionRules {
  if (!isPackageType(packageType)) {
    throw new RetentionRuleError("packageType", `must be one of ${PACKAGE_TYPES.join(", ")}, got ${JSON.stringify(packageType)}`);
  }
  for (const key of Object.keys(rules)) {
    if (!KNOWN_RULES.has(key)) throw new RetentionRuleError(key, `unknown rule; the rules are ${[...KNOWN_RULES].join(", ")}`);
  }
  const tagged = isTaggedPackageType(packageType);
  const keepLatest = nonNegativeInteger(rules.keepLatest, "keepLatest", "the newest N selected versions stay");
  const deleteOlderThan =
    rules.deleteOlderThan === undefined ? undefined : { text: rules.deleteOlderThan, ms: parseDuration(rules.deleteOlderThan) };
  if (keepLatest === undefined && deleteOlderThan === undefined) {
    throw new RetentionRuleError(
      "keepLatest",
      "set keepLatest, deleteOlderThan or both: without either the policy would not say what to delete",
    );
  }
  const { untagged, keepLatestUntagged } = resolveImageRules(packageType, tagged, rules);
  return {
    packageType,
    tagged,
    keepLatest,
    keepLatestUntagged,
    deleteOlderThan,
    keep: compileKeepPatterns(rules.keep),
    deleteTags: compileKeepPatterns(rules.deleteTags, "deleteTags", "tags or digests"),
    untagged,
    prerelease: oneOf(rules.prerelease, PRERELEASE_RULES, "prerelease", "any"),
    restoreKept: rules.restoreKept ?? false,
    maxDeletions: nonNegativeInteger(rules.maxDeletions, "maxDeletions", "the most versions one plan may delete"),
    brokenImages: oneOf(rules.brokenImages, BROKEN_IMAGE_RULES, "brokenImages", "keep"),
    deletionsPerRun: positiveInteger(
      rules.deletionsPerRun,
      "deletionsPerRun",
      "the most versions one run deletes, oldest first; the rest wait for later runs",
    ),
  } satisfies ResolvedRetentionRules;
}

/**
 * The rules for container and docker packages only (untagged, deleteTags, keepLatestUntagged,
 * brokenImages), refused for other types, and restoreKept's type; checked in this order.
 */
function resolveImageRules(
  packageType: PackageType,
  tagged: boolean,
  rules: RetentionRules,
): Pick<ResolvedRetentionRules, "untagged" | "keepLatestUntagged"> {
  if (rules.untagged !== undefined && !tagged) {
    throw new RetentionRuleError("untagged", `applies to container and docker packages only; ${packageType} versions have no tags`);
  }
  const untagged = oneOf(rules.untagged, UNTAGGED_RULES, "untagged", "keep");
  if (rules.deleteTags !== undefined && !tagged) {
    throw new RetentionRuleError("deleteTags", `applies to container and docker packages only; ${packageType} versions have no tags`);
  }
  const keepLatestUntagged = nonNegativeInteger(
    rules.keepLatestUntagged,
    "keepLatestUntagged",
    "the newest N selected untagged versions stay",
  );
  if (keepLatestUntagged !== undefined && !tagged) {
    throw new RetentionRuleError(
      "keepLatestUntagged",
      `applies to container and docker packages only; ${packageType} versions have no tags`,
    );
  }
  if (keepLatestUntagged !== undefined && untagged !== "delete") {
    throw new RetentionRuleError(
      "keepLatestUntagged",
      'counts the untagged versions the rules may delete, and untagged is "keep" (the default), which keeps them all; set untagged: "delete" with it',
    );
  }
  if (rules.brokenImages !== undefined && !tagged) {
    throw new RetentionRuleError(
      "brokenImages",
      `applies to container and docker packages only (their images are read from the registry); remove it for a ${packageType} package`,
    );
  }
  if (rules.restoreKept !== undefined && typeof rules.restoreKept !== "boolean") {
    throw new RetentionRuleError("restoreKept", `must be true or false, got ${JSON.stringify(rules.restoreKept)}`);
  }
  return { untagged, keepLatestUntagged };
}
