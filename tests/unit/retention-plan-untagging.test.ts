/** Untagging: a version deleteTags matches in part loses only the matched tags when the rules keep it for its others (issue 23). */
import assert from "node:assert/strict";
import { buildImageGraph, planTableRows, renderPlanTable, type RetentionPlan } from "pulumi-github-package-versions/testing";
import { renderJobSummary } from "../../program/job-summary";
import { combine, multiArch, shortOf } from "../support/image-fixtures";
import { decisionOf, image, NOW_DATE, plan, reasonOf } from "../support/retention-fixtures";

const untagged = (result: RetentionPlan): Record<number, string[]> =>
  Object.fromEntries(result.decisions.filter((d) => d.untag !== undefined).map((d) => [d.versionId, d.untag!]));

describe("planRetention: untagging", () => {
  const versions = [
    image(1, 1, ["pr-123", "v1.4"]),
    image(2, 2, ["pr-122"]),
    image(3, 3, ["pr-121", "main", "sha-abc"]),
    image(4, 30, ["pr-100", "v1.0"]),
  ];

  it("a multi-tag version keeps its other tags: the matched tag is removed, the version stays (keep on another tag, or its rank)", () => {
    const result = plan(versions, { packageType: "container", keepLatest: 2, deleteTags: ["pr-*"], keep: ["v*"] });
    assert.deepEqual(untagged(result), { 1: ["pr-123"], 3: ["pr-121"], 4: ["pr-100"] });
    assert.equal(
      reasonOf(result, 1),
      "kept, untag pr-123: tag pr-123 matches deleteTags pattern pr-*; the version stays: tag v1.4 matches keep pattern v*",
    );
    assert.equal(
      reasonOf(result, 3),
      "kept, untag pr-121: tag pr-121 matches deleteTags pattern pr-*; the version stays for its other tags (among the newest 2 selected versions (#1))",
    );
    assert.equal(
      reasonOf(result, 2),
      "deleted: tag pr-122 matches deleteTags pattern pr-*",
      "a tag that is the version's last: deleted as before",
    );
    assert.deepEqual(result.deletedIds, [2]);
    assert.deepEqual(result.keptIds, [1, 3, 4], "an untagged version is kept");
  });

  it("its other tags not kept: the version is deleted; too young for deleteOlderThan: nothing yet", () => {
    const beyond = plan(versions, { packageType: "container", keepLatest: 0, deleteTags: ["pr-*"] });
    assert.equal(
      reasonOf(beyond, 3),
      "deleted: tag pr-121 matches deleteTags pattern pr-*, and its other tags are not kept (keepLatest is 0)",
    );
    const young = plan(versions, { packageType: "container", keepLatest: 10, deleteOlderThan: "7d", deleteTags: ["pr-*"], keep: ["v*"] });
    assert.deepEqual(untagged(young), { 4: ["pr-100"] });
    assert.equal(reasonOf(young, 1), "kept: tag v1.4 matches keep pattern v* (keep wins over deleteTags pattern pr-*)");
  });

  it("an image with platform images and a signature: only the tag goes, every part stays with it", () => {
    const scenario = combine(multiArch(30, "v3", 1, ["pr-7", "v3"]), multiArch(20, "v2", 10, ["v2"]));
    const result = plan(
      scenario.versions,
      { packageType: "container", keepLatest: 10, deleteTags: ["pr-*"] },
      { imageGraph: buildImageGraph(scenario.versions, scenario.manifests) },
    );
    assert.deepEqual(untagged(result), { 30: ["pr-7"] });
    assert.equal(
      reasonOf(result, 30),
      "kept, untag pr-7: tag pr-7 matches deleteTags pattern pr-*; the version stays for its other tags (among the newest 10 images (#1))",
    );
    assert.equal(reasonOf(result, 31), `kept with image pr-7 (${shortOf("v3")}): platform linux/amd64`);
    assert.deepEqual(result.deletedIds, []);
    assert.equal(decisionOf(result, 34).untag, undefined, "its signature keeps its tag");
  });

  it("the plan table and the job summary show an untag, naming the tags", () => {
    const result = plan(versions, { packageType: "container", keepLatest: 2, deleteTags: ["pr-*"], keep: ["v*"] });
    const table = renderPlanTable(
      "Retention plan api",
      planTableRows(
        result.decisions,
        versions.map((v) => ({ ...v, packageType: "container" }) as never),
        NOW_DATE.toISOString(),
      ),
    );
    assert.match(
      table,
      /^Retention plan api: 3 kept \(3 of them to untag: tags matching deleteTags\), 1 deleted, 0 restored, 0 left deleted$/m,
    );
    assert.match(table, /pr-123,v1\.4\s+1d\s+untag\s+kept, untag pr-123: /);
    const md = renderJobSummary({
      command: "preview",
      stack: "prod",
      policies: [{ name: "api", packageLabel: "container package api of org acme", decisions: result.decisions }],
      declared: [],
      unchangedDeclared: 0,
    });
    assert.ok(md.includes("1 to be deleted, 0 to be restored, 3 kept (3 of them to untag: tags matching deleteTags), 0 left deleted"), md);
    assert.match(md, /\| pr-123, v1\.4 \| to untag \| kept, untag pr-123: /);
  });
});
