import assert from "node:assert/strict";
import { MaxDeletionsExceededError, RetentionRuleError } from "pulumi-github-package-versions";
import { RESTORE_WINDOW_MS, type RetentionCandidate, type RetentionPlanRules } from "pulumi-github-package-versions/testing";
import { NOW_DATE, active, actions, assertKeptAndDeleted, daysAgo, deleted, image, plan, reasonOf } from "../support/retention-fixtures";

/** A version deleted at an exact epoch millisecond, created 60 days before NOW_DATE. */
function deletedAt(versionId: number, name: string, deletedAtMs: number): RetentionCandidate {
  return { ...deleted(versionId, name, 60, 0), deletedAt: new Date(deletedAtMs).toISOString() };
}

/** npm versions 1.0.0 (oldest) .. 1.9.0 (newest), one every 10 days, ids 100..109. */
function npmSeries(count = 10): RetentionCandidate[] {
  return Array.from({ length: count }, (_, i) => active(100 + i, `1.${i}.0`, (count - 1 - i) * 10));
}

describe("planRetention: keepLatest and deleteOlderThan", () => {
  it("keepLatest alone keeps the newest N and deletes the rest", () => {
    const result = plan(npmSeries(), { packageType: "npm", keepLatest: 3 });
    assertKeptAndDeleted(result, { kept: [109, 108, 107], deleted: [106, 105, 104, 103, 102, 101, 100] });
    assert.equal(reasonOf(result, 109), "kept: among the newest 3 selected versions (#1)");
    assert.equal(reasonOf(result, 107), "kept: among the newest 3 selected versions (#3)");
    assert.equal(reasonOf(result, 106), "deleted: beyond the newest 3 selected versions");
  });

  it("deleteOlderThan alone deletes what is older and keeps the rest", () => {
    const result = plan(npmSeries(), { packageType: "npm", deleteOlderThan: "45d" });
    assertKeptAndDeleted(result, { kept: [109, 108, 107, 106, 105], deleted: [104, 103, 102, 101, 100] });
    assert.equal(reasonOf(result, 104), "deleted: older than 45d (created 50 days ago)");
    assert.equal(reasonOf(result, 105), "kept: not older than 45d (created 40 days ago)");
  });

  it("a version exactly as old as deleteOlderThan is kept (older means strictly older)", () => {
    const versions = [active(1, "1.0.0", 30), active(2, "1.1.0", 29), active(3, "1.2.0", 31)];
    const result = plan(versions, { packageType: "npm", deleteOlderThan: "30d" });
    assertKeptAndDeleted(result, { kept: [2, 1], deleted: [3] });
    const oneMsLater = new Date(NOW_DATE.getTime() + 1);
    assert.deepEqual(plan(versions, { packageType: "npm", deleteOlderThan: "30d" }, { now: oneMsLater }).deletedIds, [1, 3]);
  });

  it("both: the newest N stay whatever their age; beyond them only the old ones go", () => {
    const versions = [
      active(1, "1.0.0", 200),
      active(2, "1.1.0", 150),
      active(3, "1.2.0", 100),
      active(4, "1.3.0", 60),
      active(5, "1.4.0", 10),
    ];
    const result = plan(versions, { packageType: "npm", keepLatest: 3, deleteOlderThan: "90d" });
    assert.deepEqual(actions(result), { 5: "keep", 4: "keep", 3: "keep", 2: "delete", 1: "delete" });
    assert.equal(reasonOf(result, 3), "kept: among the newest 3 selected versions (#3)");
    assert.equal(reasonOf(result, 2), "deleted: beyond the newest 3 selected versions and older than 90d (created 150 days ago)");
    const young = plan(versions, { packageType: "npm", keepLatest: 1, deleteOlderThan: "90d" });
    assert.deepEqual(actions(young), { 5: "keep", 4: "keep", 3: "delete", 2: "delete", 1: "delete" });
    assert.equal(reasonOf(young, 4), "kept: not older than 90d (created 60 days ago)");
  });

  it("ages in hours and weeks", () => {
    const versions = [active(1, "1.0.0", 0.25), active(2, "1.1.0", 0.75), active(3, "1.2.0", 20)];
    assert.deepEqual(plan(versions, { packageType: "npm", deleteOlderThan: "12h" }).deletedIds, [2, 3]);
    assert.deepEqual(plan(versions, { packageType: "npm", deleteOlderThan: "2w" }).deletedIds, [3]);
    assert.equal(
      reasonOf(plan(versions, { packageType: "npm", deleteOlderThan: "12h" }), 2),
      "deleted: older than 12h (created 18 hours ago)",
    );
  });

  it("keepLatest larger than the package keeps everything; keepLatest 0 with an age deletes only by age", () => {
    assert.deepEqual(plan(npmSeries(4), { packageType: "npm", keepLatest: 50 }).deletedIds, []);
    const byAge = plan(npmSeries(4), { packageType: "npm", keepLatest: 0, deleteOlderThan: "15d" });
    assert.deepEqual(byAge.deletedIds, [101, 100]);
    assert.equal(reasonOf(byAge, 101), "deleted: older than 15d (created 20 days ago)");
  });

  it("an empty package gives an empty plan", () => {
    assert.deepEqual(plan([], { packageType: "container", keepLatest: 1 }), {
      decisions: [],
      keptIds: [],
      deletedIds: [],
      restoredIds: [],
      leftDeletedIds: [],
      pendingIds: [],
    });
  });
});

