import * as pulumi from "@pulumi/pulumi";
import { PackageVersion } from "../package-version/resource";
import { checkPolicyArgs, type PackageRetentionPolicyArgs } from "./policy-args";
import { planPackageRetention, type PackageRetentionPlan } from "./plan-package-retention";
import type { PackageCoordinates, PackageVersionInfo } from "../core/package-version-types";
import type { ManagedElsewhere } from "./retention-plan-types";
import { desiredState, listedState, type BrokenImagePlan, type RetentionDecision } from "./retention-plan-types";
import { markRetentionPolicy, registerRetentionPolicy, type PolicyOwnership } from "../ownership/version-owners";
import { isTaggedPackageType } from "../core/package-types";
import { packageLabel } from "../core/version-label";
import { planTableRows, renderPlanTable } from "./plan-table";
import { formatCount } from "../core/format-count";
import { writePlanFile } from "./plan-file";
import { holdRunOpen } from "../core/program-run";
import { PLAN_WRITES_TYPE } from "../plan-writes/record-report";
import { planBudgetLine } from "./plan-budget";
import { PackagePlanWrites } from "../plan-writes/resource";
import type { ManifestSummary } from "../registry/manifest-summary";
import { decodeManifests, encodeManifests } from "../images/recorded-manifests";
import { childUrn, recordedOutputsOf, urnOf } from "../core/recorded-outputs";
import type { PlannedEntry, UnrestorableEntry } from "../plan-writes/types";
import { recordedRuns } from "../plan-writes/recorded-runs";
import { planUndo, type UndoPlan } from "../plan-writes/undo-plan";
import { undoRetentionPlan } from "./undo-retention";
import { undoSummary, unrestorableWarning } from "./undo-messages";
import { holdWritesUntil, refusedBeforeRequests, refusing } from "../core/write-gate";
import { gitHubClient } from "../github/client";
import { checkWritePermission } from "../github/write-permission";
import { programRateLimitReserve, programSettings } from "../lookups/program-settings";

/** What a policy registers as outputs once it has planned: each key is an output of the policy. */
export interface PackageRetentionPolicyData {
  /** The time the rules were evaluated at. */
  now: string;
  /** Active versions that stay. */
  keptIds: number[];
  /** Active versions this run deletes. */
  deletedIds: number[];
  /** Versions deleted in the last 30 days that this run restores (restoreKept). */
  restoredIds: number[];
  /** Versions deleted in the last 30 days that stay deleted. */
  leftDeletedIds: number[];
  /** Active versions the rules delete that wait for a later run (deletionsPerRun): kept this run, not in keptIds. */
  pendingIds: number[];
  /** How many deletions wait for a later run (deletionsPerRun); 0 without it. */
  pendingDeletions: number;
  keptCount: number;
  deletedCount: number;
  restoredCount: number;
  /** Every managed version, newest first, with its action and the reason. */
  decisions: RetentionDecision[];
  /**
   * Container and docker packages planned with their image graph: images that stay although their
   * index lists digests that are no active version (empty otherwise).
   */
  brokenImages: BrokenImagePlan[];
  /**
   * The token the plan was made with and its budget, as GitHub's headers reported it: "Token: the
   * workflow's GITHUB_TOKEN (repository acme/app); …; GitHub's budget (x-ratelimit-*): 996 of 1,000
   * requests left until …; this run's 2 writes fit above github:rateLimitReserve 100" (see plan-budget.ts).
   */
  tokenBudget: string;
}

/** The policy's outputs, checked against PackageRetentionPolicyData both ways (a key missing or extra fails to compile). */
const POLICY_OUTPUT_KEYS: { readonly [K in keyof PackageRetentionPolicyData]-?: true } = {
  now: true,
  keptIds: true,
  deletedIds: true,
  restoredIds: true,
  leftDeletedIds: true,
  pendingIds: true,
  pendingDeletions: true,
  keptCount: true,
  deletedCount: true,
  restoredCount: true,
  decisions: true,
  brokenImages: true,
  tokenBudget: true,
};

/** One Output per key of PackageRetentionPolicyData. */
type PackageRetentionPolicyOutputs = { readonly [K in keyof PackageRetentionPolicyData]: pulumi.Output<PackageRetentionPolicyData[K]> };

