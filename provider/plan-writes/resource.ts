import * as pulumi from "@pulumi/pulumi";
import planWritesProvider = require("../plan-writes-provider");
import type { Inputs } from "../core/pulumi-inputs";
import { withWriteGate } from "../core/write-gate";
import type { PlanWritesInputs } from "./types";

/**
 * One retention policy's writes to one package in one run, and the record of what its writes did
 * in the last 30 days: a policy in its compact form (the default, `perVersionChildren` unset or
 * `false`) declares this one resource per package instead of a PackageVersion per version. Its writes wait for the run's checks, as every
 * write does (write-gate.ts).
 */
export class PackagePlanWrites extends pulumi.dynamic.Resource {
  declare readonly record: pulumi.Output<string>;
  declare readonly recordedDeletions: pulumi.Output<number>;
  declare readonly recordedRestores: pulumi.Output<number>;
  /** How many versions the record says lost tags (untags, container packages). */
  declare readonly recordedUntags: pulumi.Output<number>;
  /** Whether this run stopped its writes at `github:rateLimitReserve`; the rest is pending. */
  declare readonly stoppedForBudget: pulumi.Output<boolean>;
  /** The run's planned writes not sent for the budget: the next run plans them again. */
  declare readonly pendingAfterRun: pulumi.Output<number>;
  declare readonly budgetWarning: pulumi.Output<string>;
  /** Container and docker: the manifests learned so far, so later runs read only new versions (images/recorded-manifests.ts). */
  declare readonly manifests: pulumi.Output<string | undefined>;

  constructor(name: string, args: Inputs<PlanWritesInputs>, opts?: pulumi.CustomResourceOptions) {
    super(
      planWritesProvider,
      name,
      {
        ...args,
        record: undefined,
        recordedDeletions: undefined,
        recordedRestores: undefined,
        recordedUntags: undefined,
        stoppedForBudget: undefined,
        pendingAfterRun: undefined,
        budgetWarning: undefined,
        manifests: undefined,
      },
      withWriteGate(opts),
      "github-package-versions",
      "PackagePlanWrites",
    );
  }
}
