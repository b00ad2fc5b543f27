import type * as dynamic from "@pulumi/pulumi/dynamic";
import type * as Handlers from "./package-version/handlers";
import type { PackageVersionInputs, PackageVersionOutputs } from "./core/package-version-types";

/**
 * The implementation, required at run time. Pulumi serializes the provider object below into
 * every resource's state as `__provider`; a require() inside a function captures nothing, so
 * that text stays small (a few hundred bytes; the e2e tests check every one is under 2 KiB)
 * and can never hold a token.
 */
const impl = (): typeof Handlers => require("pulumi-github-package-versions/dist/provider/package-version/handlers.js");

/**
 * The PackageVersion provider object: a thin shell over provider/package-version/handlers.ts. It is this
 * module's whole export, so when the package is installed under node_modules the serializer
 * records it as a require() of this file, a few hundred bytes.
 */
const packageVersionProvider: dynamic.ResourceProvider<PackageVersionInputs, PackageVersionOutputs> = {
  configure: (...a) => impl().configure(...a),
  check: (...a) => impl().check(...a),
  diff: (...a) => impl().diff(...a),
  create: (...a) => impl().create(...a),
  read: (...a) => impl().read(...a),
  update: (...a) => impl().update(...a),
  delete: (...a) => impl().deleteResource(...a),
};

export = packageVersionProvider;
