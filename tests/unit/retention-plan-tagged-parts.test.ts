/**
 * "A tag keeps what it names": the `docker manifest create` layout (tagged platform images, then an
 * index listing them under a tag of its own) and digests named in keep and deleteTags.
 */
import assert from "node:assert/strict";
import { buildImageGraph, type RetentionPlan, type RetentionPlanRules } from "pulumi-github-package-versions/testing";
import {
  combine,
  cosignTag,
  digestOf,
  indexOf,
  manifestMap,
  manifestOf,
  multiArch,
  shortCosignTag,
  shortOf,
  version,
  type Scenario,
} from "../support/image-fixtures";
import { decisionOf, image, plan, reasonOf } from "../support/retention-fixtures";

function planImages(scenario: Scenario, rules: RetentionPlanRules): RetentionPlan {
  return plan(scenario.versions, rules, { imageGraph: buildImageGraph(scenario.versions, scenario.manifests) });
}

const idsWith = (result: RetentionPlan, action: string): number[] =>
  result.decisions
    .filter((d) => d.action === action)
    .map((d) => d.versionId)
    .sort((a, b) => a - b);

/**
 * `docker push app:<p>-amd64`, `app:<p>-arm64` (each signed by cosign), then `docker manifest create
 * app:<p>` over them (signed too): the index (id) is the newest; amd64 (id+1, tagged `<p>-amd64`)
 * and arm64 (id+2, `<p>-arm64`) are two minutes older; their signatures id+3, id+4; the index's id+5.
 * `indexAge` moves the index alone (an index older than its parts: re-created later elsewhere).
 */
function manifestCreate(id: number, label: string, ageDays: number, indexAge = ageDays): Scenario {
  const partAge = ageDays + 2 / 1440;
  return {
    versions: [
      version(id, label, indexAge, [label]),
      version(id + 1, `${label}/amd64`, partAge, [`${label}-amd64`]),
      version(id + 2, `${label}/arm64`, partAge, [`${label}-arm64`]),
      version(id + 3, `${label}/amd64-sig`, partAge - 1 / 1440, [cosignTag(`${label}/amd64`)]),
      version(id + 4, `${label}/arm64-sig`, partAge - 1 / 1440, [cosignTag(`${label}/arm64`)]),
      version(id + 5, `${label}/sig`, indexAge - 1 / 1440, [cosignTag(label)]),
    ],
    manifests: manifestMap(
      indexOf(label, [
        [`${label}/amd64`, "linux/amd64"],
        [`${label}/arm64`, "linux/arm64"],
      ]),
      manifestOf(`${label}/amd64`),
      manifestOf(`${label}/arm64`),
      manifestOf(`${label}/amd64-sig`),
      manifestOf(`${label}/arm64-sig`),
      manifestOf(`${label}/sig`),
    ),
  };
}

const image2 = (label: string, tag: string): string => `image ${tag} (${shortOf(label)})`;