describe("planRetention: ranking, ties in dates and purity", () => {
  it("ranks by created_at, then by id when dates tie, whatever the input order", () => {
    const sameDay = daysAgo(5);
    const versions: RetentionCandidate[] = [
      { versionId: 10, name: "1.0.0", state: "present", createdAt: sameDay },
      { versionId: 12, name: "1.0.2", state: "present", createdAt: sameDay },
      { versionId: 11, name: "1.0.1", state: "present", createdAt: sameDay },
      { versionId: 9, name: "2.0.0", state: "present", createdAt: daysAgo(1) },
    ];
    const result = plan(versions, { packageType: "npm", keepLatest: 2 });
    assertKeptAndDeleted(result, { kept: [9, 12], deleted: [11, 10] });
    assert.deepEqual(
      result.decisions.map((d) => d.versionId),
      [9, 12, 11, 10],
    );
    assert.deepEqual(plan([...versions].reverse(), { packageType: "npm", keepLatest: 2 }), result);
  });

  it("ranks by created_at, not by updated_at or list order", () => {
    const versions = [active(1, "1.0.0", 1), active(2, "1.1.0", 30)];
    assert.deepEqual(plan(versions, { packageType: "npm", keepLatest: 1 }).keptIds, [1]);
  });

  it("does not change its inputs and gives the same plan for the same inputs", () => {
    const versions = npmSeries(6);
    const copy = structuredClone(versions);
    const rules: RetentionPlanRules = { packageType: "npm", keepLatest: 2, keep: ["1.0.0"] };
    const first = plan(versions, rules);
    assert.deepEqual(versions, copy);
    assert.deepEqual(plan(versions, rules), first);
  });

  it("refuses a version with an unreadable date, naming it", () => {
    const versions = [{ versionId: 7, name: "1.0.0", state: "present" as const, createdAt: "last tuesday" }];
    assert.throws(
      () => plan(versions, { packageType: "npm", keepLatest: 1 }),
      (e: unknown) => e instanceof RetentionRuleError && /id 7/.test(e.message),
    );
  });
});

