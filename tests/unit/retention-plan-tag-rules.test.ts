/** The rules users bring from other cleanup tools: `!pattern` in keep, deleteTags, keepLatestUntagged, long durations. */
import assert from "node:assert/strict";
import { MaxDeletionsExceededError, RetentionRuleError } from "pulumi-github-package-versions";
import { active, actions, assertKeptAndDeleted, decisionOf, deleted, image, plan, reasonOf } from "../support/retention-fixtures";

describe("planRetention: keep with !pattern exclusions", () => {
  const images = [
    image(1, 1, ["v1.3-rc1"]),
    image(2, 5, ["v1.2"]),
    image(3, 10, ["v1.2-rc1"]),
    image(4, 20, ["v1.1"]),
    image(5, 30, ["v1.1-rc2", "v1.1-final"]),
  ];

  it('keep: ["v*", "!v*-rc*"] keeps v1.2 but not v1.2-rc1', () => {
    const result = plan(images, { packageType: "container", keepLatest: 0, deleteOlderThan: "1d", keep: ["v*", "!v*-rc*"] });
    assert.deepEqual(actions(result), { 1: "keep", 2: "keep", 3: "delete", 4: "keep", 5: "keep" });
    assert.equal(reasonOf(result, 2), "kept: tag v1.2 matches keep pattern v*");
    assert.equal(reasonOf(result, 3), "deleted: older than 1d (created 10 days ago)");
    // 1 is excluded from keep, but is not older than 1d; 5 has a tag the exclusion does not take back
    assert.equal(reasonOf(result, 1), "kept: not older than 1d (created 1 day ago)");
    assert.equal(reasonOf(result, 5), "kept: tag v1.1-final matches keep pattern v*");
  });

  it("versions an exclusion takes back are selected again: they take places in keepLatest", () => {
    const result = plan(images, { packageType: "container", keepLatest: 1, keep: ["v*", "!v*-rc*"] });
    // selected: 1 and 3 (the rc-only images); the newest of them stays
    assertKeptAndDeleted(result, { kept: [1, 2, 4, 5], deleted: [3] });
    assert.equal(reasonOf(result, 1), "kept: among the newest 1 selected versions (#1)");
  });

  it("the order matters: a pattern after the exclusion wins again", () => {
    const result = plan(images, { packageType: "container", keepLatest: 0, deleteOlderThan: "1d", keep: ["v*", "!v*-rc*", "v1.2-*"] });
    assert.equal(actions(result)[3], "keep");
    assert.equal(reasonOf(result, 3), "kept: tag v1.2-rc1 matches keep pattern v1.2-*");
  });
});

