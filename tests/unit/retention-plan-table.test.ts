import { strict as assert } from "node:assert";
import type { PackageVersionInfo, RetentionDecision } from "pulumi-github-package-versions";
import {
  countsLine,
  PLAN_EDGE_ROWS,
  planCounts,
  type PlanTableRow,
  planTableRows,
  renderPlanTable,
} from "pulumi-github-package-versions/testing";
import { NOW } from "../support/clock";

function version(versionId: number, createdAt: string): PackageVersionInfo {
  return { versionId, name: `v${versionId}`, state: "present", url: "u", packageHtmlUrl: "h", createdAt, updatedAt: createdAt };
}

const decisions: RetentionDecision[] = [
  {
    versionId: 3,
    name: "sha256:0123456789abcdef0123456789abcdef",
    tags: ["latest", "v3"],
    action: "keep",
    reason: "kept: among the newest 1 selected versions (#1)",
  },
  { versionId: 2, name: "sha256:22", tags: [], action: "delete", reason: "deleted: beyond the newest 1 selected versions" },
  { versionId: 1, name: "sha256:11", tags: ["v1"], action: "restore", reason: "restored: tag v1 matches keep pattern v*" },
];
const versions = [version(3, "2026-11-20T00:00:00Z"), version(2, "2026-10-01T12:00:00Z"), version(1, "2026-09-01T00:00:00Z")];

