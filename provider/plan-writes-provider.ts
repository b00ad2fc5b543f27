import type * as dynamic from "@pulumi/pulumi/dynamic";
import type * as Handlers from "./plan-writes/handlers";
import type { PlanWritesInputs, PlanWritesOutputs } from "./plan-writes/types";

/** Required at run time, as in package-version-provider.ts: the serialized provider stays a few hundred bytes. */
const impl = (): typeof Handlers => require("pulumi-github-package-versions/dist/provider/plan-writes/handlers.js");

/** The PackagePlanWrites provider object: a thin shell over provider/plan-writes/handlers.ts. */
const planWritesProvider: dynamic.ResourceProvider<PlanWritesInputs, PlanWritesOutputs> = {
  configure: (...a) => impl().configure(...a),
  check: (...a) => impl().check(...a),
  diff: (...a) => impl().diff(...a),
  create: (...a) => impl().create(...a),
  read: (...a) => impl().read(...a),
  update: (...a) => impl().update(...a),
  delete: () => impl().deleteResource(),
};

export = planWritesProvider;
