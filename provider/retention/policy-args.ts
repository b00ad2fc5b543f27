import { validateOwnerPackages, validatePackageAddress } from "../package-version/validation";
import { isTaggedPackageType, type PackageType } from "../core/package-types";
import type { PackageAddress, PackageCoordinates } from "../core/package-version-types";
import { coordinatesOf } from "../core/package-coordinates";
import { isPackageNamePattern } from "./package-name-patterns";
import { RetentionRuleError } from "./retention-errors";
import { resolveRetentionRules, type RetentionRules } from "./retention-rules";
import { DEFAULT_GITHUB_REGISTRY_URL, GitHubSettingsError, parseRegistryUrl, redactedUrl } from "../core/settings";
import { echoValue } from "../core/echoed-value";
import { PROTOTYPE_KEY_REASON, prototypeKeysOf } from "../core/prototype-keys";
import { ISO_TIME_EXAMPLE, parseIsoTime } from "../core/iso-time";

/** Refuses `__proto__`, `constructor` and the other prototype keys among the arguments, naming the first. */
export function refusePrototypeKeys(args: object): void {
  const key = prototypeKeysOf(args)[0];
  if (key !== undefined) throw new RetentionRuleError(key, PROTOTYPE_KEY_REASON);
}

/**
 * The arguments of a PackageRetentionPolicy. They are plain values, not Outputs: the policy lists
 * the package's versions and decides while the program runs, so that `pulumi preview` shows the
 * plan.
 */
export interface PackageRetentionPolicyArgs extends PackageAddress, RetentionRules {
  /**
   * Overrides `github:registryUrl` for this policy: the container registry its container or
   * docker package's manifests are read from (GitHub Enterprise Server's container host, the emulator).
   */
  registryUrl?: string;
  /** The time the rules are evaluated at, as an ISO date-time (default: now). For reproducible runs and tests. */
  now?: string;
  /**
   * `false` (the default): one PackagePlanWrites resource for the package, `<policy name>-writes`,
   * which carries the run's writes and records what they did; the engine's cost does not grow with
   * the package (docs/retention.md, Packages of any size). `true`: one PackageVersion child per
   * managed version, an option for small packages (no record, so no undo).
   */
  perVersionChildren?: boolean;
  /**
   * Undo (docs/undo.md): an ISO date-time; every version this policy's writes deleted in a run
   * planned at or after it (the policy's record in the stack's state) is restored, and nothing is
   * deleted while it is set. Needs the compact form (`perVersionChildren` unset or `false`), whose
   * record tells this policy's deletions from anyone else's.
   */
  restoreDeletedSince?: string;
}

/** The validated arguments, split into where the package is, its rules and the time. */
export interface CheckedPolicyArgs {
  coordinates: PackageCoordinates;
  rules: RetentionRules & { packageType: PackageType };
  baseUrl: string | undefined;
  /** The registry override, without trailing slashes. */
  registryUrl: string | undefined;
  now: Date;
  perVersionChildren: boolean;
  /** Undo: restore what this policy deleted in the runs planned at or after this time. */
  restoreDeletedSince: Date | undefined;
}

const PACKAGE_KEYS = ["org", "user", "packageType", "packageName", "baseUrl"] as const;

/**
 * `registryUrl`: absent, or an http(s) URL without credentials, query or fragment, for a
 * container or docker package (the only ones read from a container registry).
 */
function checkRegistryUrl(registryUrl: unknown, packageType: PackageType): string | undefined {
  if (registryUrl === undefined) return undefined;
  if (!isTaggedPackageType(packageType)) {
    throw new RetentionRuleError(
      "registryUrl",
      `applies to container and docker packages only (their manifests are read from the registry); remove it for a ${packageType} package`,
    );
  }
  if (typeof registryUrl === "string") {
    try {
      return parseRegistryUrl(registryUrl, "registryUrl");
    } catch (error) {
      if (!(error instanceof GitHubSettingsError)) throw error;
    }
  }
  throw new RetentionRuleError(
    "registryUrl",
    `must be the http(s) URL of a container registry without credentials, query or fragment, such as https://containers.github.example.com (default: github:registryUrl, else ${DEFAULT_GITHUB_REGISTRY_URL}), got ${echoValue(redactedUrl(registryUrl))}`,
  );
}

/**
 * `restoreDeletedSince`: absent, or an ISO date-time with its zone not after the run's time, on a
 * policy in the compact form (the default; refused with `perVersionChildren: true`). A per-version child records that its version is
 * deleted, not whether this policy deleted it, so undo there would restore versions people
 * deleted by hand: refused, naming what works with that form instead.
 */