describe("planRetention with an image graph: a tag keeps what it names", () => {
  it("deleteTags on the index deletes the index and its signature; the tagged platform images stay, with their signatures", () => {
    const result = planImages(manifestCreate(40, "multiarch", 1), { packageType: "container", keepLatest: 10, deleteTags: ["multiarch"] });
    assert.deepEqual(idsWith(result, "delete"), [40, 45]);
    assert.equal(reasonOf(result, 40), "deleted: tag multiarch matches deleteTags pattern multiarch");
    assert.equal(reasonOf(result, 45), `deleted with ${image2("multiarch", "multiarch")}: signature (${shortCosignTag("multiarch")})`);
    assert.equal(
      reasonOf(result, 42),
      "kept: among the newest 10 images (#1)",
      "a tagged platform image is ranked as an image of its own (same age: the higher id first)",
    );
    assert.equal(reasonOf(result, 41), "kept: among the newest 10 images (#2)");
    assert.equal(
      reasonOf(result, 43),
      `kept with ${image2("multiarch/amd64", "multiarch-amd64")}: signature (${shortCosignTag("multiarch/amd64")})`,
    );
    assert.equal(
      reasonOf(result, 44),
      `kept with ${image2("multiarch/arm64", "multiarch-arm64")}: signature (${shortCosignTag("multiarch/arm64")})`,
    );
  });

  it("an index beyond keepLatest goes; the tagged images it listed are ranked by their own tags and go only when the rules select them", () => {
    const scenario = combine(manifestCreate(40, "v2", 1), manifestCreate(30, "v1", 10));
    const one = planImages(scenario, { packageType: "container", keepLatest: 1 });
    assert.equal(reasonOf(one, 40), "kept: among the newest 1 images (#1)");
    assert.equal(
      reasonOf(one, 41),
      `kept: platform linux/amd64 of kept ${image2("v2", "v2")} (a part of a kept image takes no place in keepLatest)`,
    );
    assert.equal(reasonOf(one, 30), "deleted: beyond the newest 1 images");
    assert.equal(
      reasonOf(one, 31),
      "deleted: beyond the newest 1 images",
      "v1-amd64 is beyond keepLatest by itself, not deleted as a part of v1",
    );
    assert.equal(
      reasonOf(one, 33),
      `deleted with ${image2("v1", "v1")} and ${image2("v1/amd64", "v1-amd64")}: signature (${shortCosignTag("v1/amd64")}) of ${shortOf("v1/amd64")}`,
    );
    assert.deepEqual(idsWith(one, "delete"), [30, 31, 32, 33, 34, 35]);

    const young = planImages(scenario, { packageType: "container", keepLatest: 1, deleteOlderThan: "5d", keep: ["v1-arm64"] });
    assert.equal(reasonOf(young, 30), "deleted: beyond the newest 1 images and older than 5d (created 10 days ago)");
    assert.equal(reasonOf(young, 32), "kept: tag v1-arm64 matches keep pattern v1-arm64", "keep on a part's tag keeps that image");
    assert.equal(reasonOf(young, 34), `kept with ${image2("v1/arm64", "v1-arm64")}: signature (${shortCosignTag("v1/arm64")})`);
    assert.deepEqual(idsWith(young, "delete"), [30, 31, 33, 35], "the index around the kept part goes, and its other part");
  });

  it("keep on a part's tag keeps that image, not the index around it", () => {
    const result = planImages(manifestCreate(40, "multiarch", 1), {
      packageType: "container",
      keepLatest: 0,
      deleteOlderThan: "1h",
      keep: ["multiarch-amd64"],
    });
    assert.equal(reasonOf(result, 40), "deleted: older than 1h (created 1 day ago)");
    assert.equal(reasonOf(result, 41), "kept: tag multiarch-amd64 matches keep pattern multiarch-amd64");
    assert.equal(reasonOf(result, 42), "deleted: older than 1h (created 1 day ago)");
    assert.deepEqual(idsWith(result, "keep"), [41, 43]);
    assert.deepEqual(idsWith(result, "delete"), [40, 42, 44, 45]);
  });

  it("a kept index whose parts are also tagged keeps them, even when deleteTags names their tags, and says why", () => {
    const result = planImages(manifestCreate(40, "multiarch", 1), {
      packageType: "container",
      keepLatest: 0,
      deleteOlderThan: "1h",
      keep: ["multiarch"],
      deleteTags: ["*-amd64"],
    });
    assert.equal(reasonOf(result, 40), "kept: tag multiarch matches keep pattern multiarch");
    assert.equal(
      reasonOf(result, 41),
      `kept, untag multiarch-amd64: tag multiarch-amd64 matches deleteTags pattern *-amd64 and older than 1h (created 1 day ago), but it is platform linux/amd64 of kept ${image2("multiarch", "multiarch")}, which needs it`,
    );
    assert.deepEqual(
      decisionOf(result, 41).untag,
      ["multiarch-amd64"],
      "the version stays for the index; the tag deleteTags names goes, although it is its last",
    );
    assert.equal(
      reasonOf(result, 42),
      `kept: platform linux/arm64 of kept ${image2("multiarch", "multiarch")} (a part of a kept image takes no place in keepLatest)`,
    );
    assert.deepEqual(idsWith(result, "delete"), []);
  });

  it("an index decided after its parts (older than them) still keeps them: the rules' verdict on the part is overruled, and the reason gives both", () => {
    const result = planImages(manifestCreate(40, "multiarch", 1, 3), {
      packageType: "container",
      keepLatest: 0,
      deleteOlderThan: "1h",
      keep: ["multiarch"],
    });
    assert.equal(
      reasonOf(result, 41),
      `kept: older than 1h (created 1 day ago), but it is platform linux/amd64 of kept ${image2("multiarch", "multiarch")}, which needs it`,
    );
    assert.equal(
      reasonOf(result, 43),
      `kept with ${image2("multiarch/amd64", "multiarch-amd64")}: signature (${shortCosignTag("multiarch/amd64")})`,
    );
    assert.deepEqual(idsWith(result, "delete"), []);
    const doomed = planImages(manifestCreate(40, "multiarch", 1, 3), {
      packageType: "container",
      keepLatest: 0,
      deleteOlderThan: "1h",
      keep: ["multiarch"],
      deleteTags: ["*-arm64"],
    });
    assert.equal(
      reasonOf(doomed, 42),
      `kept, untag multiarch-arm64: tag multiarch-arm64 matches deleteTags pattern *-arm64 and older than 1h (created 1 day ago), but it is platform linux/arm64 of kept ${image2("multiarch", "multiarch")}, which needs it`,
    );
    assert.deepEqual(decisionOf(doomed, 42).untag, ["multiarch-arm64"]);
  });

  it("buildx images (untagged platform images) are unchanged: they go with their index", () => {
    const result = planImages(combine(multiArch(30, "v3", 1, ["v3"]), multiArch(20, "v2", 10, ["v2"])), {
      packageType: "container",
      keepLatest: 1,
    });
    assert.deepEqual(idsWith(result, "delete"), [20, 21, 22, 23, 24]);
  });
});

