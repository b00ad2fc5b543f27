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
    } satisfies PlanTableRow;
  });
}

export function planCounts(rows: readonly { action: RetentionAction }[]): PlanCounts {
  const counts: PlanCounts = { keep: 0, delete: 0, restore: 0, "leave-deleted": 0 };
  for (const row of rows) counts[row.action]++;
  return counts;
}

/** "3 kept, 2 deleted, 1 restored, 0 left deleted". */
export function countsLine(counts: PlanCounts): string {
  return `${counts.keep} kept, ${counts.delete} deleted, ${counts.restore} restored, ${counts["leave-deleted"]} left deleted`;
}

/**
 * The plan as a person reads it: a title with the counts, then one aligned line per version
 * (name, tags, age, action, reason), as printed once per policy at preview and up.
 */
export function renderPlanTable(title: string, rows: readonly PlanTableRow[]): string {
  const header = ["VERSION", "TAGS", "AGE", "ACTION", "REASON"];
  const cells = rows.map((r) => [
    cut(r.name, MAX_NAME),
    r.tags.length === 0 ? "-" : cut(r.tags.join(","), MAX_TAGS),
    r.ageDays === undefined ? "?" : `${r.ageDays}d`,
    r.action,
    r.reason,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((cell, i) => (i === c.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ");
  const body = rows.length === 0 ? ["(no versions)"] : cells.map(line);
  return [`${title}: ${countsLine(planCounts(rows))}`, line(header), ...body].join("\n");
}
