import assert from "node:assert/strict";
import { MaxDeletionsExceededError, type PackageVersionInfo, RetentionRuleError } from "pulumi-github-package-versions";
import {
  backlogLine,
  buildImageGraph,
  checkPoliciesArgs,
  checkPolicyArgs,
  countsLine,
  planCounts,
  planTableRows,
  renderPlanTable,
  resolveRetentionRules,
  type RetentionCandidate,
  type RetentionPlan,
  type RetentionPlanRules,
} from "pulumi-github-package-versions/testing";
import { renderJobSummary } from "../../program/job-summary";
import { parseRetentionDeclarations } from "../../program/stack-declarations";
import {
  combine,
  manifestMap,
  manifestOf,
  multiArch,
  sharedMemberImages,
  shortOf,
  version,
  type Scenario,
} from "../support/image-fixtures";
import { NOW_DATE, active, decisionOf, plan, reasonOf } from "../support/retention-fixtures";

/** npm versions 1.0.0 (id 1, the oldest) .. 1.<n-1>.0 (id n, the newest), one a day. */
function npmSeries(count: number): RetentionCandidate[] {
  return Array.from({ length: count }, (_, i) => active(i + 1, `1.${i}.0`, count - i));
}

/** Ids from..to, both included, in the order given. */
function ids(from: number, to: number): number[] {
  const step = from <= to ? 1 : -1;
  return Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => from + i * step);
}

/** The listing after a run: the versions it deleted are gone from the active ones. */
function afterRun(versions: readonly RetentionCandidate[], result: RetentionPlan): RetentionCandidate[] {
  const gone = new Set(result.deletedIds);
  return versions.filter((v) => !gone.has(v.versionId));
}

function planImages(scenario: Scenario, rules: RetentionPlanRules): RetentionPlan {
  return plan(scenario.versions, rules, { imageGraph: buildImageGraph(scenario.versions, scenario.manifests) });
}

