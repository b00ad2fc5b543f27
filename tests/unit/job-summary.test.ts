import { strict as assert } from "node:assert";
import { MAX_KEPT_ROWS, renderJobSummary, type JobSummary } from "../../program/job-summary";

const summary: JobSummary = {
  command: "up",
  stack: "prod",
  policies: [
    {
      name: "dev-dev-api",
      packageLabel: "container package dev-api of org acme",
      decisions: [
        { versionId: 3, name: "sha256:33", tags: ["latest", "v3"], action: "keep", reason: "kept: among the newest 1 selected versions (#1)" },
        { versionId: 2, name: "sha256:22", tags: [], action: "delete", reason: "deleted: beyond the newest 1 | selected versions" },
        { versionId: 1, name: "sha256:11", tags: ["v1"], action: "restore", reason: "restored: tag v1 matches keep pattern v*" },
        { versionId: 0, name: "sha256:00", tags: [], action: "leave-deleted", reason: "left deleted" },
      ],
    },
  ],
  declared: [{ resourceName: "api-v1", packageLabel: "container package api of org acme", version: "sha256:cc33", before: "deleted", declared: "present" }],
  unchangedDeclared: 2,
};

describe("job summary (GITHUB_STEP_SUMMARY markdown)", () => {
  it("has per policy the counts and a table of deleted, restored and kept versions, in that order", () => {
    const md = renderJobSummary(summary);
    const lines = md.split("\n");
    assert.equal(lines[0], "## Package versions: pulumi up on prod");
    assert.ok(lines.includes("### dev-dev-api: container package dev-api of org acme"));
    assert.ok(lines.includes("1 deleted, 1 restored, 1 kept, 1 left deleted"));
    const rows = lines.filter((l) => l.startsWith("| `"));
    assert.deepEqual(rows.slice(0, 3), [
      "| `sha256:22` |  | deleted | deleted: beyond the newest 1 \\| selected versions |",
      "| `sha256:11` | v1 | restored | restored: tag v1 matches keep pattern v* |",
      "| `sha256:33` | latest, v3 | kept | kept: among the newest 1 selected versions (#1) |",
    ]);
    assert.ok(lines.includes("| version | tags | action | reason |"));
    assert.ok(lines.includes("|---|---|---|---|"));
  });

  it("lists the declared versions that change, and counts the others", () => {
    const lines = renderJobSummary(summary).split("\n");
    assert.ok(lines.includes("### Declared versions"));
    assert.ok(lines.includes("1 changed, 2 already as declared"));
    assert.ok(lines.includes("| api-v1 | container package api of org acme | `sha256:cc33` | deleted | present |"));
  });

  it("at preview says nothing changed yet, and words the counts as a plan", () => {
    const md = renderJobSummary({ ...summary, command: "preview" });
    assert.match(md, /^## Package versions: preview of prod \(nothing changed yet\)\n/);
    assert.match(md, /\n1 to be deleted, 1 to be restored, 1 kept, 1 left deleted\n/);
    assert.match(md, /\n1 to change, 2 already as declared\n/);
  });

  it(`lists at most ${MAX_KEPT_ROWS} kept versions per policy and counts the rest`, () => {
    const decisions = Array.from({ length: MAX_KEPT_ROWS + 7 }, (_, i) => ({ versionId: i, name: `v${i}`, tags: [], action: "keep" as const, reason: "kept" }));
    const md = renderJobSummary({ ...summary, policies: [{ name: "p", packageLabel: "npm package p of org acme", decisions }], declared: [], unchangedDeclared: 0 });
    assert.equal(md.split("\n").filter((l) => l.startsWith("| `")).length, MAX_KEPT_ROWS);
    assert.match(md, /… and 7 more kept\./);
    assert.doesNotMatch(md, /Declared versions/, "no declared section without declarations");
  });
});
