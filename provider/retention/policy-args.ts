import { validatePackageVersionInputs } from "../package-version/validation";
import type { PackageType } from "../package-types";
import type { PackageAddress, PackageCoordinates } from "../package-version/types";
import { coordinatesOf } from "../package-coordinates";
import { isPackageNamePattern } from "./package-name-patterns";
import { RetentionRuleError } from "./retention-errors";
import { resolveRetentionRules, type RetentionRules } from "./retention-rules";

/**
 * The arguments of a PackageRetentionPolicy. They are plain values, not Outputs: the policy lists
 * the package's versions and decides while the program runs, so that `pulumi preview` shows the
 * plan.
 */
export interface PackageRetentionPolicyArgs extends PackageAddress, RetentionRules {
  /** The time the rules are evaluated at, as an ISO date-time (default: now). For reproducible runs and tests. */
  now?: string;
}

/** The validated arguments, split into where the package is, its rules and the time. */
export interface CheckedPolicyArgs {
  coordinates: PackageCoordinates;
  rules: RetentionRules & { packageType: PackageType };
  baseUrl: string | undefined;
  now: Date;
}

const PACKAGE_KEYS = ["org", "user", "packageType", "packageName", "baseUrl"] as const;

/** Validates every argument before any API call; throws a RetentionRuleError naming the first bad one. */
export function checkPolicyArgs(args: PackageRetentionPolicyArgs, clock: () => Date = () => new Date()): CheckedPolicyArgs {
  if (typeof args !== "object" || args === null) throw new RetentionRuleError("args", "pass the package and its rules as an object");
  const { org, user, packageType, packageName, baseUrl, now, ...rules } = args;
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
  let at = clock();
  if (now !== undefined) {
    at = new Date(typeof now === "string" ? now : NaN);
    if (Number.isNaN(at.getTime())) throw new RetentionRuleError("now", `must be an ISO date-time such as 2026-11-26T00:00:00Z, got ${JSON.stringify(now)}`);
  }
  return {
    coordinates: coordinatesOf({ ...(org !== undefined ? { org } : {}), ...(user !== undefined ? { user } : {}), packageType, packageName }),
    rules: { packageType, ...rules },
    baseUrl,
    now: at,
  } satisfies CheckedPolicyArgs;
}
