import type { PackageType } from "../core/package-types";
import type { PackageOwner } from "../core/package-version-types";
import { ownerOf } from "../core/package-coordinates";
import { compilePackageNamePatterns } from "./package-name-patterns";
import type { KeepPattern } from "../core/keep-patterns";
import { checkSharedPolicyArgs, refusePrototypeKeys, type PackageRetentionPolicyArgs } from "./policy-args";

/**
 * The arguments of PackageRetentionPolicies: those of a PackageRetentionPolicy, where
 * `packageName` is a glob (`dev-*`), a `/regex/`, or a list of them with `!exclusions`.
 */
export type PackageRetentionPoliciesArgs = Omit<PackageRetentionPolicyArgs, "packageName"> & { packageName: string | string[] };

export interface CheckedPoliciesArgs {
  owner: PackageOwner;
  packageType: PackageType;
  patterns: KeepPattern[];
  /** The arguments of the policy for one matching package. */
  policyArgs(packageName: string): PackageRetentionPolicyArgs;
}

/** Validates the pattern and every other argument as a PackageRetentionPolicy does; throws a RetentionRuleError naming the first bad one. */
export function checkPoliciesArgs(args: PackageRetentionPoliciesArgs): CheckedPoliciesArgs {
  if (typeof args === "object" && args !== null) refusePrototypeKeys(args);
  const { packageName, ...rest } = args;
  const patterns = compilePackageNamePatterns(packageName);
  checkSharedPolicyArgs(rest);
  return {
    owner: ownerOf(args),
    packageType: args.packageType,
    patterns,
    policyArgs: (name) => ({ ...rest, packageName: name }) satisfies PackageRetentionPolicyArgs,
  } satisfies CheckedPoliciesArgs;
}
