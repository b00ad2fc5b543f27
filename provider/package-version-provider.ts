import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { PackageVersionInputs, PackageVersionOutputs } from "./package-version-types";

/**
 * The PackageVersion provider object. Pulumi serializes it into every resource's state as
 * `__provider`, so each method only requires the implementation at run time: a require()
 * inside a method captures nothing, which keeps that text small and free of any token.
 */
export const packageVersionProvider: dynamic.ResourceProvider<PackageVersionInputs, PackageVersionOutputs> = {
  async configure(request) {
    return require("pulumi-github-package-versions/dist/provider/package-version-handlers.js").configure(request);
  },
  async check(olds, news) {
    return require("pulumi-github-package-versions/dist/provider/package-version-handlers.js").check(olds, news);
  },
  async diff(id, olds, news) {
    return require("pulumi-github-package-versions/dist/provider/package-version-handlers.js").diff(id, olds, news);
  },
  async create(inputs) {
    return require("pulumi-github-package-versions/dist/provider/package-version-handlers.js").create(inputs);
  },
  async read(id, props) {
    return require("pulumi-github-package-versions/dist/provider/package-version-handlers.js").read(id, props);
  },
  async update(id, olds, news) {
    return require("pulumi-github-package-versions/dist/provider/package-version-handlers.js").update(id, olds, news);
  },
  async delete(id, props) {
    return require("pulumi-github-package-versions/dist/provider/package-version-handlers.js").deleteResource(id, props);
  },
};