describe("planRetention: digests in keep and deleteTags", () => {
  it("deleteTags names a digest: that version goes, untagged or not, and a tag glob never reaches untagged versions", () => {
    const versions = [image(1, 1, ["v2"]), image(2, 2), image(3, 3, ["v1", "latest"])];
    const byDigest = plan(versions, { packageType: "container", keepLatest: 10, deleteTags: [versions[1]!.name, versions[2]!.name] });
    assert.deepEqual(byDigest.deletedIds, [2, 3]);
    assert.equal(reasonOf(byDigest, 2), `deleted: its digest matches deleteTags pattern ${versions[1]!.name}`);
    const glob = plan(versions, { packageType: "container", keepLatest: 10, deleteTags: ["*"] });
    assert.deepEqual(
      glob.deletedIds,
      [3],
      "* names tags only: the untagged version stays (untagged is keep), and the newest tagged one is kept for safety",
    );
    const prefix = plan(versions, {
      packageType: "container",
      keepLatest: 10,
      deleteTags: ["sha256:00000002*"],
      keep: [versions[2]!.name],
    });
    assert.deepEqual(prefix.deletedIds, [2]);
    assert.equal(reasonOf(prefix, 3), `kept: matches keep pattern ${versions[2]!.name}`);
    const both = plan(versions, { packageType: "container", keepLatest: 10, deleteTags: [versions[1]!.name], keep: [versions[1]!.name] });
    assert.equal(
      reasonOf(both, 2),
      `kept: matches keep pattern ${versions[1]!.name} (keep wins over deleteTags pattern ${versions[1]!.name})`,
      "keep wins over a digest too",
    );
  });

  it("keep on a platform image's digest keeps that platform image, not its index; deleteTags on one inside a kept index keeps it, saying why", () => {
    const scenario = combine(multiArch(30, "v3", 1, ["v3"]), multiArch(20, "v2", 10, ["v2"]));
    const kept = planImages(scenario, { packageType: "container", keepLatest: 1, keep: [digestOf("v2/arm64")] });
    assert.equal(reasonOf(kept, 20), "deleted: beyond the newest 1 images");
    assert.equal(reasonOf(kept, 22), `kept: matches keep pattern ${digestOf("v2/arm64")}`);
    assert.deepEqual(idsWith(kept, "delete"), [20, 21, 23, 24]);

    const doomed = planImages(scenario, {
      packageType: "container",
      keepLatest: 1,
      deleteTags: [digestOf("v3/amd64"), digestOf("v2/att")],
    });
    assert.equal(
      reasonOf(doomed, 31),
      `kept: its digest matches deleteTags pattern ${digestOf("v3/amd64")}, but it is platform linux/amd64 of kept image v3 (${shortOf("v3")}), which needs it`,
    );
    assert.equal(reasonOf(doomed, 23), `deleted: its digest matches deleteTags pattern ${digestOf("v2/att")}`);
    assert.deepEqual(idsWith(doomed, "delete"), [20, 21, 22, 23, 24]);
  });
});
