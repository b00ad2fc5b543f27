import { strict as assert } from "node:assert";
import { countsLine, planCounts, planTableRows, renderPlanTable } from "pulumi-github-package-versions/dist/provider/retention/plan-table";
import type { PackageVersionInfo, RetentionDecision } from "pulumi-github-package-versions";

const NOW = "2026-11-26T00:00:00Z";

function version(versionId: number, createdAt: string): PackageVersionInfo {
  return { versionId, name: `v${versionId}`, state: "present", url: "u", packageHtmlUrl: "h", createdAt, updatedAt: createdAt };
}

const decisions: RetentionDecision[] = [
  { versionId: 3, name: "sha256:0123456789abcdef0123456789abcdef", tags: ["latest", "v3"], action: "keep", reason: "kept: among the newest 1 selected versions (#1)" },
  { versionId: 2, name: "sha256:22", tags: [], action: "delete", reason: "deleted: beyond the newest 1 selected versions" },
  { versionId: 1, name: "sha256:11", tags: ["v1"], action: "restore", reason: "restored: tag v1 matches keep pattern v*" },
];
const versions = [version(3, "2026-11-20T00:00:00Z"), version(2, "2026-10-01T12:00:00Z"), version(1, "2026-09-01T00:00:00Z")];

describe("retention plan table", () => {
  it("gives each version its age in whole days at the plan's time, and counts by action", () => {
    const rows = planTableRows(decisions, versions, NOW);
    assert.deepEqual(rows.map((r) => r.ageDays), [6, 55, 86]);
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
});
