/** brokenImages: "keep" | "delete-ghost" | "delete-partial": images whose index names manifests that are gone. */
import assert from "node:assert/strict";
import { RetentionRuleError } from "pulumi-github-package-versions";
import { buildImageGraph, type RetentionPlan, type RetentionPlanRules } from "pulumi-github-package-versions/testing";
import {
  combine,
  cosignTag,
  deletedVersion,
  indexOf,
  manifestMap,
  manifestOf,
  multiArch,
  shortCosignTag,
  shortOf,
  version,
  type Scenario,
} from "../support/image-fixtures";
import { plan, reasonOf } from "../support/retention-fixtures";

function planImages(scenario: Scenario, rules: RetentionPlanRules): RetentionPlan {
  return plan(scenario.versions, rules, { imageGraph: buildImageGraph(scenario.versions, scenario.manifests) });
}

const idsWith = (result: RetentionPlan, action: string): number[] =>
  result.decisions
    .filter((d) => d.action === action)
    .map((d) => d.versionId)
    .sort((a, b) => a - b);

/**
 * v3 (30..34, whole); ghost (20, tagged "ghost", 5 days): its index lists ghost/amd64 and
 * ghost/arm64, both gone (ghost/arm64 deleted 3 days ago, restorable), and its attestation
 * (23) and signature (24) remain; partial (10, tagged "partial", 8 days): lists partial/amd64
 * (11, active) and partial/arm64 (gone, never pushed), signed by 14.
 */
function brokenScenario(): Scenario {
  return combine(multiArch(30, "v3", 1, ["v3"]), {
    versions: [
      version(20, "ghost", 5, ["ghost"]),
      deletedVersion(22, "ghost/arm64", 5, 3),
      version(23, "ghost/att", 5),
      version(24, "ghost/sig", 5, [cosignTag("ghost")]),
      version(10, "partial", 8, ["partial"]),
      version(11, "partial/amd64", 8),
      version(14, "partial/sig", 8, [cosignTag("partial")]),
    ],
    manifests: manifestMap(
      indexOf("ghost", [
        ["ghost/amd64", "linux/amd64"],
        ["ghost/arm64", "linux/arm64"],
        ["ghost/att", "unknown/unknown"],
      ]),
      manifestOf("ghost/att"),
      manifestOf("ghost/sig"),
      indexOf("partial", [
        ["partial/amd64", "linux/amd64"],
        ["partial/arm64", "linux/arm64"],
      ]),
      manifestOf("partial/amd64"),
      manifestOf("partial/sig"),
    ),
  });
}

describe("planRetention with an image graph: brokenImages", () => {
  it('"keep" (the default) keeps both and reports them, as before', () => {
    const result = planImages(brokenScenario(), { packageType: "container", keepLatest: 10 });
    assert.deepEqual(idsWith(result, "delete"), []);
    assert.deepEqual(
      result.brokenImages?.map((b) => b.versionId),
      [20, 10],
    );
  });

  it('"delete-ghost" deletes the ghost with what only it refers to, and keeps the partial image', () => {
    const result = planImages(brokenScenario(), { packageType: "container", keepLatest: 10, brokenImages: "delete-ghost" });
    assert.equal(
      reasonOf(result, 20),
      `deleted: ghost image: no platform image its index lists is an active version (2 missing: ${shortOf("ghost/amd64")}, ${shortOf("ghost/arm64")}) (brokenImages: "delete-ghost")`,
    );
    assert.equal(reasonOf(result, 23), `deleted with image ghost (${shortOf("ghost")}): attestation`);
    assert.equal(reasonOf(result, 24), `deleted with image ghost (${shortOf("ghost")}): signature (${shortCosignTag("ghost")})`);
    assert.equal(reasonOf(result, 22), `left deleted: child of image ghost (${shortOf("ghost")}), which is deleted, deleted 3 days ago`);
    assert.deepEqual(idsWith(result, "delete"), [20, 23, 24]);
    assert.deepEqual(
      result.brokenImages?.map((b) => b.versionId),
      [10],
      "the partial image is still reported",
    );
    assert.equal(reasonOf(result, 30), "kept: among the newest 10 images (#1)");
    assert.equal(reasonOf(result, 10), "kept: among the newest 10 images (#2)", "a deleted ghost takes no place");
  });

  it('"delete-partial" deletes partial images too; a platform image another kept image shares stays', () => {
    const scenario = brokenScenario();
    // v3 also lists partial/amd64: it is shared, and stays with v3.
    scenario.manifests.set(
      indexOf("v3", []).digest,
      indexOf("v3", [
        ["v3/amd64", "linux/amd64"],
        ["v3/arm64", "linux/arm64"],
        ["v3/att", "unknown/unknown"],
        ["partial/amd64", "linux/riscv64"],
      ]),
    );
    const result = planImages(scenario, { packageType: "container", keepLatest: 10, brokenImages: "delete-partial" });
    assert.equal(
      reasonOf(result, 10),
      `deleted: partial image: 1 of the manifests its index lists (2) is no active version (${shortOf("partial/arm64")}) (brokenImages: "delete-partial")`,
    );
    assert.equal(reasonOf(result, 11), `kept: shared with image v3 (${shortOf("v3")}), which is kept`);
    assert.deepEqual(idsWith(result, "delete"), [10, 14, 20, 23, 24]);
    assert.deepEqual(result.brokenImages, []);
  });

  it("keep wins; untagged and the ranking do not; with restoreKept, an image missing only restorable manifests is restored, not deleted", () => {
    const kept = planImages(brokenScenario(), {
      packageType: "container",
      keepLatest: 10,
      brokenImages: "delete-partial",
      keep: ["ghost"],
    });
    assert.equal(reasonOf(kept, 20), "kept: tag ghost matches keep pattern ghost");

    const untaggedGhost = combine(multiArch(30, "v3", 1, ["v3"]), {
      versions: [version(40, "u", 2)],
      manifests: manifestMap(indexOf("u", [["u/amd64", "linux/amd64"]])),
    });
    const untagged = planImages(untaggedGhost, { packageType: "container", keepLatest: 1, brokenImages: "delete-ghost" });
    assert.match(reasonOf(untagged, 40), /^deleted: ghost image: /, 'an untagged ghost goes although untagged is "keep"');

    const scenario = brokenScenario();
    scenario.manifests.set(
      indexOf("ghost", []).digest,
      indexOf("ghost", [
        ["ghost/arm64", "linux/arm64"],
        ["ghost/att", "unknown/unknown"],
      ]),
    );
    const restoring = planImages(scenario, { packageType: "container", keepLatest: 10, brokenImages: "delete-ghost", restoreKept: true });
    assert.equal(reasonOf(restoring, 20), "kept: among the newest 10 images (#2)");
    assert.equal(reasonOf(restoring, 22), `restored: child of kept image ghost (${shortOf("ghost")}), deleted 3 days ago`);
  });

  it("refuses an unknown value and a package without images, naming brokenImages", () => {
    assert.throws(
      () => planImages(brokenScenario(), { packageType: "container", keepLatest: 1, brokenImages: "delete" as never }),
      (e: unknown) =>
        e instanceof RetentionRuleError && /brokenImages/.test(e.message) && /"keep", "delete-ghost", "delete-partial"/.test(e.message),
    );
    assert.throws(
      () => plan([], { packageType: "npm", keepLatest: 1, brokenImages: "delete-ghost" }),
      (e: unknown) => e instanceof RetentionRuleError && /`brokenImages`: applies to container and docker/.test(e.message),
    );
  });
});