describe("planRetention: keep patterns", () => {
  const images = [
    image(1, 1, ["latest", "v2.1.0"]),
    image(2, 10, ["v2.0.0"]),
    image(3, 20, ["release-2026-10"]),
    image(4, 30, ["sha-abc"]),
    image(5, 40, ["sha-def"]),
    image(6, 50, ["v1.0.0", "stable"]),
  ];

  it("keeps versions whose tag matches a glob, a literal or a regex, and says which", () => {
    const result = plan(images, { packageType: "container", keepLatest: 0, deleteOlderThan: "1d", keep: ["v2*", "stable", "/^release-/"] });
    assert.deepEqual(actions(result), { 1: "keep", 2: "keep", 3: "keep", 4: "delete", 5: "delete", 6: "keep" });
    assert.equal(reasonOf(result, 1), "kept: tag v2.1.0 matches keep pattern v2*");
    assert.equal(reasonOf(result, 3), "kept: tag release-2026-10 matches keep pattern /^release-/");
    assert.equal(reasonOf(result, 6), "kept: tag stable matches keep pattern stable");
  });

  it("matches names too: a digest, or an npm version", () => {
    const byDigest = plan(images, { packageType: "container", keepLatest: 0, deleteOlderThan: "1d", keep: [images[4]!.name] });
    assert.equal(actions(byDigest)[5], "keep");
    assert.equal(reasonOf(byDigest, 5), `kept: matches keep pattern ${images[4]!.name}`);
    const npm = plan(npmSeries(5), { packageType: "npm", keepLatest: 1, keep: ["1.0.*"] });
    assert.deepEqual(npm.keptIds, [104, 100]);
  });

  it("versions matching keep take no place in keepLatest (it counts selected versions only)", () => {
    const result = plan(images, { packageType: "container", keepLatest: 2, keep: ["latest"] });
    // 1 is kept by the pattern; the newest two selected versions are 2 and 3.
    assertKeptAndDeleted(result, { kept: [1, 2, 3], deleted: [4, 5, 6] });
    assert.equal(reasonOf(result, 2), "kept: among the newest 2 selected versions (#1)");
  });

  it("a tag of 40 a's and one other character against keep /(a+)+$/ is planned without stalling (linear-time patterns)", function () {
    this.timeout(5_000);
    const pushed = [image(1, 1, ["v1"]), image(2, 30, [`${"a".repeat(40)}!`]), image(3, 30, ["a".repeat(40)])];
    const result = plan(pushed, { packageType: "container", keepLatest: 1, deleteTags: ["/(a+)+$/", "*!"], keep: ["/(a+)+$/"] });
    assert.deepEqual(actions(result), { 1: "keep", 2: "delete", 3: "keep" });
    assert.equal(
      reasonOf(result, 3),
      `kept: tag ${"a".repeat(40)} matches keep pattern /(a+)+$/ (keep wins over deleteTags pattern /(a+)+$/)`,
    );
  });
});

describe("planRetention: untagged container versions", () => {
  const versions = [image(1, 1, []), image(2, 2, ["v3"]), image(3, 3, []), image(4, 4, ["v2"]), image(5, 100, []), image(6, 200, ["v1"])];

  it("untagged: keep (the default) keeps every untagged version and does not count them", () => {
    const result = plan(versions, { packageType: "container", keepLatest: 1 });
    assert.deepEqual(actions(result), { 1: "keep", 2: "keep", 3: "keep", 4: "delete", 5: "keep", 6: "delete" });
    assert.match(reasonOf(result, 5), /^kept: untagged \(untagged is "keep": it may be a platform image of a multi-arch image\)$/);
  });

  it("untagged: delete ranks untagged and tagged versions together", () => {
    const result = plan(versions, { packageType: "container", keepLatest: 2, untagged: "delete" });
    // the newest two are 1 (untagged) and 2 (v3): untagged versions take places in keepLatest
    assertKeptAndDeleted(result, { kept: [1, 2], deleted: [3, 4, 5, 6] });
  });

  it("untagged: delete with an age deletes old untagged and old tagged alike", () => {
    const result = plan(versions, { packageType: "container", deleteOlderThan: "30d", untagged: "delete" });
    assert.deepEqual(result.deletedIds, [5, 6]);
  });

  it("docker versions follow the same rules", () => {
    const result = plan(versions, { packageType: "docker", keepLatest: 1 });
    assert.deepEqual(result.deletedIds, [4, 6]);
  });
});

