import { strict as assert } from "node:assert";
import { MAX_EDGE_ROWS, renderJobSummary, type JobSummary } from "../../program/job-summary";
import type { RetentionDecision } from "pulumi-github-package-versions";

const summary: JobSummary = {
  command: "up",
  stack: "prod",
  policies: [
    {
      name: "dev-dev-api",
      packageLabel: "container package dev-api of org acme",
      decisions: [
        {
          versionId: 3,
          name: "sha256:33",
          tags: ["latest", "v3"],
          action: "keep",
          reason: "kept: among the newest 1 selected versions (#1)",
        },
        { versionId: 2, name: "sha256:22", tags: [], action: "delete", reason: "deleted: beyond the newest 1 | selected versions" },
        { versionId: 1, name: "sha256:11", tags: ["v1"], action: "restore", reason: "restored: tag v1 matches keep pattern v*" },
        { versionId: 0, name: "sha256:00", tags: [], action: "leave-deleted", reason: "left deleted" },
      ],
    },
  ],
  declared: [
    {
      resourceName: "api-v1",
      packageLabel: "container package api of org acme",
      version: "sha256:cc33",
      before: "deleted",
      declared: "present",
    },
  ],
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

  it("a refused run says so and that nothing changed, listing each refusal, and shows no plan as done", () => {
    const md = renderJobSummary({
      ...summary,
      refusals: [
        "Retention policies p1 and p2 both manage npm package lots of org acme;\n  merge them.",
        "PackageVersion typo: invalid inputs",
      ],
    });
    const lines = md.split("\n");
    assert.equal(lines[0], "## Package versions: pulumi up on prod: refused, nothing changed");
    assert.ok(lines.includes("- Retention policies p1 and p2 both manage npm package lots of org acme; merge them."));
    assert.ok(lines.includes("- PackageVersion typo: invalid inputs"));
    assert.doesNotMatch(md, /deleted,|sha256:22/);
    assert.match(
      renderJobSummary({ ...summary, command: "preview", refusals: ["x"] }),
      /^## Package versions: preview of prod: refused, nothing changed/,
    );
    assert.equal(renderJobSummary({ ...summary, refusals: [] }), renderJobSummary(summary), "no refusal: the summary as before");
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

  it(`lists the newest and oldest ${MAX_EDGE_ROWS} versions of each action and counts the rest`, () => {
    const decisions = Array.from({ length: 2 * MAX_EDGE_ROWS + 7 }, (_, i) => ({
      versionId: i,
      name: `v${i}`,
      tags: [],
      action: "keep" as const,
      reason: "kept",
    }));
    const md = renderJobSummary({
      ...summary,
      policies: [{ name: "p", packageLabel: "npm package p of org acme", decisions }],
      declared: [],
      unchangedDeclared: 0,
    });
    const rows = md.split("\n").filter((l) => l.startsWith("| `") || l.startsWith("| … "));
    assert.equal(rows.length, 2 * MAX_EDGE_ROWS + 1);
    assert.equal(rows[MAX_EDGE_ROWS], "| … |  | kept | … 7 more kept rows not shown |");
    assert.deepEqual(
      [rows[0], rows.at(-1)],
      ["| `v0` |  | kept | kept |", `| \`v${2 * MAX_EDGE_ROWS + 6}\` |  | kept | kept |`],
      "the newest and the oldest",
    );
    assert.doesNotMatch(md, /Declared versions/, "no declared section without declarations");
    assert.doesNotMatch(md, /Every decision/, "no plan file named when none was written");
  });

  it("stays bounded for a plan of 100,000 versions in every action, with exact counts of the rows not shown, and names the plan file", () => {
    const actions = [
      ...Array<Pick<RetentionDecision, "action" | "pending">>(10).fill({ action: "keep" }),
      ...Array<Pick<RetentionDecision, "action" | "pending">>(60_000).fill({ action: "keep", pending: true }),
      ...Array<Pick<RetentionDecision, "action" | "pending">>(2_000).fill({ action: "delete" }),
      ...Array<Pick<RetentionDecision, "action" | "pending">>(37_000).fill({ action: "leave-deleted" }),
      ...Array<Pick<RetentionDecision, "action" | "pending">>(990).fill({ action: "restore" }),
    ];
    const decisions: RetentionDecision[] = actions.map((a, i) => ({
      versionId: i,
      name: `1.0.${99_999 - i}`,
      tags: [],
      reason: a.action,
      ...a,
    }));
    const md = renderJobSummary({
      command: "preview",
      stack: "prod",
      policies: [
        {
          name: "big",
          packageLabel: "npm package big of org acme",
          decisions,
          deletionsPerRun: 2000,
          planFile: "/tmp/plan/retention-plan-big.tsv",
        },
      ],
      declared: [],
      unchangedDeclared: 0,
    });
    const lines = md.split("\n");
    assert.ok(
      lines.includes(
        "2,000 to be deleted this run, 60,000 pending: 30 more runs at 2,000 a run, 990 to be restored, 10 kept, 37,000 left deleted",
      ),
      md,
    );
    const rows = lines.filter((l) => l.startsWith("| `") || l.startsWith("| … "));
    assert.equal(
      rows.length,
      5 * (2 * MAX_EDGE_ROWS + 1) - (2 * MAX_EDGE_ROWS + 1 - 10),
      "10 kept listed whole, each other action 2 × 5 + 1",
    );
    assert.deepEqual(
      rows.filter((l) => l.startsWith("| … ")),
      [
        "| … |  | deleted | … 1,990 more deleted rows not shown |",
        "| … |  | restored | … 980 more restored rows not shown |",
        "| … |  | pending | … 59,990 more pending rows not shown |",
        "| … |  | left deleted | … 36,990 more left deleted rows not shown |",
      ],
    );
    assert.ok(lines.length < 80, `${lines.length} lines`);
    assert.ok(lines.includes("Every decision, with its reason: `/tmp/plan/retention-plan-big.tsv`"));
  });
});
