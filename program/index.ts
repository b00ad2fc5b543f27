/**
 * The root project: GitHub Packages versions declared in stack configuration. A team edits
 * Pulumi.<stack>.yaml, reviews `pulumi preview`, and `pulumi up` makes GitHub match.
 */
import * as pulumi from "@pulumi/pulumi";
import { PackageRetentionPolicies, PackageRetentionPolicy, PackageVersion, type PackageRetentionPoliciesArgs, type PackageRetentionPolicyArgs } from "pulumi-github-package-versions";
import { isPatternDeclaration, parseRetentionDeclarations, parseVersionDeclarations } from "./stack-declarations";

const config = new pulumi.Config();
const declarations = parseVersionDeclarations(config.getObject<unknown>("versions"));
const retentionDeclarations = parseRetentionDeclarations(config.getObject<unknown>("retentionPolicies"));

const versions = declarations.map(
  ({ resourceName, inputs, protect, retainOnDelete }) =>
    new PackageVersion(resourceName, inputs, { protect, retainOnDelete }),
);

/** What each declared version is now: name, id and state, keyed by resource name. */
export const packageVersions = Object.fromEntries(
  versions.map((version, index) => [
    declarations[index]!.resourceName,
    pulumi.all([version.name, version.versionId, version.state]).apply(([name, versionId, state]) => ({ name, versionId, state })),
  ]),
);

/** For each retention policy: the version ids it keeps, deletes and restores; for a pattern, by matching package. */
export const retention = Object.fromEntries(
  retentionDeclarations.map((declaration) => {
    if (isPatternDeclaration(declaration)) {
      const policies = new PackageRetentionPolicies(declaration.resourceName, declaration.args as PackageRetentionPoliciesArgs);
      return [
        declaration.resourceName,
        policies.policies.apply((byPackage) =>
          Object.fromEntries(Object.entries(byPackage).map(([name, d]) => [name, { kept: d.keptIds, deleted: d.deletedIds, restored: d.restoredIds }])),
        ),
      ];
    }
    const policy = new PackageRetentionPolicy(declaration.resourceName, declaration.args as PackageRetentionPolicyArgs);
    return [
      declaration.resourceName,
      pulumi.all([policy.keptIds, policy.deletedIds, policy.restoredIds]).apply(([kept, deleted, restored]) => ({ kept, deleted, restored })),
    ];
  }),
);
