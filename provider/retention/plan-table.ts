import type { PackageVersionInfo } from "../core/package-version-types";
import type { RetentionAction, RetentionDecision } from "./retention-plan-types";
import { formatCount } from "../core/format-count";

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
  /** Tags removed from a version that stays (action "keep"), shown as "untag". */
  untag?: string[];
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
export function planTableRows(
  decisions: readonly RetentionDecision[],
  versions: readonly PackageVersionInfo[],
  now: string,
): PlanTableRow[] {
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
      ...(d.untag !== undefined && d.untag.length > 0 ? { untag: [...d.untag] } : {}),
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

export { formatCount };

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
export function countsLine(counts: PlanCounts, backlog?: { pending: number; deletionsPerRun: number }, untagged = 0): string {
  const deleted =
    backlog === undefined ? `${formatCount(counts.delete)} deleted` : backlogLine(counts.delete, backlog.pending, backlog.deletionsPerRun);
  return `${formatCount(counts.keep)} kept${untagNote(untagged)}, ${deleted}, ${formatCount(counts.restore)} restored, ${formatCount(counts["leave-deleted"])} left deleted`;
}

/**
 * What a bounded plan shows of each action: its newest and its oldest this many rows. An action
 * with more than 2 × PLAN_EDGE_ROWS + 1 rows shows those and one line counting the rest, so a
 * table holds at most 5 × (2 × PLAN_EDGE_ROWS + 1) rows and lines whatever the package's size.
 */
export const PLAN_EDGE_ROWS = 5;

/** The groups a bounded plan cuts separately: the actions, with "pending" and "untag" apart from "keep". */
export type PlanRowGroup = RetentionAction | "pending" | "untag";

/** A row's group: "pending" for a deletion that waits (deletionsPerRun), "untag" for a kept version that loses tags, else its action. */
export function planRowGroup(row: {
  action: RetentionAction;
  pending?: true | undefined;
  untag?: readonly string[] | undefined;
}): PlanRowGroup {
  if (row.pending === true) return "pending";
  return row.action === "keep" && row.untag !== undefined && row.untag.length > 0 ? "untag" : row.action;
}

/** The versions that stay but lose tags (untagging). */
export function untagCount(rows: readonly { action: RetentionAction; untag?: readonly string[] | undefined }[]): number {
  return rows.filter((r) => r.action === "keep" && r.untag !== undefined && r.untag.length > 0).length;
}

/**
 * " (2 of them to untag: tags matching deleteTags)", or "" when none. Worded as a plan: the
 * provider plans untagging but does not write it yet (docs/container-images.md).
 */
export function untagNote(count: number): string {
  return count === 0 ? "" : ` (${formatCount(count)} of them to untag: tags matching deleteTags)`;
}

/** One entry of a bounded plan: a row shown, or where an action's rows not shown would be. */
export type BoundedEntry<T> = { row: T } | { hidden: number; group: PlanRowGroup };

/**
 * The rows to show, in their order (newest first, as planned): of each group (action) with more
 * than 2 × `edge` + 1 rows, its first `edge` (the newest) and its last `edge` (the oldest), with
 * one `hidden` entry in place of the first row not shown, counting that group's rows not shown.
 * A plan where every group fits comes back whole. `unlistedKept` kept versions not listed (see
 * renderPlanTable) count in the keep group's `hidden` entry, which is then always there.
 */
export function boundPlanRows<T extends { action: RetentionAction; pending?: true | undefined; untag?: readonly string[] | undefined }>(
  rows: readonly T[],
  edge: number = PLAN_EDGE_ROWS,
  unlistedKept = 0,
): BoundedEntry<T>[] {
  const totals = new Map<PlanRowGroup, number>();
  for (const row of rows) totals.set(planRowGroup(row), (totals.get(planRowGroup(row)) ?? 0) + 1);
  const seen = new Map<PlanRowGroup, number>();
  const out: BoundedEntry<T>[] = [];
  for (const row of rows) {
    const group = planRowGroup(row);
    const total = totals.get(group)!;
    const index = seen.get(group) ?? 0;
    seen.set(group, index + 1);
    // Kept versions not listed (the pages between the listing's ends) stand between its newest and oldest rows.
    const unlisted = group === "keep" ? unlistedKept : 0;
    if ((total <= 2 * edge + 1 && unlisted === 0) || index < edge || index >= total - edge) {
      if (unlisted > 0 && index === Math.min(edge, total)) out.push({ hidden: unlisted, group });
      out.push({ row });
    } else if (index === edge) out.push({ hidden: total - 2 * edge + unlisted, group });
  }
  if (unlistedKept > 0 && !out.some((e) => "hidden" in e && e.group === "keep")) out.push({ hidden: unlistedKept, group: "keep" });
  return out;
}

/** "… 97,980 more pending rows not shown". */
export function hiddenRowsLine(hidden: number, group: string): string {
  return `… ${formatCount(hidden)} more ${group} ${hidden === 1 ? "row" : "rows"} not shown`;
}

/**
 * The plan as a person reads it: a title with the counts, then one aligned line per version
 * (name, tags, age, action, reason), as printed once per policy at preview and up. With
 * `deletionsPerRun`, the counts say how many deletions wait, and their ACTION is "pending".
 * Bounded: of an action with more than 2 × PLAN_EDGE_ROWS + 1 versions, only the newest and the
 * oldest PLAN_EDGE_ROWS are listed, and a line "… N more <action> rows not shown" stands for the
 * others (at most 58 lines in all, the title and a last line included); a plan where every action fits is listed whole. `planFile`,
 * when given, is named on a last line when rows were left out: the file with every decision
 * (writePlanFile). `unlistedKept`: kept versions of the listing's pages not read (a plan that
 * cannot delete any version lists only its ends), counted with the kept ones and in their line of rows not shown.
 */
export function renderPlanTable(
  title: string,
  rows: readonly PlanTableRow[],
  deletionsPerRun?: number,
  planFile?: string,
  unlistedKept = 0,
): string {
  const header = ["VERSION", "TAGS", "AGE", "ACTION", "REASON"];
  const entries = boundPlanRows(rows, PLAN_EDGE_ROWS, unlistedKept);
  const cellsOf = (r: PlanTableRow): string[] => [
    cut(r.name, MAX_NAME),
    r.tags.length === 0 ? "-" : cut(r.tags.join(","), MAX_TAGS),
    r.ageDays === undefined ? "?" : `${r.ageDays}d`,
    planRowGroup(r),
    r.reason,
  ];
  const shown = entries.map((e) => ("row" in e ? cellsOf(e.row) : undefined));
  const widths = header.map((h, i) => Math.max(h.length, ...shown.map((c) => (c === undefined ? 0 : c[i]!.length))));
  const line = (c: string[]): string => c.map((cell, i) => (i === c.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ");
  const body =
    rows.length === 0 ? ["(no versions)"] : entries.map((e, i) => ("row" in e ? line(shown[i]!) : hiddenRowsLine(e.hidden, e.group)));
  const cutShort = entries.length < rows.length;
  const backlog = deletionsPerRun === undefined ? undefined : { pending: pendingCount(rows), deletionsPerRun };
  const counts = planCounts(rows);
  counts.keep += unlistedKept;
  return [
    `${title}: ${countsLine(counts, backlog, untagCount(rows))}`,
    line(header),
    ...body,
    ...(cutShort && planFile !== undefined ? [`Every decision (${formatCount(rows.length)} rows): ${planFile}`] : []),
  ].join("\n");
}
