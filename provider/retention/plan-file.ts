/**
 * The complete plan of a policy, every decision, as a tab-separated file a workflow can upload:
 * the plan table (plan-table.ts) and the job summary list only the newest and oldest rows of each
 * action of a large plan. One file per policy, `retention-plan-<policy>.tsv`, rewritten each run,
 * in the directory PACKAGE_VERSIONS_PLAN_DIR names, or, in GitHub Actions (GITHUB_STEP_SUMMARY
 * set), `$RUNNER_TEMP/package-versions-plan`. Names, tags and reasons only: nothing here can hold
 * the token.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PackageCoordinates, PackageVersionInfo } from "../core/package-version-types";
import { packageLabel } from "../core/version-label";
import { planRowGroup, planTableRows } from "./plan-table";
import type { RetentionDecision } from "./retention-plan-types";

/** The environment variable naming the directory of the plan files. */
export const PLAN_DIR_ENV = "PACKAGE_VERSIONS_PLAN_DIR";

/** The directory's name under RUNNER_TEMP when only GITHUB_STEP_SUMMARY asks for the files. */
export const DEFAULT_PLAN_DIR_NAME = "package-versions-plan";

/** The columns of a plan file, its first line. */
export const PLAN_FILE_COLUMNS = [
  "policy",
  "package",
  "version_id",
  "name",
  "tags",
  "created_at",
  "age_days",
  "action",
  "reason",
  "managed_by",
] as const;

/** What writePlanFile needs of a plan (a PackageRetentionPlan has it). */
export interface PlanFileInput {
  /** The time the rules were evaluated at (the ages are counted to it). */
  now: string;
  decisions: readonly RetentionDecision[];
  /** The versions listed, for their creation times. */
  versions: readonly PackageVersionInfo[];
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where the plan files go: PACKAGE_VERSIONS_PLAN_DIR when set (relative to the working
 * directory); else, when GITHUB_STEP_SUMMARY is set (GitHub Actions), `package-versions-plan` in
 * RUNNER_TEMP (or beside the summary file when RUNNER_TEMP is not set); else none: no file.
 */
export function planFileDir(env: Env = process.env): string | undefined {
  const dir = env[PLAN_DIR_ENV];
  if (dir !== undefined && dir !== "") return path.resolve(dir);
  const summary = env["GITHUB_STEP_SUMMARY"];
  if (summary === undefined || summary === "") return undefined;
  const temp = env["RUNNER_TEMP"];
  return path.join(temp !== undefined && temp !== "" ? temp : path.dirname(path.resolve(summary)), DEFAULT_PLAN_DIR_NAME);
}

/** `retention-plan-<policy>.tsv`, the policy's resource name with characters other than letters, digits, `.`, `_` and `-` as `_`. */
export function planFileName(policyName: string): string {
  return `retention-plan-${policyName.replace(/[^A-Za-z0-9._-]/g, "_")}.tsv`;
}

/** The policy's plan file when plan files are asked for (planFileDir), else undefined. */
export function planFilePath(policyName: string, env: Env = process.env): string | undefined {
  const dir = planFileDir(env);
  return dir === undefined ? undefined : path.join(dir, planFileName(policyName));
}

/** A TSV field: backslash, tab, newline and carriage return escaped as \\, \t, \n, \r. */
function field(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

/**
 * The plan file's text: a header line (PLAN_FILE_COLUMNS), then one line per decision, newest
 * first as planned. `action` is the plan table's: `pending` for a deletion that waits for a later
 * run (deletionsPerRun); `tags` comma-separated; `age_days` whole days at the plan's time (empty
 * when unknown); `managed_by` the resource that manages the version instead of the policy.
 */
export function renderPlanFile(policyName: string, coordinates: PackageCoordinates, plan: PlanFileInput): string {
  const created = new Map(plan.versions.map((v) => [v.versionId, v.createdAt]));
  const rows = planTableRows(plan.decisions, plan.versions, plan.now);
  const label = packageLabel(coordinates);
  const lines = [PLAN_FILE_COLUMNS.join("\t")];
  plan.decisions.forEach((d, i) => {
    const row = rows[i]!;
    lines.push(
      [
        policyName,
        label,
        String(d.versionId),
        d.name,
        d.tags.join(","),
        created.get(d.versionId) ?? "",
        row.ageDays === undefined ? "" : String(row.ageDays),
        planRowGroup(d),
        d.reason,
        d.managedBy ?? "",
      ]
        .map(field)
        .join("\t"),
    );
  });
  return lines.join("\n") + "\n";
}

/**
 * Writes every decision of a policy's plan to its plan file (planFilePath), replacing the file
 * of an earlier run, and returns the file's path; returns undefined, writing nothing, when plan
 * files are not asked for (neither PACKAGE_VERSIONS_PLAN_DIR nor GITHUB_STEP_SUMMARY is set).
 * Creates the directory. Throws an Error naming the file when it cannot be written.
 */
export function writePlanFile(
  policyName: string,
  coordinates: PackageCoordinates,
  plan: PlanFileInput,
  env: Env = process.env,
): string | undefined {
  const file = planFilePath(policyName, env);
  if (file === undefined) return undefined;
  // Written whole, then renamed: a reader never sees half a plan.
  const partial = `${file}.${process.pid}.partial`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(partial, renderPlanFile(policyName, coordinates, plan));
    fs.renameSync(partial, file);
  } catch (error) {
    try {
      fs.rmSync(partial, { force: true });
    } catch {
      // the directory itself could not be made: there is no partial file
    }
    throw new Error(
      `cannot write the retention plan file ${file} (${PLAN_DIR_ENV}): ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  return file;
}
