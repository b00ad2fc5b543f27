/**
 * The markdown a run appends to GitHub Actions' job summary (GITHUB_STEP_SUMMARY): per retention
 * policy its deleted, restored and kept versions with counts, and the declared versions that
 * change. Names, tags and reasons only: nothing here can hold the token.
 */
import { type RetentionAction, type RetentionDecision } from "pulumi-github-package-versions";
import {
  backlogLine,
  boundPlanRows,
  hiddenRowsLine,
  PLAN_EDGE_ROWS,
  planRowGroup,
  untagNote,
  type PlanRowGroup,
} from "pulumi-github-package-versions/root-project";

export interface PolicySummary {
  /** The policy's resource name (`<name>-<package>` for a pattern's policy). */
  name: string;
  /** "container package api of org acme". */
  packageLabel: string;
  decisions: readonly RetentionDecision[];
  /** The policy's deletionsPerRun, when set: the counts then say how many deletions wait for later runs. */
  deletionsPerRun?: number | undefined;
  /** The file with every decision of the plan (writePlanFile), when one was written: named under the table. */
  planFile?: string | undefined;
  /** The plan's token and its budget as GitHub's headers reported it (the policy's tokenBudget), under the counts. */
  tokenBudget?: string | undefined;
}

/** A declared version whose state this run changes. */
export interface DeclaredChange {
  resourceName: string;
  /** "container package api of org acme". */
  packageLabel: string;
  /** The version's name, or the selector when GitHub does not have it. */
  version: string;
  before: "present" | "deleted" | "not found";
  declared: "present" | "deleted";
}

export interface JobSummary {
  command: "preview" | "up";
  stack: string;
  policies: readonly PolicySummary[];
  declared: readonly DeclaredChange[];
  /** Declared versions already as declared. */
  unchangedDeclared: number;
  /** Why the run was refused before its first write (nothing was changed); empty when it was not. */
  refusals?: readonly string[];
}

/**
 * Of each action of a policy (deleted, restored, pending, kept, left deleted), the newest and the
 * oldest this many versions are listed when it has more than twice as many plus one; the others
 * are counted on one row ("… 1,990 more deleted rows not shown"). The plan table's bound.
 */
export const MAX_EDGE_ROWS = PLAN_EDGE_ROWS;

const ACTION_WORD: Readonly<Record<PlanRowGroup, string>> = {
  delete: "deleted",
  restore: "restored",
  pending: "pending",
  untag: "to untag",
  keep: "kept",
  "leave-deleted": "left deleted",
};

/** The order of the table's rows: by action, in plan order (newest first) within one. */
const GROUP_ORDER: readonly PlanRowGroup[] = ["delete", "restore", "pending", "untag", "keep", "leave-deleted"];

/** A table cell: pipes escaped, newlines flattened. */
function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function policySection(policy: PolicySummary, command: JobSummary["command"]): string[] {
  const own = policy.decisions.filter((d) => d.managedBy === undefined);
  const counted = (action: RetentionAction): number => own.filter((d) => d.action === action && d.pending !== true).length;
  const count = (action: RetentionAction): string => counted(action).toLocaleString("en-US");
  const pendingCount = own.filter((d) => d.pending === true).length;
  const verb = command === "preview" ? "to be " : "";
  const deleted =
    policy.deletionsPerRun === undefined
      ? `${count("delete")} ${verb}deleted`
      : backlogLine(counted("delete"), pendingCount, policy.deletionsPerRun, verb);
  const lines = [
    `### ${cell(policy.name)}: ${policy.packageLabel}`,
    "",
    `${deleted}, ${count("restore")} ${verb}restored, ${count("keep")} kept${untagNote(own.filter((d) => planRowGroup(d) === "untag").length)}, ${count("leave-deleted")} left deleted`,
    "",
    ...(policy.tokenBudget !== undefined && policy.tokenBudget !== "" ? [cell(policy.tokenBudget), ""] : []),
  ];
  const ordered = GROUP_ORDER.flatMap((group) => policy.decisions.filter((d) => planRowGroup(d) === group));
  const file = policy.planFile === undefined ? [] : [`Every decision, with its reason: ${code(policy.planFile)}`, ""];
  if (ordered.length === 0) return [...lines, "No versions.", "", ...file];
  lines.push("| version | tags | action | reason |", "|---|---|---|---|");
  for (const entry of boundPlanRows(ordered, MAX_EDGE_ROWS)) {
    if (!("row" in entry)) {
      lines.push(`| … |  | ${ACTION_WORD[entry.group]} | ${hiddenRowsLine(entry.hidden, ACTION_WORD[entry.group])} |`);
      continue;
    }
    const d = entry.row;
    lines.push(
      `| ${code(d.name)} | ${d.tags.length === 0 ? "" : cell(d.tags.join(", "))} | ${ACTION_WORD[planRowGroup(d)]} | ${cell(d.reason)} |`,
    );
  }
  return [...lines, "", ...file];
}

function declaredSection(summary: JobSummary): string[] {
  const { declared, unchangedDeclared, command } = summary;
  if (declared.length === 0 && unchangedDeclared === 0) return [];
  const lines = ["### Declared versions", ""];
  lines.push(`${declared.length} ${command === "preview" ? "to change" : "changed"}, ${unchangedDeclared} already as declared`, "");
  if (declared.length === 0) return lines;
  lines.push("| resource | package | version | was | now |", "|---|---|---|---|---|");
  for (const d of declared)
    lines.push(`| ${cell(d.resourceName)} | ${cell(d.packageLabel)} | ${code(d.version)} | ${d.before} | ${d.declared} |`);
  return [...lines, ""];
}

export function renderJobSummary(summary: JobSummary): string {
  if (summary.refusals !== undefined && summary.refusals.length > 0) {
    const what = summary.command === "preview" ? "preview of" : "pulumi up on";
    const lines = [
      `## Package versions: ${what} ${cell(summary.stack)}: refused, nothing changed`,
      "",
      `The run was refused before its first write: no version was deleted or restored. Fix ${summary.refusals.length === 1 ? "this" : "these"} and run again:`,
      "",
      ...summary.refusals.map((refusal) => `- ${refusal.replace(/\n\s*/g, " ")}`),
    ];
    return lines.join("\n") + "\n";
  }
  const title =
    summary.command === "preview"
      ? `## Package versions: preview of ${cell(summary.stack)} (nothing changed yet)`
      : `## Package versions: pulumi up on ${cell(summary.stack)}`;
  return [title, "", ...summary.policies.flatMap((p) => policySection(p, summary.command)), ...declaredSection(summary)].join("\n") + "\n";
}