describe("planRetention: deleteTags", () => {
  const images = [
    image(1, 1, ["pr-12"]),
    image(2, 2, ["v2.0.0", "sha-aaa"]),
    image(3, 3, ["pr-11"]),
    image(4, 4, ["main", "sha-bbb"]),
    image(5, 40, ["pr-9"]),
    image(6, 50, ["v1.0.0"]),
  ];

  it("deletes versions whose tag matches, whatever keepLatest says, and says which tag and pattern", () => {
    const result = plan(images, { packageType: "container", keepLatest: 10, deleteTags: ["pr-*"] });
    assertKeptAndDeleted(result, { kept: [2, 4, 6], deleted: [1, 3, 5] });
    assert.equal(reasonOf(result, 1), "deleted: tag pr-12 matches deleteTags pattern pr-*");
  });

  it("versions matching deleteTags take no place in keepLatest", () => {
    const result = plan(images, { packageType: "container", keepLatest: 2, deleteTags: ["pr-*"] });
    assertKeptAndDeleted(result, { kept: [2, 4], deleted: [1, 3, 5, 6] });
    assert.equal(reasonOf(result, 4), "kept: among the newest 2 selected versions (#2)");
    assert.equal(reasonOf(result, 6), "deleted: beyond the newest 2 selected versions");
  });

  it("with deleteOlderThan, only the old ones go; the young ones are kept, saying both", () => {
    const result = plan(images, { packageType: "container", keepLatest: 10, deleteOlderThan: "1w", deleteTags: ["pr-*"] });
    assert.deepEqual(result.deletedIds, [5]);
    assert.equal(reasonOf(result, 5), "deleted: tag pr-9 matches deleteTags pattern pr-* and older than 1w (created 40 days ago)");
    assert.equal(reasonOf(result, 1), "kept: tag pr-12 matches deleteTags pattern pr-*, but not older than 1w (created 1 day ago)");
  });

  it("keep wins over deleteTags, and the reason says so; the matched tag of a kept version is removed (untagging, issue 23)", () => {
    const result = plan(images, { packageType: "container", keepLatest: 0, deleteTags: ["sha-*", "pr-*"], keep: ["v*"] });
    assert.deepEqual(actions(result), { 1: "delete", 2: "keep", 3: "delete", 4: "delete", 5: "delete", 6: "keep" });
    // Before issue 23: "kept: tag v2.0.0 matches keep pattern v* (keep wins over deleteTags pattern sha-*)", with sha-aaa left on it.
    assert.equal(
      reasonOf(result, 2),
      "kept, untag sha-aaa: tag sha-aaa matches deleteTags pattern sha-*; the version stays: tag v2.0.0 matches keep pattern v*",
    );
    assert.deepEqual(decisionOf(result, 2).untag, ["sha-aaa"]);
    assert.equal(
      reasonOf(result, 4),
      "deleted: tag sha-bbb matches deleteTags pattern sha-*, and its other tags are not kept (keepLatest is 0)",
    );
    const sameTag = plan([image(1, 1, ["v1"]), image(2, 2, ["v2.0"])], {
      packageType: "container",
      keepLatest: 0,
      deleteTags: ["v2*"],
      keep: ["v*"],
    });
    assert.equal(
      reasonOf(sameTag, 2),
      "kept: tag v2.0 matches keep pattern v* (keep wins over deleteTags pattern v2*)",
      "a tag keep matches is never removed",
    );
    assert.equal(decisionOf(sameTag, 2).untag, undefined);
  });

  it("the prerelease filter wins over deleteTags too", () => {
    const versions = [image(1, 1, ["1.1.0"]), image(2, 2, ["1.1.0-rc.1", "sha-ccc"]), image(3, 3, ["1.0.0", "sha-ddd"])];
    const result = plan(versions, { packageType: "container", keepLatest: 5, prerelease: "exclude", deleteTags: ["sha-*"] });
    // Before issue 23, 3 (1.0.0, sha-ddd) was deleted for its sha- tag; now it is ranked by its other tag, kept, and loses sha-ddd.
    assert.deepEqual(result.deletedIds, []);
    assert.deepEqual(decisionOf(result, 3).untag, ["sha-ddd"]);
    assert.equal(reasonOf(result, 2), 'kept: a prerelease (prerelease is "exclude")');
    assert.equal(decisionOf(result, 2).untag, undefined, "the filter leaves it alone: no untagging");
    const one = plan(versions, { packageType: "container", keepLatest: 1, prerelease: "exclude", deleteTags: ["sha-*"] });
    assert.deepEqual(one.deletedIds, [3], "beyond keepLatest by its other tags: deleted as before");
  });

  it("!pattern exclusions apply to deleteTags as to keep", () => {
    const result = plan(images, { packageType: "container", keepLatest: 10, deleteTags: ["pr-*", "!pr-11"] });
    assert.deepEqual(result.deletedIds, [1, 5]);
    assert.equal(reasonOf(result, 3), "kept: among the newest 10 selected versions (#2)");
  });

  it("still keeps the last tagged version: when every tagged version matches, the newest stays", () => {
    const prs = [image(1, 1, ["pr-3"]), image(2, 2, ["pr-2"]), image(3, 3, []), image(4, 4, ["pr-1"])];
    const result = plan(prs, { packageType: "container", keepLatest: 5, deleteTags: ["pr-*"] });
    assertKeptAndDeleted(result, { kept: [1, 3], deleted: [2, 4] });
    assert.match(reasonOf(result, 1), /^kept: the newest tagged version, because GitHub refuses to delete the last tagged version/);
  });

  it("counts towards maxDeletions", () => {
    assert.throws(
      () => plan(images, { packageType: "container", keepLatest: 10, deleteTags: ["pr-*"], maxDeletions: 2 }),
      (error: unknown) => error instanceof MaxDeletionsExceededError && error.deletions === 3 && error.maxDeletions === 2,
    );
  });

  it("leaves a deleted version that matches deleted, even with restoreKept, saying why", () => {
    const versions = [image(1, 1, ["v2"]), deleted(2, "sha256:02", 5, 2, ["pr-4"]), deleted(3, "sha256:03", 6, 2, ["v1"])];
    const result = plan(versions, { packageType: "container", keepLatest: 5, deleteTags: ["pr-*"], restoreKept: true });
    assert.deepEqual(actions(result), { 1: "keep", 2: "leave-deleted", 3: "restore" });
    assert.equal(reasonOf(result, 2), "left deleted: tag pr-4 matches deleteTags pattern pr-*, deleted 2 days ago");
  });

  it("docker too; other registries refuse it", () => {
    assert.deepEqual(plan(images, { packageType: "docker", keepLatest: 10, deleteTags: ["pr-*"] }).deletedIds, [1, 3, 5]);
    assert.throws(
      () => plan([active(1, "1.0.0", 1)], { packageType: "npm", keepLatest: 1, deleteTags: ["pr-*"] }),
      (error: unknown) => error instanceof RetentionRuleError && error.field === "deleteTags",
    );
  });
});