/** The outputs of a policy whose planning failed (the program fails too). */
const NO_PLAN: PackageRetentionPolicyData = {
  now: "",
  keptIds: [],
  deletedIds: [],
  restoredIds: [],
  leftDeletedIds: [],
  pendingIds: [],
  pendingDeletions: 0,
  keptCount: 0,
  deletedCount: 0,
  restoredCount: 0,
  decisions: [],
  brokenImages: [],
  tokenBudget: "",
};

export const PACKAGE_RETENTION_POLICY_TYPE = "github-package-versions:index:PackageRetentionPolicy";

/**
 * Retention rules for one package as a component: it lists the package's versions while the
 * program runs and plans with planRetention, so `pulumi preview` is the dry run. By default it
 * declares one child for the package, a PackagePlanWrites named `<policy name>-writes` that
 * carries the run's deletions and restores and records what they did, whatever the package's
 * size; with `perVersionChildren: true` it declares each managed version as a child
 * PackageVersion named `<policy name>-<version id>` with state "present" or "deleted".
 *
 * Children are retainOnDelete: removing the policy, switching between the two forms, or a version
 * dropping out of the listing (deleted more than 30 days ago), never deletes anything on GitHub.
 * Versions are deleted only by the ids in a PackagePlanWrites' `deletions`, or by a child whose
 * state is "deleted".
 *
 * One version, one owner: a version that a PackageVersion of the program selects (declared before
 * the policy has listed its package) gets no child ("kept: managed by <name>"), and a second
 * policy over the same package is refused when it is constructed (see version-owners.ts).
 */
export class PackageRetentionPolicy extends pulumi.ComponentResource<PackageRetentionPolicyData> {
  // The outputs (keptIds, deletedIds, ..., decisions, now) are declared by the interface of the
  // same name below, derived from PackageRetentionPolicyData, and defined in the constructor.

  /** Set right after super(): initialize reads it only after the listing, once construction is over. */
  private readonly ownership: PolicyOwnership | undefined;

  constructor(name: string, args: PackageRetentionPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    // Bad arguments fail here, synchronously, naming the argument; so does a second policy over the
    // same package, naming both. Either refuses the whole run before any request or write.
    const checked = refusing(() => checkPolicyArgs(args));
    const ownership = refusing(() => registerRetentionPolicy(name, checked.coordinates, checked.baseUrl));
    super(PACKAGE_RETENTION_POLICY_TYPE, name, { ...args }, opts);
    this.ownership = ownership;
    markRetentionPolicy(this);
    // A failed plan still fails the program (the rejection is re-raised, unhandled, and the
    // runtime reports it), but the outputs resolve: outputs derived from a rejected promise
    // make the Pulumi runtime wait half a minute before it reports the failure.
    const data = pulumi.output(
      this.getData().catch((error: unknown) => {
        void Promise.reject(error);
        return NO_PLAN;
      }),
    );
    for (const key of Object.keys(POLICY_OUTPUT_KEYS) as (keyof PackageRetentionPolicyData)[]) {
      Object.defineProperty(this, key, { value: data.apply((d) => d[key]), enumerable: true });
    }
  }

  protected override async initialize(
    args: pulumi.Inputs,
    _opts?: pulumi.ComponentResourceOptions,
    name?: string,
  ): Promise<PackageRetentionPolicyData> {
    const policyArgs = args as PackageRetentionPolicyArgs;
    const children = new Map<number, string>();
    // The plan is one of the run's checks: no write of the run before it is made (write-gate.ts).
    return holdWritesUntil(
      holdRunOpen(async () => {
        try {
          // A run refused by the program's synchronous code (another policy over this package) lists nothing.
          if (await refusedBeforeRequests()) return NO_PLAN;
          const policyName = name ?? "retention";
          const listed = await planPackageRetention(
            policyArgs,
            (versions) => this.managedElsewhere(versions),
            () => this.recordedManifests(policyName, policyArgs),
          );
          const { plan, undo } = await this.undo(policyName, policyArgs, listed);
          await this.checkUntags(policyArgs, plan);
          return this.declareChildren(policyName, policyArgs, plan, children, undo);
        } finally {
          this.ownership?.declared(children);
        }
      }),
    );
  }