describe("planRetention: prereleases", () => {
  const npm = [
    active(1, "2.0.0-rc.2", 1),
    active(2, "2.0.0-rc.1", 5),
    active(3, "1.1.0", 10),
    active(4, "1.1.0-beta.1", 20),
    active(5, "1.0.0", 100),
    active(6, "1.0.0-alpha", 120),
  ];

  it("prerelease: only selects prereleases; releases are kept and not counted", () => {
    const result = plan(npm, { packageType: "npm", keepLatest: 1, prerelease: "only" });
    assert.deepEqual(actions(result), { 1: "keep", 2: "delete", 3: "keep", 4: "delete", 5: "keep", 6: "delete" });
    assert.equal(reasonOf(result, 3), 'kept: not a prerelease (prerelease is "only")');
  });

  it("prerelease: exclude keeps prereleases and ranks releases only", () => {
    const result = plan(npm, { packageType: "npm", keepLatest: 1, prerelease: "exclude" });
    assert.deepEqual(actions(result), { 1: "keep", 2: "keep", 3: "keep", 4: "keep", 5: "delete", 6: "keep" });
    assert.equal(reasonOf(result, 4), 'kept: a prerelease (prerelease is "exclude")');
  });

  it("prerelease: any (the default) ranks everything", () => {
    assert.deepEqual(plan(npm, { packageType: "npm", keepLatest: 2 }).keptIds, [1, 2]);
    assert.deepEqual(plan(npm, { packageType: "npm", keepLatest: 2, prerelease: "any" }).keptIds, [1, 2]);
  });

  it("container prereleases are read from tags", () => {
    const images = [
      image(1, 1, ["2.0.0-rc.1"]),
      image(2, 2, ["1.9.0", "latest"]),
      image(3, 3, ["1.9.0-rc.1"]),
      image(4, 4, ["1.8.0-rc.1", "1.8.0"]),
    ];
    const result = plan(images, { packageType: "container", deleteOlderThan: "12h", prerelease: "only" });
    assert.deepEqual(result.deletedIds, [1, 3]);
  });
});

