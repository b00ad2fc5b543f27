import * as pulumi from "@pulumi/pulumi";
import { PackageVersion } from "../package-version";
import { checkPolicyArgs, type PackageRetentionPolicyArgs } from "./policy-args";
import { planPackageRetention } from "./plan-package-retention";
import { desiredState, listedState, type RetentionDecision } from "./retention-plan-types";

/** What a policy registers as outputs once it has planned. */
export interface PackageRetentionPolicyData {
  now: string;
  keptIds: number[];
  deletedIds: number[];
  restoredIds: number[];
  leftDeletedIds: number[];
  keptCount: number;
  deletedCount: number;
  restoredCount: number;
  decisions: RetentionDecision[];
}

/** The outputs of a policy whose planning failed (the program fails too). */
const NO_PLAN: PackageRetentionPolicyData = {
  now: "",
  keptIds: [],
  deletedIds: [],
  restoredIds: [],
  leftDeletedIds: [],
  keptCount: 0,
  deletedCount: 0,
  restoredCount: 0,
  decisions: [],
};

export const PACKAGE_RETENTION_POLICY_TYPE = "github-package-versions:index:PackageRetentionPolicy";

/**
 * Retention rules for one package as a component: it lists the package's versions while the
 * program runs, plans with planRetention, and declares each managed version as a child
 * PackageVersion named `<policy name>-<version id>` with state "present" or "deleted". So
 * `pulumi preview` is the dry run and the stack's state is the record.
 *
 * Children are retainOnDelete: removing the policy, or a version dropping out of the listing
 * (deleted more than 30 days ago), never deletes anything on GitHub. Versions are deleted only
 * by a child whose state is "deleted".
 */
export class PackageRetentionPolicy extends pulumi.ComponentResource<PackageRetentionPolicyData> {
  /** Active versions that stay. */
  readonly keptIds: pulumi.Output<number[]>;
  /** Active versions this run deletes. */
  readonly deletedIds: pulumi.Output<number[]>;
  /** Versions deleted in the last 30 days that this run restores (restoreKept). */
  readonly restoredIds: pulumi.Output<number[]>;
  /** Versions deleted in the last 30 days that stay deleted. */
  readonly leftDeletedIds: pulumi.Output<number[]>;
  readonly keptCount: pulumi.Output<number>;
  readonly deletedCount: pulumi.Output<number>;
  readonly restoredCount: pulumi.Output<number>;
  /** Every managed version, newest first, with its action and the reason. */
  readonly decisions: pulumi.Output<RetentionDecision[]>;
  /** The time the rules were evaluated at. */
  readonly now: pulumi.Output<string>;

  constructor(name: string, args: PackageRetentionPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    checkPolicyArgs(args); // bad arguments fail here, synchronously, naming the argument
    super(PACKAGE_RETENTION_POLICY_TYPE, name, { ...args }, opts);
    // A failed plan still fails the program (the rejection is re-raised, unhandled, and the
    // runtime reports it), but the outputs resolve: outputs derived from a rejected promise
    // make the Pulumi runtime wait half a minute before it reports the failure.
    const data = pulumi.output(
      this.getData().catch((error: unknown) => {
        void Promise.reject(error);
        return NO_PLAN;
      }),
    );
    this.keptIds = data.apply((d) => d.keptIds);
    this.deletedIds = data.apply((d) => d.deletedIds);
    this.restoredIds = data.apply((d) => d.restoredIds);
    this.leftDeletedIds = data.apply((d) => d.leftDeletedIds);
    this.keptCount = data.apply((d) => d.keptCount);
    this.deletedCount = data.apply((d) => d.deletedCount);
    this.restoredCount = data.apply((d) => d.restoredCount);
    this.decisions = data.apply((d) => d.decisions);
    this.now = data.apply((d) => d.now);
  }

  protected override async initialize(args: pulumi.Inputs, _opts?: pulumi.ComponentResourceOptions, name?: string): Promise<PackageRetentionPolicyData> {
    const policyArgs = args as PackageRetentionPolicyArgs;
    const plan = await planPackageRetention(policyArgs);
    const { coordinates } = checkPolicyArgs(policyArgs);
    for (const decision of plan.decisions) {
      new PackageVersion(
        `${name ?? "retention"}-${decision.versionId}`,
        {
          ...coordinates,
          versionId: decision.versionId,
          state: desiredState(decision.action),
          // What the listing just showed: a version deleted or restored by hand since the last
          // run makes the child differ from its recorded state, so `pulumi up` repairs it
          // without --refresh.
          observedState: listedState(decision.action),
          ...(policyArgs.baseUrl !== undefined ? { baseUrl: policyArgs.baseUrl } : {}),
        },
        { parent: this, retainOnDelete: true },
      );
    }
    const data = {
      now: plan.now,
      keptIds: plan.keptIds,
      deletedIds: plan.deletedIds,
      restoredIds: plan.restoredIds,
      leftDeletedIds: plan.leftDeletedIds,
      keptCount: plan.keptIds.length,
      deletedCount: plan.deletedIds.length,
      restoredCount: plan.restoredIds.length,
      decisions: plan.decisions,
    } satisfies PackageRetentionPolicyData;
    this.registerOutputs(data);
    return data;
  }
}