  /**
   * Untags need the token's registry push and API delete: checked here, before any write of the
   * run (the plan is one of its checks), by checkWritePermission's rules. A classic token's scopes
   * are those GitHub reported on the plan's listing through the same client: no request of its own.
   */
  private async checkUntags(policyArgs: PackageRetentionPolicyArgs, plan: PackageRetentionPlan): Promise<void> {
    const untags = untagEntries(plan).length;
    if (untags === 0) return;
    const { coordinates, baseUrl } = checkPolicyArgs(policyArgs);
    const settings = programSettings({ coordinates, selector: {}, baseUrl });
    await checkWritePermission(
      gitHubClient(settings),
      settings,
      coordinates,
      { deletions: 0, restores: 0, untags },
      `the retention plan's untags of ${untags} version(s) of ${packageLabel(coordinates)}`,
    );
  }

  /**
   * The manifests earlier runs learned, from the state of this policy's PackagePlanWrites (the
   * compact form only: per-version children record none).
   */
  private async recordedManifests(name: string, policyArgs: PackageRetentionPolicyArgs): Promise<ReadonlyMap<string, ManifestSummary>> {
    if (checkPolicyArgs(policyArgs).perVersionChildren) return new Map();
    const recorded = await recordedOutputsOf(childUrn(await urnOf(this), PLAN_WRITES_TYPE, `${name}-writes`));
    return decodeManifests(recorded?.["manifests"]);
  }

  /**
   * With `restoreDeletedSince`: the plan with the undo applied (undo-retention.ts), from this
   * policy's record read in the stack's state (plan-writes/recorded-runs.ts) and the listing just made.
   */
  private async undo(
    name: string,
    policyArgs: PackageRetentionPolicyArgs,
    listed: PackageRetentionPlan,
  ): Promise<{ plan: PackageRetentionPlan; undo?: UndoPlan }> {
    const checked = checkPolicyArgs(policyArgs);
    if (checked.restoreDeletedSince === undefined || policyArgs.restoreDeletedSince === undefined) return { plan: listed };
    const runs = await recordedRuns(childUrn(await urnOf(this), PLAN_WRITES_TYPE, `${name}-writes`));
    const deletedListed = checked.rules.restoreKept === true;
    const planned = planUndo(runs, policyArgs.restoreDeletedSince, checked.now, listed.versions, deletedListed);
    const applied = undoRetentionPlan(listed, planned);
    pulumi.log.info(undoSummary(name, packageLabel(checked.coordinates), runs.length, applied.undo), this);
    if (applied.undo.unrestorable.length > 0) pulumi.log.warn(unrestorableWarning(applied.undo), this);
    return applied;
  }

  /** The listed versions PackageVersions of the program manage; a warning for those not known yet. */
  private managedElsewhere(versions: readonly PackageVersionInfo[]): Promise<ReadonlyMap<number, ManagedElsewhere>> {
    if (this.ownership === undefined) return Promise.resolve(new Map());
    return this.ownership.managedElsewhere(versions, (resourceName) =>
      pulumi.log.warn(
        `cannot tell yet which version PackageVersion ${resourceName} selects (its inputs depend on resources not created yet); ` +
          "this preview plans as if it were not one of this policy's versions, and `pulumi up` leaves it alone once its inputs are known",
        this,
      ),
    );
  }

