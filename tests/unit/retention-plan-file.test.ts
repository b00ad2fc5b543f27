import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PackageVersionInfo, RetentionDecision } from "pulumi-github-package-versions";
import {
  PLAN_FILE_COLUMNS,
  planFileDir,
  planFileName,
  planFilePath,
  renderPlanFile,
  writePlanFile,
} from "pulumi-github-package-versions/testing";
import { NOW } from "../support/clock";

const coordinates = { org: "acme", packageType: "npm" as const, packageName: "big" };

function version(versionId: number, createdAt: string): PackageVersionInfo {
  return { versionId, name: `v${versionId}`, state: "present", url: "u", packageHtmlUrl: "h", createdAt, updatedAt: createdAt };
}

describe("retention plan file (every decision, for a workflow to upload)", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpv-plan-file-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is asked for by PACKAGE_VERSIONS_PLAN_DIR, or in GitHub Actions by GITHUB_STEP_SUMMARY (under RUNNER_TEMP); else nothing is written", () => {
    assert.equal(planFileDir({}), undefined);
    assert.equal(planFileDir({ PACKAGE_VERSIONS_PLAN_DIR: "" }), undefined);
    assert.equal(
      planFileDir({ PACKAGE_VERSIONS_PLAN_DIR: "/x/plans", GITHUB_STEP_SUMMARY: "/s/summary.md", RUNNER_TEMP: "/r" }),
      "/x/plans",
    );
    assert.equal(planFileDir({ PACKAGE_VERSIONS_PLAN_DIR: "plans" }), path.resolve("plans"), "relative to the working directory");
    assert.equal(planFileDir({ GITHUB_STEP_SUMMARY: "/s/summary.md", RUNNER_TEMP: "/r" }), "/r/package-versions-plan");
    assert.equal(
      planFileDir({ GITHUB_STEP_SUMMARY: "/s/summary.md" }),
      "/s/package-versions-plan",
      "beside the summary without RUNNER_TEMP",
    );
    assert.equal(planFileName("dev-api"), "retention-plan-dev-api.tsv");
    assert.equal(planFileName("all-@scope/pkg name"), "retention-plan-all-_scope_pkg_name.tsv");
    assert.equal(planFilePath("p", { PACKAGE_VERSIONS_PLAN_DIR: "/x" }), "/x/retention-plan-p.tsv");
    assert.equal(writePlanFile("p", coordinates, { now: NOW, decisions: [], versions: [] }, {}), undefined);
  });

  it("has a header and one line per decision: id, name, tags, creation, age, action (pending apart), reason, managing resource; tabs and newlines escaped", () => {
    const decisions: RetentionDecision[] = [
      {
        versionId: 3,
        name: "sha256:33",
        tags: ["latest", "v3"],
        action: "keep",
        reason: "kept: among the newest 1 selected versions (#1)",
      },
      { versionId: 2, name: "sha256:22", tags: [], action: "keep", pending: true, reason: "pending: deleted by a later run\t(tab)\nline" },
      { versionId: 1, name: "sha256:11", tags: ["v1"], action: "keep", reason: "managed by api-v1", managedBy: "api-v1" },
      { versionId: 9, name: "sha256:99", tags: [], action: "delete", reason: "deleted: a\\b" },
    ];
    const text = renderPlanFile("dev-api", coordinates, {
      now: NOW,
      decisions,
      versions: [version(3, "2026-11-20T00:00:00Z"), version(2, "2026-10-01T12:00:00Z"), version(1, "2026-09-01T00:00:00Z")],
    });
    assert.deepEqual(text.split("\n"), [
      PLAN_FILE_COLUMNS.join("\t"),
      "dev-api\tnpm package big of org acme\t3\tsha256:33\tlatest,v3\t2026-11-20T00:00:00Z\t6\tkeep\tkept: among the newest 1 selected versions (#1)\t",
      "dev-api\tnpm package big of org acme\t2\tsha256:22\t\t2026-10-01T12:00:00Z\t55\tpending\tpending: deleted by a later run\\t(tab)\\nline\t",
      "dev-api\tnpm package big of org acme\t1\tsha256:11\tv1\t2026-09-01T00:00:00Z\t86\tkeep\tmanaged by api-v1\tapi-v1",
      "dev-api\tnpm package big of org acme\t9\tsha256:99\t\t\t\tdelete\tdeleted: a\\\\b\t",
      "",
    ]);
    assert.equal(PLAN_FILE_COLUMNS.join("\t"), "policy\tpackage\tversion_id\tname\ttags\tcreated_at\tage_days\taction\treason\tmanaged_by");
  });

  it("holds all 100,000 decisions of a plan of 100,000 versions, and replaces the file of an earlier run", () => {
    const versions: PackageVersionInfo[] = [];
    const decisions: RetentionDecision[] = [];
    for (let i = 0; i < 100_000; i++) {
      versions.push(version(i, new Date(Date.parse(NOW) - (i + 1) * 60_000).toISOString()));
      const action = i < 10 ? "keep" : i < 2010 ? "delete" : "keep";
      decisions.push({
        versionId: i,
        name: `1.0.${99_999 - i}`,
        tags: [],
        action,
        reason: `${action} ${i}`,
        ...(i >= 2010 ? { pending: true as const } : {}),
      });
    }
    const env = { PACKAGE_VERSIONS_PLAN_DIR: path.join(dir, "nested", "plans") };
    fs.mkdirSync(env.PACKAGE_VERSIONS_PLAN_DIR, { recursive: true });
    fs.writeFileSync(path.join(env.PACKAGE_VERSIONS_PLAN_DIR, "retention-plan-big.tsv"), "an earlier run's plan\n".repeat(200_000));
    const file = writePlanFile("big", coordinates, { now: NOW, decisions, versions }, env);
    assert.equal(file, path.join(dir, "nested", "plans", "retention-plan-big.tsv"));
    const lines = fs.readFileSync(file!, "utf8").split("\n");
    assert.equal(lines.pop(), "", "ends with a newline");
    assert.equal(lines.length, 1 + 100_000, "the header and every decision");
    assert.deepEqual(new Set(lines.map((l) => l.split("\t").length)), new Set([PLAN_FILE_COLUMNS.length]));
    const actions = lines.slice(1).map((l) => l.split("\t")[7]);
    assert.equal(actions.filter((a) => a === "keep").length, 10);
    assert.equal(actions.filter((a) => a === "delete").length, 2000);
    assert.equal(actions.filter((a) => a === "pending").length, 97_990);
    assert.equal(lines[100_000]!.split("\t")[2], "99999", "the oldest last");
    assert.deepEqual(fs.readdirSync(env.PACKAGE_VERSIONS_PLAN_DIR), ["retention-plan-big.tsv"], "no partial file left");
  });

  it("says which file it cannot write", () => {
    const blocker = path.join(dir, "not-a-directory");
    fs.writeFileSync(blocker, "");
    assert.throws(
      () => writePlanFile("p", coordinates, { now: NOW, decisions: [], versions: [] }, { PACKAGE_VERSIONS_PLAN_DIR: blocker }),
      (error: Error) =>
        error.message.startsWith(
          `cannot write the retention plan file ${path.join(blocker, "retention-plan-p.tsv")} (PACKAGE_VERSIONS_PLAN_DIR): `,
        ),
    );
  });
});