describe("deletionsPerRun: a backlog drained run by run", () => {
  const rules: RetentionPlanRules = { packageType: "npm", keepLatest: 10, deletionsPerRun: 20 };

  it("deletes exactly the oldest N of the plan's deletions; the rest wait, kept this run with a pending reason", () => {
    const result = plan(npmSeries(60), rules);
    assert.deepEqual(result.deletedIds, ids(20, 1), "the 20 oldest, newest first as in every id list");
    assert.deepEqual(result.pendingIds, ids(50, 21), "the other 30 deletions wait");
    assert.deepEqual(result.keptIds, ids(60, 51), "keptIds holds only what the rules keep, not what waits");
    const waiting = decisionOf(result, 21);
    assert.equal(waiting.action, "keep", "a pending version stays active this run");
    assert.equal(waiting.pending, true);
    assert.equal(waiting.reason, "pending: deleted by a later run (deletionsPerRun 20): beyond the newest 10 selected versions");
    assert.equal(reasonOf(result, 20), "deleted: beyond the newest 10 selected versions");
    assert.equal(decisionOf(result, 20).pending, undefined);
    assert.equal(decisionOf(result, 51).pending, undefined, "a version the rules keep is not pending");
  });

  it("the next runs continue with the next oldest, until nothing is pending", () => {
    let versions = npmSeries(60);
    const runs: { deleted: number[]; pending: number }[] = [];
    for (let run = 0; run < 4; run++) {
      const result = plan(versions, rules);
      runs.push({ deleted: result.deletedIds, pending: result.pendingIds.length });
      versions = afterRun(versions, result);
    }
    assert.deepEqual(runs, [
      { deleted: ids(20, 1), pending: 30 },
      { deleted: ids(40, 21), pending: 10 },
      { deleted: ids(50, 41), pending: 0 },
      { deleted: [], pending: 0 },
    ]);
  });

  it("oldest by created time, whatever the ids; deletions by age too", () => {
    // Ids in the reverse order of age: id 1 is the newest.
    const versions = Array.from({ length: 8 }, (_, i) => active(i + 1, `1.${7 - i}.0`, i + 1));
    const result = plan(versions, { packageType: "npm", keepLatest: 2, deletionsPerRun: 3 });
    assert.deepEqual(result.deletedIds, [6, 7, 8]);
    assert.deepEqual(result.pendingIds, [3, 4, 5]);
    const byAge = plan(versions, { packageType: "npm", deleteOlderThan: "3d", deletionsPerRun: 2 });
    assert.deepEqual(byAge.deletedIds, [7, 8]);
    assert.deepEqual(byAge.pendingIds, [4, 5, 6]);
    assert.match(reasonOf(byAge, 4), /^pending: deleted by a later run \(deletionsPerRun 2\): older than 3d \(created 4 days ago\)$/);
  });

  it("a plan within deletionsPerRun, or without it, has nothing pending", () => {
    assert.deepEqual(plan(npmSeries(25), rules).pendingIds, []);
    assert.deepEqual(plan(npmSeries(25), rules).deletedIds.length, 15);
    const unlimited = plan(npmSeries(60), { packageType: "npm", keepLatest: 10 });
    assert.equal(unlimited.deletedIds.length, 50);
    assert.deepEqual(unlimited.pendingIds, []);
    assert.ok(unlimited.decisions.every((d) => d.pending === undefined));
  });

  it("maxDeletions still refuses the whole plan, before the per-run cut", () => {
    assert.throws(
      () => plan(npmSeries(60), { ...rules, maxDeletions: 30 }),
      (e: unknown) => e instanceof MaxDeletionsExceededError && e.deletions === 50 && e.maxDeletions === 30 && e.versionIds.length === 50,
    );
    const allowed = plan(npmSeries(60), { ...rules, maxDeletions: 50 });
    assert.equal(allowed.deletedIds.length, 20);
    assert.equal(allowed.pendingIds.length, 30);
  });

  it("the safety rules still hold: what waits only keeps more", () => {
    const result = plan(npmSeries(5), { packageType: "npm", keepLatest: 0, deletionsPerRun: 2 });
    assert.deepEqual(result.deletedIds, [2, 1]);
    assert.deepEqual(result.pendingIds, [4, 3]);
    assert.deepEqual(result.keptIds, [5], "the newest stays: deleting the last npm version deletes the package");
  });
});