  private declareChildren(
    name: string,
    policyArgs: PackageRetentionPolicyArgs,
    plan: PackageRetentionPlan,
    children: Map<number, string>,
    undo: UndoPlan | undefined,
  ): PackageRetentionPolicyData {
    const { coordinates, perVersionChildren } = checkPolicyArgs(policyArgs);
    // Every decision, in a file a workflow can upload, when one is asked for (plan-file.ts).
    const planFile = writePlanFile(name, coordinates, plan);
    // The plan as a person reads it, once per run (preview and up), under the policy.
    const tokenBudget = planBudgetLine(
      plan.token,
      plan.deletedIds.length + plan.restoredIds.length,
      perVersionChildren ? undefined : programRateLimitReserve(),
    );
    pulumi.log.info(
      renderPlanTable(
        `Retention plan ${name} (${packageLabel(coordinates)}, at ${plan.now})`,
        planTableRows(plan.decisions, plan.versions, plan.now),
        policyArgs.deletionsPerRun,
        planFile,
        plan.unlisted,
      ) +
        unlistedLine(plan) +
        `\n${tokenBudget}`,
      this,
    );
    if (!perVersionChildren) return this.declarePlanWrites(name, coordinates, policyArgs, plan, children, tokenBudget, undo);
    const tagged = isTaggedPackageType(coordinates.packageType);
    for (const decision of plan.decisions) {
      if (decision.managedBy !== undefined) continue; // another resource of the program owns it
      const childName = `${name}-${decision.versionId}`;
      children.set(decision.versionId, childName);
      new PackageVersion(
        childName,
        {
          ...coordinates,
          versionId: decision.versionId,
          state: desiredState(decision.action),
          // What the listing just showed: a version deleted or restored by hand since the last
          // run makes the child differ from its recorded state, so `pulumi up` repairs it
          // without --refresh.
          observedState: listedState(decision.action),
          // Display only (the diff ignores them): which version this child is, in `preview --diff`.
          displayName: decision.name,
          ...(tagged ? { displayTags: decision.tags } : {}),
          ...(policyArgs.baseUrl !== undefined ? { baseUrl: policyArgs.baseUrl } : {}),
        },
        { parent: this, retainOnDelete: true },
      );
    }
    this.declareUntags(name, coordinates, policyArgs, plan);
    const data = policyData(plan, tokenBudget);
    this.registerOutputs(data);
    return data;
  }

  /**
   * The per-version form's untags: the children delete and restore, and a run with tags to remove
   * declares one PackagePlanWrites beside them, `<policy name>-untags`, with only those (its
   * provider pushes each placeholder and deletes its version, paced and observed again after a
   * failure, as in the compact form). A later run with none drops it from the state (it is
   * retainOnDelete: nothing is sent to GitHub).
   */
  private declareUntags(
    name: string,
    coordinates: PackageCoordinates,
    policyArgs: PackageRetentionPolicyArgs,
    plan: PackageRetentionPlan,
  ): void {
    const untags = untagEntries(plan);
    if (untags.length === 0) return;
    const { baseUrl, registryUrl } = checkPolicyArgs(policyArgs);
    new PackagePlanWrites(
      `${name}-untags`,
      {
        ...coordinates,
        ...(baseUrl !== undefined ? { baseUrl } : {}),
        ...(registryUrl !== undefined ? { registryUrl } : {}),
        now: plan.now,
        deletions: "[]",
        restores: "[]",
        untags: JSON.stringify(untags),
        summary: untagSummary(untags),
      },
      { parent: this, retainOnDelete: true },
    );
  }

