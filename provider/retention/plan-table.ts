import type { PackageVersionInfo } from "../package-version/types";
import type { RetentionAction, RetentionDecision } from "./retention-plan-types";

const DAY_MS = 86_400_000;
/** Long names (sha256 digests) are cut to this many characters, with an ellipsis. */
const MAX_NAME = 24;
const MAX_TAGS = 30;

/** What a plan table shows for each listed version. */
export interface PlanTableRow {
  name: string;
  tags: string[];
  /** Whole days since the version was created, at the plan's time. */
  ageDays: number | undefined;
  action: RetentionAction;
  reason: string;
  /** A deletion that waits for a later run (deletionsPerRun): action "keep" this run, shown as "pending". */
  pending?: true;
}

export interface PlanCounts {
  keep: number;
  delete: number;
  restore: number;
  "leave-deleted": number;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The rows of a plan, newest first as planned, with each version's age at `now`. */
export function planTableRows(decisions: readonly RetentionDecision[], versions: readonly PackageVersionInfo[], now: string): PlanTableRow[] {
  const created = new Map(versions.map((v) => [v.versionId, Date.parse(v.createdAt)]));
  const at = Date.parse(now);
  return decisions.map((d) => {
    const createdAt = created.get(d.versionId);
    return {
      name: d.name,
      tags: [...d.tags],
      ageDays: createdAt === undefined || Number.isNaN(createdAt) ? undefined : Math.max(0, Math.floor((at - createdAt) / DAY_MS)),
      action: d.action,
      reason: d.reason,
      ...(d.pending === true ? { pending: true as const } : {}),
    } satisfies PlanTableRow;
  });
}

/** The rows by action; a pending row (a deletion that waits, see pendingCount) counts in none. */
export function planCounts(rows: readonly { action: RetentionAction; pending?: true | undefined }[]): PlanCounts {
  const counts: PlanCounts = { keep: 0, delete: 0, restore: 0, "leave-deleted": 0 };
  for (const row of rows) if (row.pending !== true) counts[row.action]++;
  return counts;
}

/** The deletions that wait for a later run (deletionsPerRun). */
export function pendingCount(rows: readonly { pending?: true | undefined }[]): number {
  return rows.filter((r) => r.pending === true).length;
}

/** A count as people read it: 97,990. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/**
 * The deletions of a run with deletionsPerRun and what waits: "2,000 deleted this run, 97,990
 * pending: 49 more runs at 2,000 a run" (`verb` "to be " at preview: "2,000 to be deleted this
 * run"); "10 deleted this run, 0 pending" when nothing waits. The runs are counted as if each took
 * deletionsPerRun (an image is never split, so a run may take a few less).
 */
export function backlogLine(deleted: number, pending: number, deletionsPerRun: number, verb = ""): string {
  const runs = Math.ceil(pending / deletionsPerRun);
  const more = pending === 0 ? "" : `: ${formatCount(runs)} more ${runs === 1 ? "run" : "runs"} at ${formatCount(deletionsPerRun)} a run`;
  return `${formatCount(deleted)} ${verb}deleted this run, ${formatCount(pending)} pending${more}`;
}

/**
 * "3 kept, 2 deleted, 1 restored, 0 left deleted"; with deletionsPerRun, the deletions say what
 * waits: "10 kept, 20 deleted this run, 30 pending: 2 more runs at 20 a run, 0 restored, 0 left deleted".
 */
export function countsLine(counts: PlanCounts, backlog?: { pending: number; deletionsPerRun: number }): string {
  const deleted = backlog === undefined ? `${formatCount(counts.delete)} deleted` : backlogLine(counts.delete, backlog.pending, backlog.deletionsPerRun);
  return `${formatCount(counts.keep)} kept, ${deleted}, ${formatCount(counts.restore)} restored, ${formatCount(counts["leave-deleted"])} left deleted`;
}

/**
 * The plan as a person reads it: a title with the counts, then one aligned line per version
 * (name, tags, age, action, reason), as printed once per policy at preview and up. With
 * `deletionsPerRun`, the counts say how many deletions wait, and their ACTION is "pending".
 */
export function renderPlanTable(title: string, rows: readonly PlanTableRow[], deletionsPerRun?: number): string {
  const header = ["VERSION", "TAGS", "AGE", "ACTION", "REASON"];
  const cells = rows.map((r) => [
    cut(r.name, MAX_NAME),
    r.tags.length === 0 ? "-" : cut(r.tags.join(","), MAX_TAGS),
    r.ageDays === undefined ? "?" : `${r.ageDays}d`,
    r.pending === true ? "pending" : r.action,
    r.reason,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((cell, i) => (i === c.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ");
  const body = rows.length === 0 ? ["(no versions)"] : cells.map(line);
  const backlog = deletionsPerRun === undefined ? undefined : { pending: pendingCount(rows), deletionsPerRun };
  return [`${title}: ${countsLine(planCounts(rows), backlog)}`, line(header), ...body].join("\n");
}
