/**
 * The root project: GitHub Packages versions declared in stack configuration. A team edits
 * Pulumi.<stack>.yaml, reviews `pulumi preview`, and `pulumi up` makes GitHub match.
 */
import * as pulumi from "@pulumi/pulumi";
import { PackageRetentionPolicy, PackageVersion } from "pulumi-github-package-versions";
import { parseRetentionDeclarations, parseVersionDeclarations } from "./stack-declarations";

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

const policies = retentionDeclarations.map(({ resourceName, args }) => new PackageRetentionPolicy(resourceName, args));

/** For each retention policy: the version ids it keeps, deletes and restores. */
export const retention = Object.fromEntries(
  policies.map((policy, index) => [
    retentionDeclarations[index]!.resourceName,
    pulumi.all([policy.keptIds, policy.deletedIds, policy.restoredIds]).apply(([kept, deleted, restored]) => ({ kept, deleted, restored })),
  ]),
);
