import { getPackageVersions } from "../lookups/get-package-versions";
import type { PackageVersionInfo } from "../package-version-types";
import { packageLabel } from "../version-label";
import { checkPolicyArgs, type PackageRetentionPolicyArgs } from "./policy-args";
import { planRetention } from "./plan-retention";
import type { RetentionPlan } from "./retention-plan-types";

export interface PackageRetentionPlan extends RetentionPlan {
  /** The time the rules were evaluated at. */
  now: string;
  /** Every version listed (active, and deleted in the last 30 days). */
  versions: PackageVersionInfo[];
}

/**
 * Lists a package's versions (active and deleted, all pages) and plans its retention, without
 * creating resources: what a PackageRetentionPolicy with these arguments would do now.
 */
export async function planPackageRetention(args: PackageRetentionPolicyArgs): Promise<PackageRetentionPlan> {
  const checked = checkPolicyArgs(args);
  const { versions } = await getPackageVersions({ ...checked.coordinates, state: "all", ...(checked.baseUrl !== undefined ? { baseUrl: checked.baseUrl } : {}) });
  const plan = planRetention(versions, checked.rules, checked.now, packageLabel(checked.coordinates));
  return { ...plan, now: checked.now.toISOString(), versions } satisfies PackageRetentionPlan;
}
