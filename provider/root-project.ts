/**
 * `pulumi-github-package-versions/root-project`: what this repository's root project (program/,
 * docs/root-project.md) uses beyond the public entry to read stack configuration and write the job
 * summary: the argument checks a resource runs, the plan table's pieces and the run's outcome.
 * Not documented for users and free to change in any release; a user's program imports the
 * package's main entry (index.ts).
 */

// Stack configuration: the checks the resources run on their arguments, run on each entry first.
export { validatePackageVersionInputs } from "./package-version/validation";
export { checkPolicyArgs } from "./retention/policy-args";
export { checkPoliciesArgs } from "./retention/policies-args";
export { isPackageNamePattern } from "./retention/package-name-patterns";
export { echoValue } from "./core/echoed-value";
export { PROTOTYPE_KEY_REASON, prototypeKeysOf } from "./core/prototype-keys";

// The job summary: the plan table's rows and lines, the plan file's path, and how the run ended.
export { backlogLine, boundPlanRows, hiddenRowsLine, PLAN_EDGE_ROWS, planRowGroup, untagNote } from "./retention/plan-table";
export type { PlanRowGroup } from "./retention/plan-table";
export { planFilePath } from "./retention/plan-file";
export { runOutcome } from "./core/write-gate";
