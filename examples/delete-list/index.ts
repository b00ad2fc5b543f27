import * as pulumi from "@pulumi/pulumi";
import { PackageVersion, type PackageType } from "pulumi-github-package-versions";

const config = new pulumi.Config();
const org = config.require("org");
const packageType = config.require("packageType") as PackageType;
const packageName = config.require("packageName");
// pulumi config set --path 'versionIds[0]' 1001   (or a YAML list in Pulumi.<stack>.yaml)
const versionIds = config.requireObject<number[]>("versionIds");

const deleted = versionIds.map(
  (versionId) => new PackageVersion(`${packageName}-${versionId}`, { org, packageType, packageName, versionId, state: "deleted" }),
);

/** What was deleted, and until when each can be restored (declare it "present" to restore it). */
export const deletedVersions = deleted.map((version) =>
  pulumi
    .all([version.versionId, version.name, version.restorableUntil])
    .apply(([id, name, restorableUntil]) => ({ id, name, restorableUntil })),
);