  /**
   * The compact form (the default; `perVersionChildren` unset or false): one PackagePlanWrites for
   * the package, named `<policy name>-writes`, carrying this run's deletions and restores by id; its provider sends them and records what they
   * did. The policy's own outputs are registered as counts only, so the state does not grow with
   * the package either.
   */
  private declarePlanWrites(
    name: string,
    coordinates: PackageCoordinates,
    policyArgs: PackageRetentionPolicyArgs,
    plan: PackageRetentionPlan,
    children: Map<number, string>,
    tokenBudget: string,
    undo: UndoPlan | undefined,
  ): PackageRetentionPolicyData {
    const writesName = `${name}-writes`;
    const { baseUrl, registryUrl } = checkPolicyArgs(policyArgs);
    const listed = new Map<number, { deletedAt?: string | undefined }>(plan.versions.map((v) => [v.versionId, v]));
    // An undo's restores were not listed: the record's time of their deletion stands in.
    for (const c of undo?.restores ?? [])
      if (listed.get(c.versionId)?.deletedAt === undefined) listed.set(c.versionId, { deletedAt: c.deletedAt });
    const untags = untagEntries(plan);
    const entries = (action: RetentionDecision["action"]): PlannedEntry[] =>
      plan.decisions
        .filter((d) => d.action === action && d.managedBy === undefined)
        .map((d) => {
          const deletedAt = listed.get(d.versionId)?.deletedAt;
          return action === "restore" && deletedAt !== undefined ? [d.versionId, d.name, d.tags, deletedAt] : [d.versionId, d.name, d.tags];
        });
    for (const decision of plan.decisions) if (decision.managedBy === undefined) children.set(decision.versionId, writesName);
    const data = policyData(plan, tokenBudget);
    new PackagePlanWrites(
      writesName,
      {
        ...coordinates,
        ...(baseUrl !== undefined ? { baseUrl } : {}),
        now: plan.now,
        ...(plan.learnedManifests.length > 0 ? { learnedManifests: encodeManifests(plan.learnedManifests) } : {}),
        deletions: JSON.stringify(entries("delete")),
        restores: JSON.stringify(entries("restore")),
        ...(undo !== undefined
          ? {
              undoSince: undo.since,
              unrestorable: JSON.stringify(
                undo.unrestorable.map((c): UnrestorableEntry => [c.versionId, c.name, c.tags, c.deletedAt, c.reason]),
              ),
            }
          : {}),
        ...(untags.length > 0 ? { untags: JSON.stringify(untags) } : {}),
        ...(untags.length > 0 && registryUrl !== undefined ? { registryUrl } : {}),
        summary:
          `${data.keptCount} kept, ${data.deletedCount} deleted, ${data.pendingDeletions} pending, ` +
          `${data.restoredCount} restored, ${data.leftDeletedIds.length} left deleted` +
          (untags.length > 0 ? `, ${untagSummary(untags)}` : ""),
      },
      { parent: this },
    );
    this.registerOutputs({
      now: data.now,
      keptCount: data.keptCount,
      deletedCount: data.deletedCount,
      restoredCount: data.restoredCount,
      pendingDeletions: data.pendingDeletions,
    });
    return data;
  }
}

/** The versions that stay but lose tags: `[id, name, tags to remove]`, those the policy manages. */
function untagEntries(plan: PackageRetentionPlan): PlannedEntry[] {
  return plan.decisions
    .filter((d) => d.action === "keep" && d.managedBy === undefined && (d.untag?.length ?? 0) > 0)
    .map((d) => [d.versionId, d.name, [...d.untag!]]);
}

/** "2 to untag (5010: pr-9; 5020: pr-12 sha-1)". */
function untagSummary(untags: readonly PlannedEntry[]): string {
  return `${untags.length} to untag (${untags.map(([id, , tags]) => `${id}: ${tags.join(" ")}`).join("; ")})`;
}

/**
 * "\nNo rule can delete any of the 98,000 active versions (keepLatest 100000): only the listing's
 * first and last pages were read; the 97,800 versions between them are kept and not listed
 * (keptIds and decisions hold the 200 listed)", or "" for a plan made from the whole listing.
 */
function unlistedLine(plan: PackageRetentionPlan): string {
  if (plan.unlisted === 0) return "";
  const total = plan.versions.length + plan.unlisted;
  return (
    `\nNo rule can delete any of the ${formatCount(total)} active versions (keepLatest is at least that): only the listing's first ` +
    `and last pages were read; the ${formatCount(plan.unlisted)} versions between them are kept and not listed ` +
    `(keptIds and decisions hold the ${formatCount(plan.versions.length)} listed)`
  );
}

/** A plan as the policy's outputs. */
function policyData(plan: PackageRetentionPlan, tokenBudget: string): PackageRetentionPolicyData {
  return {
    now: plan.now,
    keptIds: plan.keptIds,
    deletedIds: plan.deletedIds,
    restoredIds: plan.restoredIds,
    leftDeletedIds: plan.leftDeletedIds,
    pendingIds: plan.pendingIds,
    pendingDeletions: plan.pendingIds.length,
    keptCount: plan.keptIds.length + plan.unlisted,
    deletedCount: plan.deletedIds.length,
    restoredCount: plan.restoredIds.length,
    decisions: plan.decisions,
    brokenImages: plan.brokenImages ?? [],
    tokenBudget,
  } satisfies PackageRetentionPolicyData;
}

/** The outputs of a PackageRetentionPolicy (see PackageRetentionPolicyData). */
export interface PackageRetentionPolicy extends PackageRetentionPolicyOutputs {}