describe("planRetention: deleted versions", () => {
  const versions = [
    active(1, "1.4.0", 1),
    deleted(2, "1.3.0", 5, 2),
    active(3, "1.2.0", 10),
    deleted(4, "1.1.0", 20, 25),
    active(5, "1.0.0", 100),
    deleted(6, "0.9.0", 200, 40),
  ];

  it("with restoreKept off, deleted versions stay deleted and take no place in keepLatest", () => {
    const result = plan(versions, { packageType: "npm", keepLatest: 2 });
    assertKeptAndDeleted(result, { kept: [1, 3], deleted: [5] });
    assert.deepEqual(result.leftDeletedIds, [2, 4]);
    assert.deepEqual(result.restoredIds, []);
    assert.equal(reasonOf(result, 2), "left deleted: restoreKept is off, deleted 2 days ago");
  });

  it("versions deleted more than 30 days ago are not managed (GitHub no longer has them)", () => {
    const result = plan(versions, { packageType: "npm", keepLatest: 2 });
    assert.equal(
      result.decisions.some((d) => d.versionId === 6),
      false,
    );
    const pastTheLimit = [active(1, "1.0.0", 50), deletedAt(2, "0.9.0", NOW_DATE.getTime() - RESTORE_WINDOW_MS - 1)];
    assert.deepEqual(
      plan(pastTheLimit, { packageType: "npm", keepLatest: 5 }).decisions.map((d) => d.versionId),
      [1],
    );
  });

  it("a version deleted exactly 30 days ago is still managed and restorable, as GitHub and the emulator hold", () => {
    const atTheLimit = [active(1, "1.0.0", 50), deletedAt(2, "0.9.0", NOW_DATE.getTime() - RESTORE_WINDOW_MS)];
    assert.deepEqual(
      plan(atTheLimit, { packageType: "npm", keepLatest: 5 }).decisions.map((d) => d.versionId),
      [1, 2],
    );
    assert.deepEqual(plan(atTheLimit, { packageType: "npm", keepLatest: 5, restoreKept: true }).restoredIds, [2]);
    assert.equal(
      reasonOf(plan(atTheLimit, { packageType: "npm", keepLatest: 5 }), 2),
      "left deleted: restoreKept is off, deleted 30 days ago",
    );
  });

  it("with restoreKept on, deleted versions are ranked with the active ones and restored when kept", () => {
    const result = plan(versions, { packageType: "npm", keepLatest: 2, restoreKept: true });
    assert.deepEqual(actions(result), { 1: "keep", 2: "restore", 3: "delete", 4: "leave-deleted", 5: "delete" });
    assert.equal(reasonOf(result, 2), "restored: kept by the rules (among the newest 2 selected versions (#2)), deleted 2 days ago");
    assert.equal(reasonOf(result, 4), "left deleted: beyond the newest 2 selected versions, deleted 25 days ago");
  });

  it("restores deleted versions that match keep, or that are young enough", () => {
    const byPattern = plan(versions, { packageType: "npm", keepLatest: 1, keep: ["1.1.*"], restoreKept: true });
    assert.deepEqual(byPattern.restoredIds, [4]);
    assert.equal(reasonOf(byPattern, 4), "restored: kept by the rules (matches keep pattern 1.1.*), deleted 25 days ago");
    const byAge = plan(versions, { packageType: "npm", deleteOlderThan: "30d", restoreKept: true });
    assert.deepEqual(byAge.restoredIds, [2, 4]);
    assert.deepEqual(byAge.deletedIds, [5]);
  });

  it("does not restore a deleted version whose name an active version reuses, and does not rank it", () => {
    const reused = [active(10, "1.0.0", 1), deleted(9, "1.0.0", 3, 2), active(8, "0.9.0", 4)];
    const result = plan(reused, { packageType: "npm", keepLatest: 2, restoreKept: true });
    assert.deepEqual(actions(result), { 10: "keep", 9: "leave-deleted", 8: "keep" });
    assert.match(reasonOf(result, 9), /an active version has the same name/);
  });

  it("a package with only deleted versions gives no deletions and no errors", () => {
    const onlyDeleted = [deleted(1, "1.0.0", 10, 5), deleted(2, "0.9.0", 20, 6)];
    const result = plan(onlyDeleted, { packageType: "maven", keepLatest: 0, deleteOlderThan: "1d" });
    assert.deepEqual(result.leftDeletedIds, [1, 2]);
    assert.deepEqual(result.deletedIds, []);
  });
});

