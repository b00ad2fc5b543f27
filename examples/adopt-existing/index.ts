import * as pulumi from "@pulumi/pulumi";
import { PackageVersion } from "pulumi-github-package-versions";

const config = new pulumi.Config();
const org = config.require("org");
const packageName = config.require("packageName");
const tags = config.requireObject<string[]>("tags");

// Adopting makes no write: GitHub cannot create versions, so creating the resource takes the
// existing version over. retainOnDelete keeps the version if it is dropped from this list later.
const adopted = tags.map(
  (tag) => new PackageVersion(`${packageName}-${tag}`, { org, packageType: "container", packageName, tag }, { retainOnDelete: true }),
);

export const versions = adopted.map((version) =>
  pulumi
    .all([version.tag, version.versionId, version.name, version.tags])
    .apply(([tag, id, digest, allTags]) => ({ tag, id, digest, allTags })),
);