function checkRestoreDeletedSince(value: unknown, perVersionChildren: boolean, now: Date): Date | undefined {
  if (value === undefined) return undefined;
  const ms = parseIsoTime(value);
  if (ms === undefined) {
    throw new RetentionRuleError(
      "restoreDeletedSince",
      `must be an ISO date-time with its zone, ${ISO_TIME_EXAMPLE}, got ${echoValue(value)}`,
    );
  }
  if (ms > now.getTime()) {
    throw new RetentionRuleError(
      "restoreDeletedSince",
      `${value} is after the run's time (${now.toISOString()}): nothing was deleted since; give the time of the first run to undo (print the record: pulumi stack export | npx pulumi-github-package-versions-record)`,
    );
  }
  if (perVersionChildren) {
    throw new RetentionRuleError(
      "restoreDeletedSince",
      "needs perVersionChildren: false: only that form keeps a record (its PackagePlanWrites) of the versions this policy deleted, which tells them from versions deleted by anyone else; " +
        "a per-version child records that its version is deleted, not who deleted it. Remove perVersionChildren: true (false is the default) and the runs from then on are recorded; " +
        "for what the per-version children deleted, fix the rule and set restoreKept: true: the deleted versions the fixed rules keep are restored (docs/undo.md)",
    );
  }
  return new Date(ms);
}

/** Every argument but `packageName`: what one policy and a set of policies (PackageRetentionPolicies, whose name is a pattern) share. */
export type SharedPolicyArgs = Omit<PackageRetentionPolicyArgs, "packageName">;

/** The shared arguments, validated: everything of CheckedPolicyArgs but the coordinates. */
export type CheckedSharedPolicyArgs = Omit<CheckedPolicyArgs, "coordinates">;

/** The arguments must be an object without prototype keys. */
function refuseMalformed(args: unknown): void {
  if (typeof args !== "object" || args === null) throw new RetentionRuleError("args", "pass the package and its rules as an object");
  refusePrototypeKeys(args);
}

function checkPerVersionChildren(perVersionChildren: unknown): void {
  if (perVersionChildren !== undefined && typeof perVersionChildren !== "boolean") {
    throw new RetentionRuleError(
      "perVersionChildren",
      `must be true (a PackageVersion per version) or false (one resource for the package), got ${JSON.stringify(perVersionChildren)}`,
    );
  }
}

/** The package's fields the arguments set (owner, type, name, baseUrl), for PackageVersion's field validators. */
function packageFields(args: SharedPolicyArgs & { packageName?: string }): Record<string, unknown> {
  const where: Record<(typeof PACKAGE_KEYS)[number], unknown> = {
    org: args.org,
    user: args.user,
    packageType: args.packageType,
    packageName: args.packageName,
    baseUrl: args.baseUrl,
  };
  return Object.fromEntries(PACKAGE_KEYS.filter((k) => where[k] !== undefined).map((k) => [k, where[k]]));
}

/** Throws the first failure of a field validator as a RetentionRuleError. */
function refuseFirst(failures: readonly { property: string; reason: string }[]): void {
  const failure = failures[0];
  if (failure !== undefined) throw new RetentionRuleError(failure.property, failure.reason);
}

/** The rules, the registry, the time and undo, checked in that order once the package's fields passed. */
function checkPolicySettings(args: SharedPolicyArgs, clock: () => Date): CheckedSharedPolicyArgs {
  // The owner and baseUrl were checked with the package; the rest of the arguments are the rules.
  const { org: _org, user: _user, packageType, baseUrl, registryUrl, now, perVersionChildren, restoreDeletedSince, ...rules } = args;
  resolveRetentionRules(packageType, rules); // throws on a bad rule, before any API call
  const registry = checkRegistryUrl(registryUrl, packageType);
  let at = clock();
  if (now !== undefined) {
    at = new Date(typeof now === "string" ? now : NaN);
    if (Number.isNaN(at.getTime()))
      throw new RetentionRuleError("now", `must be an ISO date-time such as 2026-11-26T00:00:00Z, got ${JSON.stringify(now)}`);
  }
  const undoSince = checkRestoreDeletedSince(restoreDeletedSince, perVersionChildren ?? false, at);
  return {
    rules: { packageType, ...rules },
    baseUrl,
    registryUrl: registry,
    now: at,
    perVersionChildren: perVersionChildren ?? false,
    restoreDeletedSince: undoSince,
  } satisfies CheckedSharedPolicyArgs;
}

/** Validates every argument before any API call; throws a RetentionRuleError naming the first bad one. */
export function checkPolicyArgs(args: PackageRetentionPolicyArgs, clock: () => Date = () => new Date()): CheckedPolicyArgs {
  refuseMalformed(args);
  checkPerVersionChildren(args.perVersionChildren);
  if (isPackageNamePattern(args.packageName)) {
    throw new RetentionRuleError(
      "packageName",
      `${JSON.stringify(args.packageName)} names several packages: declare a PackageRetentionPolicies, one policy per matching package (the root project's stack configuration does so by itself)`,
    );
  }
  refuseFirst(validatePackageAddress(packageFields(args)));
  const { packageName: _packageName, ...shared } = args;
  return { coordinates: coordinatesOf(args), ...checkPolicySettings(shared, clock) } satisfies CheckedPolicyArgs;
}

/**
 * Validates every argument of a set of policies but `packageName` (a pattern, compiled by the
 * caller) as checkPolicyArgs does; throws a RetentionRuleError naming the first bad one.
 */
export function checkSharedPolicyArgs(args: SharedPolicyArgs, clock: () => Date = () => new Date()): CheckedSharedPolicyArgs {
  refuseMalformed(args);
  checkPerVersionChildren(args.perVersionChildren);
  refuseFirst(validateOwnerPackages(packageFields(args)));
  return checkPolicySettings(args, clock);
}