describe("planRetention: keepLatestUntagged", () => {
  // newest first: untagged 1, tagged 2, untagged 3, tagged 4, untagged 5, tagged 6, untagged 7
  const versions = [image(1, 1), image(2, 2, ["v5"]), image(3, 3), image(4, 4, ["v4"]), image(5, 5), image(6, 6, ["v3"]), image(7, 70)];

  it("counts untagged versions apart: keepLatest counts tagged ones, keepLatestUntagged untagged ones", () => {
    const result = plan(versions, { packageType: "container", keepLatest: 2, keepLatestUntagged: 1, untagged: "delete" });
    assertKeptAndDeleted(result, { kept: [1, 2, 4], deleted: [3, 5, 6, 7] });
    assert.equal(reasonOf(result, 1), "kept: among the newest 1 untagged selected versions (#1)");
    assert.equal(reasonOf(result, 4), "kept: among the newest 2 tagged selected versions (#2)");
    assert.equal(reasonOf(result, 3), "deleted: beyond the newest 1 untagged selected versions");
    assert.equal(reasonOf(result, 6), "deleted: beyond the newest 2 tagged selected versions");
  });

  it("without it, untagged: delete ranks both together (as before)", () => {
    const result = plan(versions, { packageType: "container", keepLatest: 2, untagged: "delete" });
    assert.deepEqual(result.keptIds, [1, 2]);
  });

  it("0 deletes every untagged version beyond the age rule; the age rule applies to both counts", () => {
    const none = plan(versions, { packageType: "container", keepLatest: 10, keepLatestUntagged: 0, untagged: "delete" });
    assert.deepEqual(none.deletedIds, [1, 3, 5, 7]);
    assert.equal(reasonOf(none, 1), "deleted: keepLatestUntagged is 0");
    const aged = plan(versions, {
      packageType: "container",
      keepLatest: 1,
      keepLatestUntagged: 1,
      untagged: "delete",
      deleteOlderThan: "4d",
    });
    assert.deepEqual(aged.deletedIds, [5, 6, 7]);
    assert.equal(reasonOf(aged, 3), "kept: not older than 4d (created 3 days ago)");
    assert.equal(reasonOf(aged, 7), "deleted: beyond the newest 1 untagged selected versions and older than 4d (created 70 days ago)");
  });

  it("versions kept by keep take no place in either count", () => {
    const result = plan(versions, {
      packageType: "container",
      keepLatest: 1,
      keepLatestUntagged: 1,
      untagged: "delete",
      keep: ["v5", versions[0]!.name],
    });
    assert.deepEqual(result.keptIds, [1, 2, 3, 4]);
  });
});

describe("planRetention: durations of months and years", () => {
  const versions = [
    active(1, "1.0.0", 400),
    active(2, "1.1.0", 200),
    active(3, "1.2.0", 150),
    active(4, "1.3.0", 17.5),
    active(5, "1.4.0", 16),
  ];

  it('"6 months" is 182.6 days, "1y" 365.25 days, "2w3d" 17 days', () => {
    assert.deepEqual(plan(versions, { packageType: "npm", deleteOlderThan: "6 months" }).deletedIds, [2, 1]);
    assert.deepEqual(plan(versions, { packageType: "npm", deleteOlderThan: "1y" }).deletedIds, [1]);
    const short = plan(versions, { packageType: "npm", deleteOlderThan: "2w3d" });
    assert.deepEqual(short.deletedIds, [4, 3, 2, 1]);
    assert.equal(reasonOf(short, 4), "deleted: older than 2w3d (created 17 days ago)");
    assert.equal(reasonOf(short, 5), "kept: not older than 2w3d (created 16 days ago)");
  });
});