describe("planRetention: safe by construction", () => {
  it("never deletes the last tagged container version: the newest tagged one stays", () => {
    const images = [image(1, 5, []), image(2, 40, ["v2"]), image(3, 60, ["v1"])];
    const result = plan(images, { packageType: "container", deleteOlderThan: "30d" });
    assert.deepEqual(actions(result), { 1: "keep", 2: "keep", 3: "delete" });
    assert.equal(
      reasonOf(result, 2),
      "kept: the newest tagged version, because GitHub refuses to delete the last tagged version of a container package",
    );
  });

  it("keeps the newest tagged docker version even when untagged:delete removes the rest", () => {
    const images = [image(1, 50, []), image(2, 60, ["v2"]), image(3, 70, ["v1"])];
    const result = plan(images, { packageType: "docker", keepLatest: 0, deleteOlderThan: "1d", untagged: "delete" });
    assert.deepEqual(actions(result), { 1: "delete", 2: "keep", 3: "delete" });
  });

  it("a tagged version kept by the rules is enough: no extra version is kept", () => {
    const images = [image(1, 40, ["v3"]), image(2, 50, ["v2"]), image(3, 60, ["v1"])];
    const result = plan(images, { packageType: "container", deleteOlderThan: "30d", keep: ["v1"] });
    assertKeptAndDeleted(result, { kept: [3], deleted: [1, 2] });
  });

  it("a container with only untagged versions keeps its newest", () => {
    const images = [image(1, 50, []), image(2, 60, [])];
    const result = plan(images, { packageType: "container", deleteOlderThan: "1d", untagged: "delete" });
    assert.deepEqual(result.keptIds, [1]);
    assert.equal(reasonOf(result, 1), "kept: the newest version, so that the package keeps at least one version");
  });

  it("never deletes the last version of a maven or nuget package", () => {
    for (const packageType of ["maven", "nuget"] as const) {
      const result = plan([active(1, "2.0.0", 100)], { packageType, deleteOlderThan: "1d" });
      assert.deepEqual(result.deletedIds, []);
      assert.equal(
        reasonOf(result, 1),
        `kept: the newest version, because GitHub refuses to delete the last version of a ${packageType} package`,
      );
    }
    const several = plan([active(1, "2.0.0", 100), active(2, "1.0.0", 200)], {
      packageType: "maven",
      keepLatest: 0,
      deleteOlderThan: "1d",
    });
    assertKeptAndDeleted(several, { kept: [1], deleted: [2] });
  });

  it("never deletes every version of an npm or rubygems package (that would delete the package)", () => {
    for (const packageType of ["npm", "rubygems"] as const) {
      const result = plan([active(1, "1.0.0", 3), active(2, "1.1.0", 2)], { packageType, keepLatest: 0, deleteOlderThan: "1h" });
      assertKeptAndDeleted(result, { kept: [2], deleted: [1] });
      const article = packageType === "npm" ? "an" : "a";
      assert.equal(
        reasonOf(result, 2),
        `kept: the newest version, because deleting the last version of ${article} ${packageType} package deletes the package`,
      );
    }
  });

  it("does not count a restore as a version that remains: the newest active one stays", () => {
    const versions = [deleted(1, "1.1.0", 1, 1), active(2, "1.0.0", 100)];
    const result = plan(versions, { packageType: "maven", deleteOlderThan: "30d", restoreKept: true });
    assert.deepEqual(actions(result), { 1: "restore", 2: "keep" });
  });
});

describe("planRetention: maxDeletions", () => {
  it("refuses a plan that deletes more active versions than maxDeletions, with the count", () => {
    assert.throws(
      () => plan(npmSeries(10), { packageType: "npm", keepLatest: 2, maxDeletions: 5 }),
      (error: unknown) => {
        assert.ok(error instanceof MaxDeletionsExceededError);
        assert.equal(error.deletions, 8);
        assert.equal(error.maxDeletions, 5);
        assert.deepEqual(error.versionIds, [107, 106, 105, 104, 103, 102, 101, 100]);
        assert.match(error.message, /^The retention plan for the test package deletes 8 versions, more than maxDeletions \(5\)/);
        return true;
      },
    );
  });

  it("accepts a plan deleting exactly maxDeletions", () => {
    assert.equal(plan(npmSeries(10), { packageType: "npm", keepLatest: 2, maxDeletions: 8 }).deletedIds.length, 8);
  });

  it("maxDeletions 0 refuses any deletion but allows a plan that deletes nothing", () => {
    assert.throws(() => plan(npmSeries(3), { packageType: "npm", keepLatest: 2, maxDeletions: 0 }), MaxDeletionsExceededError);
    assert.deepEqual(plan(npmSeries(3), { packageType: "npm", keepLatest: 3, maxDeletions: 0 }).deletedIds, []);
  });

  it("counts only active versions deleted: versions left deleted and those kept by safety do not count", () => {
    const versions = [active(1, "1.0.0", 100), deleted(2, "0.9.0", 120, 3), deleted(3, "0.8.0", 130, 4)];
    const result = plan(versions, { packageType: "npm", deleteOlderThan: "1d", maxDeletions: 0 });
    assertKeptAndDeleted(result, { kept: [1], deleted: [] });
  });

  it("no maxDeletions means no limit", () => {
    assert.equal(plan(npmSeries(300), { packageType: "npm", keepLatest: 1 }).deletedIds.length, 299);
  });
});
