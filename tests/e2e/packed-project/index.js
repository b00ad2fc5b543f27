"use strict";
const { PackageVersion } = require("pulumi-github-package-versions");

const removed = new PackageVersion("api-1001", {
  org: "acme",
  packageType: "container",
  packageName: "api",
  versionId: 1001,
  state: "deleted",
});
const kept = new PackageVersion(
  "api-latest",
  { org: "acme", packageType: "container", packageName: "api", tag: "latest" },
  { retainOnDelete: true },
);

exports.removed = removed.state;
exports.kept = kept.versionId;
