import assert from "node:assert/strict";
import { packageKey } from "pulumi-github-package-versions/testing";

describe("packageKey: one key per package, for the listings and the ownership registry", () => {
  it("is the package path with the owner lower-cased", () => {
    assert.equal(packageKey({ org: "Acme", packageType: "container", packageName: "api" }), "org/acme/container/api");
    assert.equal(packageKey({ user: "OctoCat", packageType: "npm", packageName: "@octocat/lib" }), "user/octocat/npm/@octocat/lib");
  });

  it("keeps apart an org and a user of the same name, two registries, and names that differ only in case", () => {
    const keys = new Set([
      packageKey({ org: "acme", packageType: "container", packageName: "api" }),
      packageKey({ user: "acme", packageType: "container", packageName: "api" }),
      packageKey({ org: "acme", packageType: "docker", packageName: "api" }),
      packageKey({ org: "acme", packageType: "container", packageName: "API" }),
    ]);
    assert.equal(keys.size, 4);
  });
});
