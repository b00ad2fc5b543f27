/**
 * The root project: GitHub Packages versions declared in stack configuration. A team edits
 * Pulumi.<stack>.yaml, reviews `pulumi preview`, and `pulumi up` makes GitHub match.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  PackageRetentionPolicies,
  PackageRetentionPolicy,
  PackageVersion,
  type PackageRetentionPoliciesArgs,
  type PackageRetentionPolicyArgs,
} from "pulumi-github-package-versions";
import { type DeclaredPolicy, writeJobSummary } from "./job-summary-writer";
import {
  isPatternDeclaration,
  parseRetentionDeclarations,
  parseVersionDeclarations,
  RESTORE_DELETED_SINCE_ENV,
  stackUndoSince,
  withStackUndo,
} from "./stack-declarations";

const config = new pulumi.Config();
const declarations = parseVersionDeclarations(config.getObject<unknown>("versions"));
// The stack-wide undo (docs/undo.md): restoreDeletedSince on every policy, from the stack's
// configuration or, for one run, from the environment (the example workflow's input).
const undoSince = stackUndoSince(config.get("restoreDeletedSince"), process.env[RESTORE_DELETED_SINCE_ENV]);
const retentionDeclarations = withStackUndo(
  parseRetentionDeclarations(config.getObject<unknown>("retentionPolicies")),
  undoSince,
  process.env[RESTORE_DELETED_SINCE_ENV]?.trim() ? RESTORE_DELETED_SINCE_ENV : "stack configuration package-versions:restoreDeletedSince",
);

const versions = declarations.map(
  ({ resourceName, inputs, protect, retainOnDelete }) => new PackageVersion(resourceName, inputs, { protect, retainOnDelete }),
);

/** What each declared version is now: name, id and state, keyed by resource name. */
export const packageVersions = Object.fromEntries(
  versions.map((version, index) => [
    declarations[index]!.resourceName,
    pulumi.all([version.name, version.versionId, version.state]).apply(([name, versionId, state]) => ({ name, versionId, state })),
  ]),
);

const declaredPolicies: DeclaredPolicy[] = [];

/** A policy with deletionsPerRun also exports how many deletions wait for a later run. */
function backlog(args: { deletionsPerRun?: number | undefined }, pendingDeletions: number): { pendingDeletions?: number } {
  return args.deletionsPerRun === undefined ? {} : { pendingDeletions };
}

const retentionByPolicy = Object.fromEntries(
  retentionDeclarations.map((declaration) => {
    if (isPatternDeclaration(declaration)) {
      const args = declaration.args as PackageRetentionPoliciesArgs;
      const policies = new PackageRetentionPolicies(declaration.resourceName, args);
      declaredPolicies.push({
        kind: "pattern",
        resourceName: declaration.resourceName,
        policies,
        address: { org: args.org, user: args.user, packageType: args.packageType },
        deletionsPerRun: args.deletionsPerRun,
      });
      return [
        declaration.resourceName,
        policies.policies.apply((byPackage) =>
          Object.fromEntries(
            Object.entries(byPackage).map(([name, d]) => [
              name,
              { kept: d.keptIds, deleted: d.deletedIds, restored: d.restoredIds, ...backlog(args, d.pendingDeletions) },
            ]),
          ),
        ),
      ];
    }
    const args = declaration.args as PackageRetentionPolicyArgs;
    const policy = new PackageRetentionPolicy(declaration.resourceName, args);
    declaredPolicies.push({
      kind: "package",
      resourceName: declaration.resourceName,
      policy,
      address: args,
      deletionsPerRun: args.deletionsPerRun,
    });
    return [
      declaration.resourceName,
      pulumi
        .all([policy.keptIds, policy.deletedIds, policy.restoredIds, policy.pendingDeletions])
        .apply(([kept, deleted, restored, pendingDeletions]) => ({ kept, deleted, restored, ...backlog(args, pendingDeletions) })),
    ];
  }),
);

// GitHub Actions: the run's summary appended to GITHUB_STEP_SUMMARY, at preview and at up.
const summaryWritten = writeJobSummary(declaredPolicies, declarations);

/**
 * For each retention policy: the version ids it keeps, deletes and restores, and, with
 * deletionsPerRun, `pendingDeletions`: how many deletions wait for a later run; for a pattern, by
 * matching package. With a job summary to write, it resolves once the summary is written, so the
 * program does not end before.
 */
export const retention =
  summaryWritten === undefined ? retentionByPolicy : pulumi.output(retentionByPolicy).apply(async (value) => (await summaryWritten, value));
