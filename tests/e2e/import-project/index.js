"use strict";
const { PackageVersion } = require("pulumi-github-package-versions");

new PackageVersion(
  "api-latest",
  { org: "acme", packageType: "container", packageName: "api", tag: "latest" },
  { import: "org/acme/container/api/1002" },
);
