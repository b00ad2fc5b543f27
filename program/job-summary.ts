/**
 * The markdown a run appends to GitHub Actions' job summary (GITHUB_STEP_SUMMARY): per retention
 * policy its deleted, restored and kept versions with counts, and the declared versions that
 * change. Names, tags and reasons only: nothing here can hold the token.
 */
import { backlogLine, type RetentionAction, type RetentionDecision } from "pulumi-github-package-versions";

export interface PolicySummary {
  /** The policy's resource name (`<name>-<package>` for a pattern's policy). */
  name: string;
  /** "container package api of org acme". */
  packageLabel: string;
  decisions: readonly RetentionDecision[];
  /** The policy's deletionsPerRun, when set: the counts then say how many deletions wait for later runs. */
  deletionsPerRun?: number | undefined;
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
}

/** Kept versions listed per policy at most; the rest are counted. The same for pending ones (deletionsPerRun). */
export const MAX_KEPT_ROWS = 50;

const ACTION_WORD: Readonly<Record<RetentionAction, string>> = { delete: "deleted", restore: "restored", keep: "kept", "leave-deleted": "left deleted" };

/** A table cell: pipes escaped, newlines flattened. */
function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function policySection(policy: PolicySummary, command: JobSummary["command"]): string[] {
  const own = policy.decisions.filter((d) => d.managedBy === undefined);
  const count = (action: RetentionAction): number => own.filter((d) => d.action === action && d.pending !== true).length;
  const pendingCount = own.filter((d) => d.pending === true).length;
  const verb = command === "preview" ? "to be " : "";
  const deleted = policy.deletionsPerRun === undefined ? `${count("delete")} ${verb}deleted` : backlogLine(count("delete"), pendingCount, policy.deletionsPerRun, verb);
  const lines = [
    `### ${cell(policy.name)}: ${policy.packageLabel}`,
    "",
    `${deleted}, ${count("restore")} ${verb}restored, ${count("keep")} kept, ${count("leave-deleted")} left deleted`,
    "",
  ];
  const pending = policy.decisions.filter((d) => d.pending === true);
  const kept = policy.decisions.filter((d) => d.action === "keep" && d.pending !== true);
  const shown = (["delete", "restore"] as const)
    .flatMap((action) => policy.decisions.filter((d) => d.action === action))
    .concat(pending.slice(0, MAX_KEPT_ROWS), kept.slice(0, MAX_KEPT_ROWS));
  if (shown.length === 0) return [...lines, "No versions.", ""];
  lines.push("| version | tags | action | reason |", "|---|---|---|---|");
  for (const d of shown) {
    lines.push(`| ${code(d.name)} | ${d.tags.length === 0 ? "" : cell(d.tags.join(", "))} | ${d.pending === true ? "pending" : ACTION_WORD[d.action]} | ${cell(d.reason)} |`);
  }
  const more = [
    ...(pending.length > MAX_KEPT_ROWS ? [`${pending.length - MAX_KEPT_ROWS} more pending`] : []),
    ...(kept.length > MAX_KEPT_ROWS ? [`${kept.length - MAX_KEPT_ROWS} more kept`] : []),
  ];
  if (more.length > 0) lines.push("", `… and ${more.join(", and ")}.`);
  return [...lines, ""];
}

function declaredSection(summary: JobSummary): string[] {
  const { declared, unchangedDeclared, command } = summary;
  if (declared.length === 0 && unchangedDeclared === 0) return [];
  const lines = ["### Declared versions", ""];
  lines.push(`${declared.length} ${command === "preview" ? "to change" : "changed"}, ${unchangedDeclared} already as declared`, "");
  if (declared.length === 0) return lines;
  lines.push("| resource | package | version | was | now |", "|---|---|---|---|---|");
  for (const d of declared) lines.push(`| ${cell(d.resourceName)} | ${cell(d.packageLabel)} | ${code(d.version)} | ${d.before} | ${d.declared} |`);
  return [...lines, ""];
}

export function renderJobSummary(summary: JobSummary): string {
  const title = summary.command === "preview" ? `## Package versions: preview of ${cell(summary.stack)} (nothing changed yet)` : `## Package versions: pulumi up on ${cell(summary.stack)}`;
  return [title, "", ...summary.policies.flatMap((p) => policySection(p, summary.command)), ...declaredSection(summary)].join("\n") + "\n";
}
