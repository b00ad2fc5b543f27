import { validatePackageVersionInputs } from "../package-version/validation";
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

/** Validates every argument before any API call; throws a RetentionRuleError naming the first bad one. */
export function checkPolicyArgs(args: PackageRetentionPolicyArgs, clock: () => Date = () => new Date()): CheckedPolicyArgs {
  if (typeof args !== "object" || args === null) throw new RetentionRuleError("args", "pass the package and its rules as an object");
  refusePrototypeKeys(args);
  const { org, user, packageType, packageName, baseUrl, registryUrl, now, perVersionChildren, restoreDeletedSince, ...rules } = args;
  if (perVersionChildren !== undefined && typeof perVersionChildren !== "boolean") {
    throw new RetentionRuleError(
      "perVersionChildren",
      `must be true (a PackageVersion per version) or false (one resource for the package), got ${JSON.stringify(perVersionChildren)}`,
    );
  }
  if (isPackageNamePattern(packageName)) {
    throw new RetentionRuleError(
      "packageName",
      `${JSON.stringify(packageName)} names several packages: declare a PackageRetentionPolicies, one policy per matching package (the root project's stack configuration does so by itself)`,
    );
  }
  const where = { org, user, packageType, packageName, baseUrl };
  const present = Object.fromEntries(PACKAGE_KEYS.filter((k) => where[k] !== undefined).map((k) => [k, where[k]]));
  // A placeholder selector: the policy covers every version, and PackageVersion's owner, package and baseUrl checks apply as they are.
  const failure = validatePackageVersionInputs({ ...present, versionId: 1 })[0];
  if (failure !== undefined) throw new RetentionRuleError(failure.property, failure.reason);
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
    coordinates: coordinatesOf({
      ...(org !== undefined ? { org } : {}),
      ...(user !== undefined ? { user } : {}),
      packageType,
      packageName,
    }),
    rules: { packageType, ...rules },
    baseUrl,
    registryUrl: registry,
    now: at,
    perVersionChildren: perVersionChildren ?? false,
    restoreDeletedSince: undoSince,
  } satisfies CheckedPolicyArgs;
}