describe("retention plan table", () => {
  it("gives each version its age in whole days at the plan's time, and counts by action", () => {
    const rows = planTableRows(decisions, versions, NOW);
    assert.deepEqual(
      rows.map((r) => r.ageDays),
      [6, 55, 86],
    );
    assert.deepEqual(planCounts(rows), { keep: 1, delete: 1, restore: 1, "leave-deleted": 0 });
    assert.equal(countsLine(planCounts(rows)), "1 kept, 1 deleted, 1 restored, 0 left deleted");
    assert.equal(planTableRows(decisions, [], NOW)[0]!.ageDays, undefined, "a version not listed has no age");
  });

  it("renders a title with the counts, a header and one aligned line per version", () => {
    const text = renderPlanTable("Retention plan dev-api (container package dev-api of org acme)", planTableRows(decisions, versions, NOW));
    const lines = text.split("\n");
    assert.equal(lines[0], "Retention plan dev-api (container package dev-api of org acme): 1 kept, 1 deleted, 1 restored, 0 left deleted");
    assert.match(lines[1]!, /^VERSION\s+TAGS\s+AGE\s+ACTION\s+REASON$/);
    assert.equal(lines.length, 2 + 3);
    assert.match(lines[2]!, /^sha256:0123456789abcdef… {2}latest,v3 {2}6d {3}keep {5}kept: among the newest 1 selected versions \(#1\)$/);
    assert.match(lines[3]!, /^sha256:22 +- +55d +delete +deleted: beyond/);
    const column = (line: string): number => line.indexOf(line.includes("ACTION") ? "ACTION" : line.match(/keep|delete|restore/)![0]);
    assert.equal(new Set(lines.slice(1).map(column)).size, 1, "the action column is aligned");
  });

  it("says so when there are no versions", () => {
    assert.equal(renderPlanTable("Retention plan p", []).split("\n")[2], "(no versions)");
  });

  it("lists an action whole up to 2 × PLAN_EDGE_ROWS + 1 versions: a plan where every action fits is printed as before", () => {
    const fits = (n: number): PlanTableRow[] =>
      Array.from({ length: n }, (_, i) => ({
        name: `1.0.${n - i}`,
        tags: [],
        ageDays: i,
        action: "delete" as const,
        reason: "deleted: beyond the newest 0",
      }));
    const rows = fits(2 * PLAN_EDGE_ROWS + 1);
    const lines = renderPlanTable("p", rows, undefined, "/tmp/plan.tsv").split("\n");
    assert.equal(lines.length, 2 + rows.length, "whole, and no plan file line when nothing is left out");
    assert.doesNotMatch(lines.join("\n"), /not shown/);
    const cut = renderPlanTable("p", fits(2 * PLAN_EDGE_ROWS + 2)).split("\n");
    assert.equal(cut.length, 2 + 2 * PLAN_EDGE_ROWS + 1);
    assert.equal(cut[2 + PLAN_EDGE_ROWS], "… 2 more delete rows not shown");
  });

  it("counts kept versions not listed (only the listing's ends read) with the kept ones, in the keep rows' line of rows not shown", () => {
    // The listing's first page (100 newest) and last page (50 oldest) of 1,050 versions: 900 between not listed.
    const rows: PlanTableRow[] = Array.from({ length: 150 }, (_, i) => ({
      name: `2.0.${i < 100 ? 1049 - i : 149 - i}`,
      tags: [],
      ageDays: i,
      action: "keep" as const,
      reason: "kept: among the newest 1050 selected versions",
    }));
    const lines = renderPlanTable("Retention plan big", rows, undefined, undefined, 900).split("\n");
    assert.equal(lines[0], "Retention plan big: 1,050 kept, 0 deleted, 0 restored, 0 left deleted");
    assert.equal(lines.length, 2 + 2 * PLAN_EDGE_ROWS + 1);
    assert.equal(lines[2 + PLAN_EDGE_ROWS], "… 1,040 more keep rows not shown");
    assert.match(lines[2]!, /^2\.0\.1049 /, "the newest listed first");
    assert.match(lines.at(-1)!, /^2\.0\.0 /, "the oldest listed last");
    // Without versions left out, the same rows are cut as before.
    assert.equal(renderPlanTable("p", rows).split("\n")[2 + PLAN_EDGE_ROWS], "… 140 more keep rows not shown");
  });

  it("prints a plan of 100,000 versions in at most 58 lines: per action the newest and oldest rows, and exact counts of the others", () => {
    // The order a plan has: the kept newest, then pending (deletionsPerRun), then this run's deletions,
    // with restores and versions left deleted among them.
    const rows: PlanTableRow[] = [];
    const add = (n: number, row: Omit<PlanTableRow, "name" | "tags" | "ageDays">): void => {
      for (let i = 0; i < n; i++)
        rows.push({ name: `1.0.${99_999 - rows.length}`, tags: rows.length % 7 === 0 ? ["t"] : [], ageDays: rows.length, ...row });
    };
    add(10, { action: "keep", reason: "kept: among the newest 10 selected versions" });
    add(57_990, { action: "keep", pending: true, reason: "pending: deleted by a later run (deletionsPerRun 2000)" });
    add(2_000, { action: "delete", reason: "deleted: beyond the newest 10 selected versions" });
    add(39_000, { action: "leave-deleted", reason: "left deleted: beyond the newest 10 selected versions" });
    add(1_000, { action: "restore", reason: "restored: tag matches keep pattern v*" });
    assert.equal(rows.length, 100_000);

    const text = renderPlanTable(
      "Retention plan big (npm package big of org acme, at 2026-11-26T00:00:00.000Z)",
      rows,
      2000,
      "/tmp/package-versions-plan/retention-plan-big.tsv",
    );
    const lines = text.split("\n");
    assert.ok(lines.length <= 58, `${lines.length} lines`);
    assert.equal(lines.length, 2 + 10 + 4 * (2 * PLAN_EDGE_ROWS + 1) + 1);
    assert.equal(
      lines[0],
      "Retention plan big (npm package big of org acme, at 2026-11-26T00:00:00.000Z): 10 kept, 2,000 deleted this run, 57,990 pending: 29 more runs at 2,000 a run, 1,000 restored, 39,000 left deleted",
    );
    assert.deepEqual(
      lines.filter((l) => l.startsWith("…")),
      [
        "… 57,980 more pending rows not shown",
        "… 1,990 more delete rows not shown",
        "… 38,990 more leave-deleted rows not shown",
        "… 990 more restore rows not shown",
      ],
    );
    assert.equal(lines.at(-1), "Every decision (100,000 rows): /tmp/package-versions-plan/retention-plan-big.tsv");
    // Each action's newest and oldest rows, in plan order, the count where the others would be.
    const pendingAt = lines.indexOf("… 57,980 more pending rows not shown");
    assert.match(lines[pendingAt - 1]!, /^1\.0\.99985\s.*pending/, "the 5 newest pending before the count");
    assert.match(lines[pendingAt + 1]!, /^1\.0\.42004\s.*pending/, "the 5 oldest after it");
    assert.match(lines.at(-2)!, /^1\.0\.0\s.*restore/, "the oldest version last");
    const shownNames = lines.slice(2).filter((l) => /^1\.0\.\d+\s/.test(l)).length;
    assert.equal(shownNames, 10 + 4 * 2 * PLAN_EDGE_ROWS);
  });
});