describe("deletionsPerRun with an image graph: an image is never split", () => {
  /** v4 (40..44, 1 day), v3 (30..34, 5 days), v2 (20..24, 10 days), v1 (10..14, 20 days): five versions each. */
  const fourReleases = (): Scenario =>
    combine(
      multiArch(40, "v4", 1, ["v4"]),
      multiArch(30, "v3", 5, ["v3"]),
      multiArch(20, "v2", 10, ["v2"]),
      multiArch(10, "v1", 20, ["v1"]),
    );

  it("counts versions, takes the oldest images whole, and leaves the next image whole for a later run", () => {
    const result = planImages(fourReleases(), { packageType: "container", keepLatest: 1, deletionsPerRun: 12 });
    assert.deepEqual(
      [...result.deletedIds].sort((a, b) => a - b),
      [...ids(10, 14), ...ids(20, 24)],
      "v1 and v2: 10 versions; v3's 5 do not fit in the 2 left",
    );
    assert.deepEqual(
      [...result.pendingIds].sort((a, b) => a - b),
      ids(30, 34),
      "v3 waits whole, with all its parts",
    );
    assert.match(reasonOf(result, 30), /^pending: deleted by a later run \(deletionsPerRun 12\): beyond the newest 1 images$/);
    assert.equal(
      reasonOf(result, 31),
      `pending: deleted by a later run (deletionsPerRun 12): with image v3 (${shortOf("v3")}): platform linux/amd64`,
    );
    assert.ok(
      result.decisions.filter((d) => d.versionId >= 30 && d.versionId <= 34).every((d) => d.action === "keep" && d.pending === true),
      "every part of the waiting image stays this run",
    );
    const next = planImages(
      { ...fourReleases(), versions: afterRun(fourReleases().versions, result) },
      { packageType: "container", keepLatest: 1, deletionsPerRun: 12 },
    );
    assert.deepEqual(
      [...next.deletedIds].sort((a, b) => a - b),
      ids(30, 34),
    );
    assert.deepEqual(next.pendingIds, []);
  });

  it("images sharing a deleted member go in the same run or wait together", () => {
    /** d (10 days, alone); a (1 day) and b (5 days) both list common/amd64; c (newest) is kept. */
    const scenario = combine(sharedMemberImages(), { versions: [version(6, "d", 10, ["d"])], manifests: manifestMap(manifestOf("d")) });
    const cut = planImages(scenario, { packageType: "container", keepLatest: 1, deletionsPerRun: 4 });
    assert.deepEqual(cut.deletedIds, [6], "d, the oldest; a, b and their members are 4 versions and only 3 are left");
    assert.deepEqual([...cut.pendingIds].sort(), [1, 2, 4, 5], "a waits with b, as they share common/amd64");
    const whole = planImages(scenario, { packageType: "container", keepLatest: 1, deletionsPerRun: 5 });
    assert.deepEqual([...whole.deletedIds].sort(), [1, 2, 4, 5, 6]);
    assert.deepEqual(whole.pendingIds, []);
  });

  it("an oldest image larger than deletionsPerRun is refused, naming the field: no run could delete it", () => {
    assert.throws(
      () => planImages(fourReleases(), { packageType: "container", keepLatest: 1, deletionsPerRun: 3 }),
      (e: unknown) =>
        e instanceof RetentionRuleError &&
        e.field === "deletionsPerRun" &&
        e.message.includes(`image v1 (${shortOf("v1")}) of the test package is 5 versions deleted together`) &&
        e.message.includes("raise deletionsPerRun to at least 5"),
    );
  });

  it("maxDeletions counts the whole plan, members included", () => {
    assert.throws(
      () => planImages(fourReleases(), { packageType: "container", keepLatest: 1, deletionsPerRun: 5, maxDeletions: 14 }),
      (e: unknown) => e instanceof MaxDeletionsExceededError && e.deletions === 15,
    );
  });
});

describe("deletionsPerRun: validation", () => {
  const bad: [string, unknown, RegExp][] = [
    ["0", 0, /1 or more/],
    ["a negative number", -5, /1 or more/],
    ["a fraction", 2.5, /whole number/],
    ["a string", "2000", /got "2000"/],
    ["null", null, /got null/],
  ];
  for (const [title, value, message] of bad) {
    it(`refuses ${title}, naming deletionsPerRun`, () => {
      const check = (f: () => unknown): void =>
        assert.throws(f, (e: unknown) => e instanceof RetentionRuleError && e.field === "deletionsPerRun" && message.test(e.message));
      check(() => resolveRetentionRules("npm", { keepLatest: 1, deletionsPerRun: value as number }));
      check(() =>
        checkPolicyArgs({ org: "acme", packageType: "npm", packageName: "widget", keepLatest: 1, deletionsPerRun: value as number }),
      );
      check(() =>
        checkPoliciesArgs({ org: "acme", packageType: "npm", packageName: "dev-*", keepLatest: 1, deletionsPerRun: value as number }),
      );
    });
  }

  it("accepts 1 and more; the root project's retentionPolicies take it, policy and pattern, and name the entry when it is bad", () => {
    assert.equal(resolveRetentionRules("npm", { keepLatest: 1, deletionsPerRun: 1 }).deletionsPerRun, 1);
    assert.equal(resolveRetentionRules("npm", { keepLatest: 1 }).deletionsPerRun, undefined);
    const parsed = parseRetentionDeclarations([
      { org: "acme", packageType: "npm", packageName: "widget", keepLatest: 10, deletionsPerRun: 2000 },
      { name: "dev", org: "acme", packageType: "npm", packageName: "dev-*", keepLatest: 10, deletionsPerRun: 20 },
    ]);
    assert.equal(parsed[0]!.args.deletionsPerRun, 2000);
    assert.equal(parsed[1]!.args.deletionsPerRun, 20);
    assert.throws(
      () => parseRetentionDeclarations([{ org: "acme", packageType: "npm", packageName: "widget", keepLatest: 10, deletionsPerRun: 0 }]),
      /retentionPolicies\[0\]\.deletionsPerRun: must be a whole number of versions, 1 or more/,
    );
  });
});

