import { readImageGraphLearning } from "../images/read-image-graph";
import type { ManifestSummary } from "../registry/manifest-summary";
import { getActiveVersionsEndsIf, getPackageVersions } from "../lookups/get-package-versions";
import { programSettings } from "../lookups/program-settings";
import { isTaggedPackageType } from "../core/package-types";
import type { PackageVersionInfo } from "../core/package-version-types";
import { packageLabel } from "../core/version-label";
import { gitHubClient, primaryBudgetOf } from "../github/client";
import { checkWritePermission } from "../github/write-permission";
import type { PlanTokenBudget } from "./plan-budget";
import { checkPolicyArgs, type CheckedPolicyArgs, type PackageRetentionPolicyArgs } from "./policy-args";
import { planFileDir } from "./plan-file";
import { planRetention } from "./plan-retention";
import type { ManagedElsewhere, RetentionPlan } from "./retention-plan-types";

export interface PackageRetentionPlan extends RetentionPlan {
  /** The time the rules were evaluated at. */
  now: string;
  /** Every version listed (active, and deleted in the last 30 days). */
  versions: PackageVersionInfo[];
  /** Container and docker: the manifests read from the registry for this plan (those not recorded). */
  learnedManifests: readonly ManifestSummary[];
  /** The token's kind, what its permission check found, and the budget GitHub reported after the listing. */
  token: PlanTokenBudget;
  /**
   * Active versions not listed, all kept: when no rule can delete any of the package's versions
   * (see keepsEveryVersionUpTo), only the listing's first and last pages are read, and the
   * versions of the pages between are counted here, not in `versions`, `decisions` or `keptIds`. 0 otherwise.
   */
  unlisted: number;
}

/**
 * Up to how many active versions a policy cannot delete any, so that a package of at most that many
 * needs only its listing's two ends: the compact form (whose state does not hold a resource per
 * version), a package type without images (an image's parts are planned from every manifest),
 * `keepLatest` set and nothing else that deletes or restores beyond it: no `restoreKept`, no undo,
 * and no plan file asked for (it holds every decision). undefined when the whole listing is needed.
 */
export function keepsEveryVersionUpTo(checked: CheckedPolicyArgs): number | undefined {
  const { rules } = checked;
  const applies =
    !checked.perVersionChildren &&
    !isTaggedPackageType(checked.coordinates.packageType) &&
    rules.restoreKept !== true &&
    checked.restoreDeletedSince === undefined &&
    planFileDir() === undefined;
  return applies ? rules.keepLatest : undefined;
}

/** The versions a plan starts from: every listed one, or only the listing's ends (keepsEveryVersionUpTo). */
async function listedForPlan(checked: CheckedPolicyArgs): Promise<{ versions: PackageVersionInfo[]; unlisted: number }> {
  const listArgs = { ...checked.coordinates, ...(checked.baseUrl !== undefined ? { baseUrl: checked.baseUrl } : {}) };
  const keepsUpTo = keepsEveryVersionUpTo(checked);
  if (keepsUpTo !== undefined) return getActiveVersionsEndsIf(listArgs, (count) => count <= keepsUpTo);
  // The deleted versions matter to a plan only when it may restore them (restoreKept), or when each
  // gets a child that records it (per-version children); otherwise their listing is not asked for.
  const state = checked.perVersionChildren || checked.rules.restoreKept === true ? "all" : "active";
  return { versions: (await getPackageVersions({ ...listArgs, state })).versions, unlisted: 0 };
}

function withoutMaxDeletions<T extends { maxDeletions?: number | undefined }>(rules: T): T {
  const { maxDeletions: _ignored, ...rest } = rules;
  return rest as T;
}

/** The listed versions other resources manage (the policy asks the program's registry). */
export type ManagedElsewhereLookup = (versions: readonly PackageVersionInfo[]) => Promise<ReadonlyMap<number, ManagedElsewhere>>;

/**
 * Lists a package's versions (active and deleted, all pages; the active ones only in the compact
 * form, the default, without `restoreKept`, and only the listing's two ends when no rule can delete any
 * of them: see keepsEveryVersionUpTo) and plans its retention, without
 * creating resources: what a PackageRetentionPolicy with these arguments would do now. Versions
 * that `managedElsewhere` names are left alone ("kept: managed by <name>"). For container and
 * docker packages the manifests are read from the registry and the rules apply to images (see
 * readImageGraph); a registry that cannot be read fails the plan, so nothing is deleted. A plan
 * with writes then checks that the token may make them (see checkWritePermission): a
 * TokenPermissionError fails the plan, before any write.
 */
export async function planPackageRetention(
  args: PackageRetentionPolicyArgs,
  managedElsewhere?: ManagedElsewhereLookup,
  recordedManifests?: () => Promise<ReadonlyMap<string, ManifestSummary>>,
): Promise<PackageRetentionPlan> {
  const checked = checkPolicyArgs(args);
  const { versions, unlisted } = await listedForPlan(checked);
  const owners = managedElsewhere !== undefined ? await managedElsewhere(versions) : new Map<number, ManagedElsewhere>();
  const read = isTaggedPackageType(checked.coordinates.packageType)
    ? await readImageGraphLearning(
        checked.coordinates,
        versions,
        programSettings({ coordinates: checked.coordinates, selector: {}, baseUrl: checked.baseUrl, registryUrl: checked.registryUrl }),
        (await recordedManifests?.()) ?? new Map(),
      )
    : undefined;
  // An undo (restoreDeletedSince) deletes nothing, so a rule that would delete too many does not refuse it.
  const rules = checked.restoreDeletedSince === undefined ? checked.rules : withoutMaxDeletions(checked.rules);
  const plan = planRetention(versions, rules, checked.now, packageLabel(checked.coordinates), owners, read?.graph);
  // Before any write of the plan: may the token make them? (A refusal fails the plan, so the run writes nothing.)
  // An undo's restores come from the record after this plan: it is checked as a plan that restores.
  const settings = programSettings({ coordinates: checked.coordinates, selector: {}, baseUrl: checked.baseUrl });
  const client = gitHubClient(settings);
  const restores = checked.restoreDeletedSince === undefined ? plan.restoredIds.length : Math.max(plan.restoredIds.length, 1);
  const access = await checkWritePermission(client, settings, checked.coordinates, { deletions: plan.deletedIds.length, restores });
  const token = { token: settings.tokenIdentity, access, budget: primaryBudgetOf(client).known() } satisfies PlanTokenBudget;
  const learnedManifests = read?.learned ?? [];
  return { ...plan, now: checked.now.toISOString(), versions, learnedManifests, token, unlisted } satisfies PackageRetentionPlan;
}
