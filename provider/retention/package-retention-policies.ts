import * as pulumi from "@pulumi/pulumi";
import { getPackages } from "../lookups/get-packages";
import { PackageRetentionPolicy, type PackageRetentionPolicyData } from "./package-retention-policy";
import { checkPoliciesArgs, type PackageRetentionPoliciesArgs } from "./policies-args";
import { holdRunOpen } from "../core/program-run";
import { holdWritesUntil, refusedBeforeRequests, refusing } from "../core/write-gate";

/** What a PackageRetentionPolicies registers as outputs once every package's policy has planned. */
export interface PackageRetentionPoliciesData {
  /** The matching packages, by name: one policy each. */
  packageNames: string[];
  /** Each matching package's policy outputs, by package name. */
  policies: Record<string, PackageRetentionPolicyData>;
}

const NO_PACKAGES: PackageRetentionPoliciesData = { packageNames: [], policies: {} };

export const PACKAGE_RETENTION_POLICIES_TYPE = "github-package-versions:index:PackageRetentionPolicies";

/** An Output's value once known (a policy's outputs are always known: it plans while the program runs). */
function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

async function policyData(policy: PackageRetentionPolicy): Promise<PackageRetentionPolicyData> {
  const [now, keptIds, deletedIds, restoredIds, leftDeletedIds, pendingIds, decisions, brokenImages, tokenBudget] = await Promise.all([
    valueOf(policy.now),
    valueOf(policy.keptIds),
    valueOf(policy.deletedIds),
    valueOf(policy.restoredIds),
    valueOf(policy.leftDeletedIds),
    valueOf(policy.pendingIds),
    valueOf(policy.decisions),
    valueOf(policy.brokenImages),
    valueOf(policy.tokenBudget),
  ]);
  return {
    now,
    keptIds,
    deletedIds,
    restoredIds,
    leftDeletedIds,
    pendingIds,
    decisions,
    brokenImages,
    tokenBudget,
    pendingDeletions: pendingIds.length,
    keptCount: keptIds.length,
    deletedCount: deletedIds.length,
    restoredCount: restoredIds.length,
  } satisfies PackageRetentionPolicyData;
}

/**
 * One PackageRetentionPolicy per package whose name matches `packageName` (a glob such as
 * `dev-*`, a `/regex/`, or a list with `!exclusions`), named `<name>-<package>` and parented to
 * this component. The packages are listed with getPackages while the program runs, so a package
 * that appears later gets its policy on the next run, and one that disappears drops out: its
 * policy's children (its `-writes` resource, or its PackageVersions) are retainOnDelete, so nothing is deleted on GitHub.
 *
 * The one-owner rule holds per package: a package this pattern matches may not have a policy of
 * its own elsewhere in the program (OverlappingPoliciesError names both); narrow the pattern
 * with `!name`.
 */
export class PackageRetentionPolicies extends pulumi.ComponentResource<PackageRetentionPoliciesData> {
  readonly packageNames: pulumi.Output<string[]>;
  readonly policies: pulumi.Output<Record<string, PackageRetentionPolicyData>>;

  constructor(name: string, args: PackageRetentionPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
    refusing(() => checkPoliciesArgs(args)); // bad arguments fail here, synchronously, naming the argument, and refuse the run
    super(PACKAGE_RETENTION_POLICIES_TYPE, name, { ...args }, opts);
    // As in PackageRetentionPolicy: a failure still fails the program, and the outputs resolve.
    const data = pulumi.output(
      this.getData().catch((error: unknown) => {
        void Promise.reject(error);
        return NO_PACKAGES;
      }),
    );
    this.packageNames = data.apply((d) => d.packageNames);
    this.policies = data.apply((d) => d.policies);
  }

  protected override async initialize(
    args: pulumi.Inputs,
    _opts?: pulumi.ComponentResourceOptions,
    name?: string,
  ): Promise<PackageRetentionPoliciesData> {
    const policiesArgs = args as PackageRetentionPoliciesArgs;
    const checked = checkPoliciesArgs(policiesArgs);
    // Listing the packages and every package's plan are checks of the run (write-gate.ts).
    return holdWritesUntil(
      holdRunOpen(async () =>
        (await refusedBeforeRequests()) ? NO_PACKAGES : this.declarePolicies(name ?? "retention", policiesArgs, checked),
      ),
    );
  }

  private async declarePolicies(
    name: string,
    policiesArgs: PackageRetentionPoliciesArgs,
    checked: ReturnType<typeof checkPoliciesArgs>,
  ): Promise<PackageRetentionPoliciesData> {
    const listed = await getPackages({
      ...checked.owner,
      packageType: checked.packageType,
      names: checked.patterns.map((p) => p.source),
      ...(policiesArgs.baseUrl !== undefined ? { baseUrl: policiesArgs.baseUrl } : {}),
    });
    const packageNames = listed.packages.map((p) => p.name);
    const children = packageNames.map(
      (packageName) =>
        [packageName, new PackageRetentionPolicy(`${name}-${packageName}`, checked.policyArgs(packageName), { parent: this })] as const,
    );
    const policies = Object.fromEntries(
      await Promise.all(children.map(async ([packageName, policy]) => [packageName, await policyData(policy)] as const)),
    );
    const data = { packageNames, policies } satisfies PackageRetentionPoliciesData;
    this.registerOutputs(data);
    return data;
  }
}