describe("deletionsPerRun: the plan table and the job summary", () => {
  it("say how many are deleted this run, how many wait, and how many more runs that takes", () => {
    assert.equal(backlogLine(2000, 97_990, 2000), "2,000 deleted this run, 97,990 pending: 49 more runs at 2,000 a run");
    assert.equal(backlogLine(20, 10, 20, "to be "), "20 to be deleted this run, 10 pending: 1 more run at 20 a run");
    assert.equal(backlogLine(10, 0, 20), "10 deleted this run, 0 pending");

    const versions: PackageVersionInfo[] = npmSeries(60).map((v) => ({
      versionId: v.versionId,
      name: v.name,
      state: "present",
      url: "u",
      packageHtmlUrl: "h",
      createdAt: v.createdAt,
      updatedAt: v.createdAt,
    }));
    const result = plan(versions, { packageType: "npm", keepLatest: 10, deletionsPerRun: 20 });
    const rows = planTableRows(result.decisions, versions, NOW_DATE.toISOString());
    assert.deepEqual(planCounts(rows), { keep: 10, delete: 20, restore: 0, "leave-deleted": 0 }, "pending rows are not counted as kept");
    assert.equal(
      countsLine(planCounts(rows), { pending: 30, deletionsPerRun: 20 }),
      "10 kept, 20 deleted this run, 30 pending: 2 more runs at 20 a run, 0 restored, 0 left deleted",
    );
    const table = renderPlanTable("Retention plan widget", rows, 20).split("\n");
    assert.equal(
      table[0],
      "Retention plan widget: 10 kept, 20 deleted this run, 30 pending: 2 more runs at 20 a run, 0 restored, 0 left deleted",
    );
    assert.match(
      table.find((l) => l.startsWith("1.20.0 "))!,
      /\s+pending\s+pending: deleted by a later run \(deletionsPerRun 20\): beyond the newest 10/,
    );
    assert.match(
      table.find((l) => l.startsWith("1.19.0 "))!,
      /\s+delete\s+deleted: beyond the newest 10/,
    );
    assert.equal(
      renderPlanTable("p", rows).split("\n")[0],
      "p: 10 kept, 20 deleted, 0 restored, 0 left deleted",
      "without deletionsPerRun the counts read as before",
    );

    const summary = (command: "up" | "preview"): string[] =>
      renderJobSummary({
        command,
        stack: "prod",
        policies: [{ name: "widget", packageLabel: "npm package widget of org acme", decisions: result.decisions, deletionsPerRun: 20 }],
        declared: [],
        unchangedDeclared: 0,
      }).split("\n");
    const up = summary("up");
    assert.ok(up.includes("20 deleted this run, 30 pending: 2 more runs at 20 a run, 0 restored, 10 kept, 0 left deleted"), up.join("\n"));
    assert.ok(
      summary("preview").includes(
        "20 to be deleted this run, 30 pending: 2 more runs at 20 a run, 0 to be restored, 10 kept, 0 left deleted",
      ),
    );
    // The newest and oldest 5 of the 20 deletions and of the 30 pending, the rest counted; the 10 kept fit.
    const actionsShown = up.filter((l) => l.startsWith("| `") || l.startsWith("| … ")).map((l) => l.split(" | ")[2]);
    assert.deepEqual(actionsShown, [...Array(11).fill("deleted"), ...Array(11).fill("pending"), ...Array(10).fill("kept")]);
    assert.ok(up.includes("| … |  | deleted | … 10 more deleted rows not shown |"));
    assert.ok(up.includes("| … |  | pending | … 20 more pending rows not shown |"));
  });
});
