import { readImageGraph } from "../images/read-image-graph";
import { getPackageVersions } from "../lookups/get-package-versions";
import { programSettings } from "../lookups/program-settings";
import { isTaggedPackageType } from "../package-types";
import type { PackageVersionInfo } from "../package-version/types";
import { packageLabel } from "../version-label";
import { checkPolicyArgs, type PackageRetentionPolicyArgs } from "./policy-args";
import { planRetention } from "./plan-retention";
import type { ManagedElsewhere, RetentionPlan } from "./retention-plan-types";

export interface PackageRetentionPlan extends RetentionPlan {
  /** The time the rules were evaluated at. */
  now: string;
  /** Every version listed (active, and deleted in the last 30 days). */
  versions: PackageVersionInfo[];
}

function withoutMaxDeletions<T extends { maxDeletions?: number | undefined }>(rules: T): T {
  const { maxDeletions: _ignored, ...rest } = rules;
  return rest as T;
}

/** The listed versions other resources manage (the policy asks the program's registry). */
export type ManagedElsewhereLookup = (versions: readonly PackageVersionInfo[]) => Promise<ReadonlyMap<number, ManagedElsewhere>>;

/**
 * Lists a package's versions (active and deleted, all pages; with `perVersionChildren: false` and no
 * `restoreKept`, the active ones only) and plans its retention, without
 * creating resources: what a PackageRetentionPolicy with these arguments would do now. Versions
 * that `managedElsewhere` names are left alone ("kept: managed by <name>"). For container and
 * docker packages the manifests are read from the registry and the rules apply to images (see
 * readImageGraph); a registry that cannot be read fails the plan, so nothing is deleted.
 */
export async function planPackageRetention(args: PackageRetentionPolicyArgs, managedElsewhere?: ManagedElsewhereLookup): Promise<PackageRetentionPlan> {
  const checked = checkPolicyArgs(args);
  // The deleted versions matter to a plan only when it may restore them (restoreKept), or when each
  // gets a child that records it (per-version children); otherwise their listing is not asked for.
  const state = checked.perVersionChildren || checked.rules.restoreKept === true ? "all" : "active";
  const { versions } = await getPackageVersions({ ...checked.coordinates, state, ...(checked.baseUrl !== undefined ? { baseUrl: checked.baseUrl } : {}) });
  const owners = managedElsewhere !== undefined ? await managedElsewhere(versions) : new Map<number, ManagedElsewhere>();
  const images = isTaggedPackageType(checked.coordinates.packageType)
    ? await readImageGraph(checked.coordinates, versions, programSettings({ coordinates: checked.coordinates, selector: {}, baseUrl: checked.baseUrl, registryUrl: checked.registryUrl }))
    : undefined;
  // An undo (restoreDeletedSince) deletes nothing, so a rule that would delete too many does not refuse it.
  const rules = checked.restoreDeletedSince === undefined ? checked.rules : withoutMaxDeletions(checked.rules);
  const plan = planRetention(versions, rules, checked.now, packageLabel(checked.coordinates), owners, images);
  return { ...plan, now: checked.now.toISOString(), versions } satisfies PackageRetentionPlan;
}
