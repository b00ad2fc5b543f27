import assert from "node:assert/strict";
import { MaxDeletionsExceededError } from "pulumi-github-package-versions";
import {
  buildImageGraph,
  type ManagedElsewhere,
  type RetentionPlan,
  type RetentionPlanRules,
} from "pulumi-github-package-versions/testing";
import {
  COSIGN_SIGNATURE,
  combine,
  cosignTag,
  deletedVersion,
  digestOf,
  indexOf,
  manifestMap,
  manifestOf,
  multiArch,
  sharedMemberImages,
  shortCosignTag,
  shortOf,
  version,
  type Scenario,
} from "../support/image-fixtures";
import { actions, plan, reasonOf } from "../support/retention-fixtures";

function planImages(scenario: Scenario, rules: RetentionPlanRules, owners: [number, ManagedElsewhere][] = []): RetentionPlan {
  return plan(scenario.versions, rules, { owners, imageGraph: buildImageGraph(scenario.versions, scenario.manifests) });
}

/** The ids a plan gives an action, sorted. */
const idsWith = (result: RetentionPlan, action: string): number[] =>
  result.decisions
    .filter((d) => d.action === action)
    .map((d) => d.versionId)
    .sort((a, b) => a - b);

/** v3 (ids 30..34, 1 day old), v2 (20..24, 10 days), v1 (10..14, 20 days): index, amd64, arm64, attestation, signature. */
const threeReleases = (): Scenario =>
  combine(multiArch(30, "v3", 1, ["v3", "latest"]), multiArch(20, "v2", 10, ["v2"]), multiArch(10, "v1", 20, ["v1"]));

const v1 = `image v1 (${shortOf("v1")})`;
const v3 = `image v3 (${shortOf("v3")})`;

describe("planRetention with an image graph: rules apply to images", () => {
  it("keepLatest counts images: the newest two stay with all their parts, the oldest goes with all of its", () => {
    const result = planImages(threeReleases(), { packageType: "container", keepLatest: 2 });
    assert.deepEqual(idsWith(result, "delete"), [10, 11, 12, 13, 14]);
    assert.deepEqual(idsWith(result, "keep"), [20, 21, 22, 23, 24, 30, 31, 32, 33, 34]);
    assert.equal(reasonOf(result, 30), "kept: among the newest 2 images (#1)");
    assert.equal(reasonOf(result, 20), "kept: among the newest 2 images (#2)");
    assert.equal(reasonOf(result, 10), "deleted: beyond the newest 2 images");
    assert.equal(reasonOf(result, 31), `kept with ${v3}: platform linux/amd64`);
    assert.equal(reasonOf(result, 33), `kept with ${v3}: attestation`);
    assert.equal(reasonOf(result, 34), `kept with ${v3}: signature (${shortCosignTag("v3")})`);
    assert.equal(reasonOf(result, 12), `deleted with ${v1}: platform linux/arm64`);
    assert.equal(reasonOf(result, 13), `deleted with ${v1}: attestation`);
    assert.equal(reasonOf(result, 14), `deleted with ${v1}: signature (${shortCosignTag("v1")})`, "a signature goes with its image");
    assert.deepEqual(result.brokenImages, []);
  });

  it("a .sig version never takes a keepLatest place (digest by digest, it does)", () => {
    const scenario = threeReleases();
    const rules: RetentionPlanRules = { packageType: "container", keepLatest: 2 };
    const byDigest = plan(scenario.versions, rules);
    assert.equal(
      reasonOf(byDigest, 34),
      "kept: among the newest 2 selected versions (#1)",
      "without the graph, v3's signature takes a place",
    );
    assert.equal(reasonOf(byDigest, 20), "deleted: beyond the newest 2 selected versions");
    const byImage = planImages(scenario, rules);
    assert.equal(reasonOf(byImage, 20), "kept: among the newest 2 images (#2)");
  });

  it("keep on an index keeps its children; deleteTags on an index deletes its children with it", () => {
    const kept = planImages(threeReleases(), { packageType: "container", keepLatest: 1, keep: ["v1"] });
    assert.equal(reasonOf(kept, 10), "kept: tag v1 matches keep pattern v1");
    assert.equal(reasonOf(kept, 11), `kept with ${v1}: platform linux/amd64`);
    assert.deepEqual(idsWith(kept, "delete"), [20, 21, 22, 23, 24]);
    assert.equal(reasonOf(kept, 20), "deleted: beyond the newest 1 images", "an image kept by keep takes no place");

    const scenario = combine(multiArch(40, "pr", 0.5, ["pr-5"]), threeReleases());
    const doomed = planImages(scenario, { packageType: "container", keepLatest: 10, deleteTags: ["pr-*"] });
    assert.deepEqual(idsWith(doomed, "delete"), [40, 41, 42, 43, 44]);
    assert.equal(reasonOf(doomed, 40), "deleted: tag pr-5 matches deleteTags pattern pr-*");
    assert.equal(reasonOf(doomed, 43), `deleted with image pr-5 (${shortOf("pr")}): attestation`);
  });

  it("prerelease and deleteOlderThan read the image's own tags and created_at, not its parts'", () => {
    const scenario = combine(multiArch(40, "rc", 0.5, ["v4.0.0-rc.1"]), threeReleases());
    const result = planImages(scenario, { packageType: "container", deleteOlderThan: "5d", prerelease: "exclude" });
    assert.equal(reasonOf(result, 40), 'kept: a prerelease (prerelease is "exclude")');
    assert.equal(reasonOf(result, 41), `kept with image v4.0.0-rc.1 (${shortOf("rc")}): platform linux/amd64`);
    assert.equal(reasonOf(result, 30), "kept: not older than 5d (created 1 day ago)");
    assert.equal(reasonOf(result, 20), "deleted: older than 5d (created 10 days ago)");
    assert.deepEqual(idsWith(result, "delete"), [10, 11, 12, 13, 14, 20, 21, 22, 23, 24]);
  });
});

describe("planRetention with an image graph: untagged images and orphans", () => {
  /** v3 (30..34), an untagged multi-arch image (40..44, 12 days), a platform image whose index is gone (50, 15 days). */
  const withUntagged = (): Scenario =>
    combine(multiArch(30, "v3", 1, ["v3"]), multiArch(40, "untagged", 12, []), {
      versions: [version(50, "lost/arm64", 15)],
      manifests: manifestMap(manifestOf("lost/arm64")),
    });
  const untaggedImage = `image ${shortOf("untagged")}`;

  it('untagged "keep" keeps untagged images and orphans, with their parts', () => {
    const result = planImages(withUntagged(), { packageType: "container", keepLatest: 1 });
    assert.deepEqual(idsWith(result, "delete"), []);
    assert.equal(reasonOf(result, 40), 'kept: untagged image (untagged is "keep")');
    assert.equal(reasonOf(result, 41), `kept with ${untaggedImage}: platform linux/amd64`);
    assert.equal(reasonOf(result, 50), 'kept: orphan, no image references it (untagged is "keep")');
  });

  it('untagged "delete": untagged images and orphans go, the platform images of a kept tag stay', () => {
    const result = planImages(withUntagged(), { packageType: "container", keepLatest: 1, untagged: "delete" });
    assert.deepEqual(idsWith(result, "delete"), [40, 41, 42, 43, 44, 50]);
    assert.equal(reasonOf(result, 40), "deleted: beyond the newest 1 images", "ranked with the tagged images (no keepLatestUntagged)");
    assert.equal(reasonOf(result, 42), `deleted with ${untaggedImage}: platform linux/arm64`);
    assert.equal(reasonOf(result, 50), "deleted: orphan, no image references it, beyond the newest 1 images");
    assert.equal(reasonOf(result, 31), `kept with image v3 (${shortOf("v3")}): platform linux/amd64`);
  });

  it("keepLatestUntagged counts untagged images; keepLatest then counts tagged ones only", () => {
    const result = planImages(withUntagged(), { packageType: "container", keepLatest: 1, keepLatestUntagged: 1, untagged: "delete" });
    assert.equal(reasonOf(result, 30), "kept: among the newest 1 tagged images (#1)");
    assert.equal(reasonOf(result, 40), "kept: among the newest 1 untagged images (#1)");
    assert.equal(reasonOf(result, 50), "deleted: orphan, no image references it, beyond the newest 1 untagged images");
    assert.deepEqual(idsWith(result, "delete"), [50]);
    const aged = planImages(withUntagged(), { packageType: "container", keepLatest: 1, untagged: "delete", deleteOlderThan: "14d" });
    assert.equal(reasonOf(aged, 40), "kept: not older than 14d (created 12 days ago)");
    assert.equal(
      reasonOf(aged, 50),
      "deleted: orphan, no image references it, beyond the newest 1 images and older than 14d (created 15 days ago)",
    );
  });

  it("orphaned referrers: a .sig whose image is gone and a subject referrer whose subject is gone, never ranked", () => {
    const scenario = combine(multiArch(30, "v3", 1, ["v3"]), {
      versions: [
        version(60, "old-sig", 0.5, [cosignTag("old")]),
        version(61, "old-notation", 30),
        deletedVersion(62, "old", 40, 2, ["v0"]),
      ],
      manifests: manifestMap(manifestOf("old-sig"), manifestOf("old-notation", { subject: "old", artifactType: COSIGN_SIGNATURE })),
    });
    const keep = planImages(scenario, { packageType: "container", keepLatest: 1 });
    assert.equal(reasonOf(keep, 60), `kept: orphan signature of ${shortOf("old")} (untagged is "keep")`);
    assert.equal(reasonOf(keep, 30), "kept: among the newest 1 images (#1)", "the newer .sig orphan took no place");
    const del = planImages(scenario, { packageType: "container", keepLatest: 1, untagged: "delete" });
    assert.equal(reasonOf(del, 60), `deleted: orphan signature of ${shortOf("old")}, which is not an active version (untagged: "delete")`);
    assert.equal(reasonOf(del, 61), `deleted: orphan signature of ${shortOf("old")}, which is not an active version (untagged: "delete")`);
    assert.deepEqual(idsWith(del, "delete"), [60, 61]);
    const young = planImages(scenario, { packageType: "container", keepLatest: 1, untagged: "delete", deleteOlderThan: "7d" });
    assert.equal(
      reasonOf(young, 60),
      `kept: orphan signature of ${shortOf("old")}, which is not an active version, not older than 7d (created 12 hours ago)`,
    );
    assert.equal(
      reasonOf(young, 61),
      `deleted: orphan signature of ${shortOf("old")}, which is not an active version, older than 7d (created 30 days ago)`,
    );
  });

  it("keep patterns still win for an orphan", () => {
    const scenario = combine(multiArch(30, "v3", 1, ["v3"]), {
      versions: [version(60, "old-sig", 5, [cosignTag("old")])],
      manifests: manifestMap(manifestOf("old-sig")),
    });
    const result = planImages(scenario, { packageType: "container", keepLatest: 1, untagged: "delete", keep: ["sha256-*"] });
    assert.equal(reasonOf(result, 60), `kept: tag ${cosignTag("old")} matches keep pattern sha256-*`);
  });
});

describe("planRetention with an image graph: shared and nested members", () => {
  it("a child shared by two images stays while one of them is kept", () => {
    const result = planImages(sharedMemberImages(), { packageType: "container", keepLatest: 2 });
    assert.deepEqual(actions(result), { 3: "keep", 1: "keep", 2: "delete", 5: "delete", 4: "keep" });
    assert.equal(reasonOf(result, 4), `kept: shared with image a (${shortOf("a")}), which is kept`);
    assert.equal(reasonOf(result, 5), `deleted with image b (${shortOf("b")}): platform linux/arm64`);
  });

  it("and goes when both go", () => {
    const result = planImages(sharedMemberImages(), { packageType: "container", keepLatest: 1 });
    assert.deepEqual(idsWith(result, "delete"), [1, 2, 4, 5]);
    assert.equal(reasonOf(result, 4), `deleted with image a (${shortOf("a")}) and image b (${shortOf("b")}): platform linux/amd64`);
  });

  it("nested: a signature of an attestation and the children of an index inside the index go with the image", () => {
    const scenario = combine(multiArch(30, "v3", 1, ["v3"]), {
      versions: [
        version(1, "outer", 20, ["v1"]),
        version(2, "inner", 20),
        version(3, "inner/amd64", 20),
        version(4, "outer/att", 20),
        version(5, "att-sig", 20, [cosignTag("outer/att")]),
      ],
      manifests: manifestMap(
        {
          digest: digestOf("outer"),
          mediaType: "application/vnd.oci.image.index.v1+json",
          manifests: [{ digest: digestOf("inner") }, ...indexOf("outer", [["outer/att", "unknown/unknown"]]).manifests],
        },
        indexOf("inner", [["inner/amd64", "linux/amd64"]]),
        manifestOf("inner/amd64"),
        manifestOf("outer/att"),
        manifestOf("att-sig"),
      ),
    });
    const result = planImages(scenario, { packageType: "container", keepLatest: 1 });
    const outer = `image v1 (${shortOf("outer")})`;
    assert.deepEqual(idsWith(result, "delete"), [1, 2, 3, 4, 5]);
    assert.equal(reasonOf(result, 2), `deleted with ${outer}: nested index`);
    assert.equal(reasonOf(result, 3), `deleted with ${outer}: platform linux/amd64 of ${shortOf("inner")}`);
    assert.equal(reasonOf(result, 5), `deleted with ${outer}: signature (${shortCosignTag("outer/att")}) of ${shortOf("outer/att")}`);
  });
});

describe("planRetention with an image graph: managed elsewhere, unreadable manifests", () => {
  it("a member another resource declares present: it stays, and so does its whole image, taking no keepLatest place", () => {
    const result = planImages(threeReleases(), { packageType: "container", keepLatest: 1 }, [
      [12, { resourceName: "pinned-arm64", declaredState: "present" }],
    ]);
    assert.equal(reasonOf(result, 12), "kept: managed by pinned-arm64");
    assert.equal(result.decisions.find((d) => d.versionId === 12)!.managedBy, "pinned-arm64");
    assert.equal(
      reasonOf(result, 10),
      `kept: its member ${shortOf("v1/arm64")} (platform linux/arm64) is managed by pinned-arm64, so the image stays whole`,
    );
    assert.equal(reasonOf(result, 11), `kept with ${v1}: platform linux/amd64`);
    assert.equal(reasonOf(result, 20), "deleted: beyond the newest 1 images");
    assert.deepEqual(idsWith(result, "delete"), [20, 21, 22, 23, 24]);
    assert.ok(!result.keptIds.includes(12), "the id lists hold the policy's own versions only");
  });

  it("an image whose root another resource manages: its parts stay with it, whatever that resource declares", () => {
    for (const declaredState of ["present", "deleted"] as const) {
      const result = planImages(threeReleases(), { packageType: "container", keepLatest: 1 }, [
        [10, { resourceName: "pin-v1", declaredState }],
      ]);
      assert.equal(reasonOf(result, 10), "kept: managed by pin-v1");
      assert.equal(reasonOf(result, 13), `kept with ${v1} (managed by pin-v1): attestation`);
      assert.deepEqual(idsWith(result, "delete"), [20, 21, 22, 23, 24]);
    }
  });

  it("an unreadable manifest keeps its version and its image", () => {
    const scenario = threeReleases();
    scenario.manifests.delete(digestOf("v1/arm64"));
    const result = planImages(scenario, { packageType: "container", keepLatest: 1 });
    assert.equal(reasonOf(result, 12), "kept: its manifest could not be read from the registry");
    assert.equal(
      reasonOf(result, 10),
      `kept: the manifest of its member ${shortOf("v1/arm64")} (platform linux/arm64) could not be read from the registry`,
    );
    assert.equal(reasonOf(result, 14), `kept with ${v1}: signature (${shortCosignTag("v1")})`);
    assert.deepEqual(idsWith(result, "delete"), [20, 21, 22, 23, 24]);

    scenario.manifests.delete(digestOf("v2"));
    const rootUnread = planImages(scenario, { packageType: "container", keepLatest: 1 });
    assert.equal(reasonOf(rootUnread, 20), "kept: its manifest could not be read from the registry");
  });

  it("an unreadable index may list any untagged version: while a manifest is unreadable, no untagged image or orphan is deleted", () => {
    const scenario = combine(threeReleases(), {
      versions: [version(50, "lost/arm64", 15)],
      manifests: manifestMap(manifestOf("lost/arm64")),
    });
    scenario.manifests.delete(digestOf("v2"));
    const result = planImages(scenario, { packageType: "container", keepLatest: 1, untagged: "delete" });
    const because = `kept: the manifest of ${shortOf("v2")} could not be read from the registry, and it may list this version`;
    assert.equal(reasonOf(result, 50), because);
    assert.equal(reasonOf(result, 21), because, "v2's own platform images look orphaned but are kept");
    assert.equal(reasonOf(result, 20), "kept: its manifest could not be read from the registry");
    assert.equal(reasonOf(result, 24), `kept with image v2 (${shortOf("v2")}): signature (${shortCosignTag("v2")})`);
    assert.deepEqual(idsWith(result, "delete"), [10, 11, 12, 13, 14], "tagged images still follow the rules");
  });
});

describe("planRetention with an image graph: deleted versions, broken images", () => {
  /** v3 (30, 31 active) lists v3/arm64, deleted 2 days ago (32), and never-pushed; v1 (10..14) is old. */
  const brokenV3 = (): Scenario =>
    combine(multiArch(10, "v1", 20, ["v1"]), {
      versions: [version(30, "v3", 1, ["v3"]), version(31, "v3/amd64", 1), deletedVersion(32, "v3/arm64", 1, 2)],
      manifests: manifestMap(
        indexOf("v3", [
          ["v3/amd64", "linux/amd64"],
          ["v3/arm64", "linux/arm64"],
          ["never-pushed", "linux/s390x"],
        ]),
        manifestOf("v3/amd64"),
      ),
    });

  it("restoreKept restores a deleted child of a kept image; what cannot be restored is reported broken", () => {
    const result = planImages(brokenV3(), { packageType: "container", keepLatest: 1, restoreKept: true });
    assert.equal(reasonOf(result, 32), `restored: child of kept ${v3}, deleted 2 days ago`);
    assert.deepEqual(result.restoredIds, [32]);
    assert.deepEqual(result.brokenImages, [
      { versionId: 30, name: digestOf("v3"), tags: ["v3"], missingDigests: [digestOf("never-pushed")], restorableIds: [] },
    ]);
  });

  it("without restoreKept the child stays deleted and the image is reported broken, naming the restorable version", () => {
    const result = planImages(brokenV3(), { packageType: "container", keepLatest: 1 });
    assert.equal(
      reasonOf(result, 32),
      `left deleted: child of kept ${v3}, which is broken without it (restoreKept is off), deleted 2 days ago`,
    );
    assert.deepEqual(result.brokenImages, [
      {
        versionId: 30,
        name: digestOf("v3"),
        tags: ["v3"],
        missingDigests: [digestOf("v3/arm64"), digestOf("never-pushed")],
        restorableIds: [32],
      },
    ]);
  });

  it("a deleted child of an image the plan deletes stays deleted, and a deleted image is not reported broken", () => {
    const result = planImages(brokenV3(), {
      packageType: "container",
      keepLatest: 0,
      deleteOlderThan: "1h",
      keep: ["v1"],
      restoreKept: true,
    });
    assert.equal(reasonOf(result, 30), "deleted: older than 1h (created 1 day ago)");
    assert.equal(reasonOf(result, 32), `left deleted: child of ${v3}, which is deleted, deleted 2 days ago`);
    assert.deepEqual(result.brokenImages, []);
  });

  it("a deleted child of an image another resource manages is not restored by the policy", () => {
    const result = planImages(brokenV3(), { packageType: "container", keepLatest: 1, restoreKept: true }, [
      [30, { resourceName: "pin-v3", declaredState: "present" }],
    ]);
    assert.equal(reasonOf(result, 32), `left deleted: child of ${v3}, which pin-v3 manages, deleted 2 days ago`);
    assert.equal(reasonOf(result, 31), `kept with ${v3} (managed by pin-v3): platform linux/amd64`);
    assert.deepEqual(result.restoredIds, []);
  });

  it("a deleted signature follows the image it signs", () => {
    const scenario = combine(threeReleases(), {
      versions: [
        deletedVersion(35, "v3/old-sig", 1, 1, [cosignTag("v3", "att")]),
        deletedVersion(15, "v1/old-sig", 20, 1, [cosignTag("v1", "att")]),
      ],
      manifests: new Map(),
    });
    const result = planImages(scenario, { packageType: "container", keepLatest: 1, restoreKept: true });
    assert.equal(reasonOf(result, 35), `restored: attestation (${shortCosignTag("v3", "att")}) of kept ${v3}, deleted 1 day ago`);
    assert.equal(
      reasonOf(result, 15),
      `left deleted: attestation (${shortCosignTag("v1", "att")}) of ${v1}, which is deleted, deleted 1 day ago`,
    );
  });

  it("other deleted versions are planned as without a graph", () => {
    const scenario = combine(threeReleases(), { versions: [deletedVersion(5, "v0", 30, 3, ["v0"])], manifests: new Map() });
    assert.equal(
      reasonOf(planImages(scenario, { packageType: "container", keepLatest: 1 }), 5),
      "left deleted: restoreKept is off, deleted 3 days ago",
    );
    const restored = planImages(scenario, { packageType: "container", keepLatest: 4, restoreKept: true });
    assert.equal(reasonOf(restored, 5), "restored: kept by the rules (among the newest 4 images (#4)), deleted 3 days ago");
  });
});

describe("planRetention with an image graph: safety and maxDeletions", () => {
  it("the last tagged image stays whole when the rules would delete every image", () => {
    const result = planImages(threeReleases(), { packageType: "container", keepLatest: 0, deleteOlderThan: "1h" });
    assert.equal(
      reasonOf(result, 30),
      "kept: the newest tagged image, because GitHub refuses to delete the last tagged version of a container package",
    );
    assert.equal(reasonOf(result, 31), `kept with ${v3}: platform linux/amd64`);
    assert.equal(reasonOf(result, 34), `kept with ${v3}: signature (${shortCosignTag("v3")})`);
    assert.deepEqual(idsWith(result, "keep"), [30, 31, 32, 33, 34]);
  });

  it("a kept signature is a tagged version that stays, as GitHub counts it: the image it signs is kept by the rules, no safety needed", () => {
    const scenario = combine(multiArch(30, "v3", 1, ["v3"]), {
      versions: [version(40, "u", 0.5)],
      manifests: manifestMap(indexOf("u", [])),
    });
    const result = planImages(scenario, {
      packageType: "container",
      keepLatest: 0,
      deleteOlderThan: "1h",
      untagged: "delete",
      keep: ["sha256-*"],
    });
    assert.equal(
      reasonOf(result, 30),
      `kept: its member ${shortOf("v3/sig")} (signature (${shortCosignTag("v3")})) has tag ${cosignTag("v3")} matching keep pattern sha256-*`,
    );
    assert.equal(reasonOf(result, 40), "deleted: older than 1h (created 12 hours ago)");
  });

  it("the newest image stays whole when nothing else would (only untagged images)", () => {
    const untaggedIndex = (id: number, label: string, ageDays: number): Scenario => ({
      versions: [version(id, label, ageDays), version(id + 1, `${label}/amd64`, ageDays)],
      manifests: manifestMap(indexOf(label, [[`${label}/amd64`, "linux/amd64"]]), manifestOf(`${label}/amd64`)),
    });
    const result = planImages(combine(untaggedIndex(40, "u1", 2), untaggedIndex(50, "u2", 3)), {
      packageType: "container",
      deleteOlderThan: "1d",
      untagged: "delete",
    });
    assert.equal(reasonOf(result, 40), "kept: the newest version, so that the package keeps at least one version");
    assert.equal(reasonOf(result, 41), `kept with image ${shortOf("u1")}: platform linux/amd64`);
    assert.deepEqual(idsWith(result, "delete"), [50, 51]);
  });

  it("untagged images whose only tagged versions are their signatures: the newest signed one stays whole, for its signature's sake", () => {
    const scenario = combine(multiArch(40, "u1", 2, []), multiArch(50, "u2", 3, []));
    const result = planImages(scenario, { packageType: "container", deleteOlderThan: "1d", untagged: "delete" });
    assert.equal(
      reasonOf(result, 40),
      `kept: its member ${shortOf("u1/sig")} (signature (${shortCosignTag("u1")})) is the newest tagged version, because GitHub refuses to delete the last tagged version of a container package`,
    );
    assert.equal(reasonOf(result, 44), `kept with image ${shortOf("u1")}: signature (${shortCosignTag("u1")})`);
    assert.deepEqual(idsWith(result, "delete"), [50, 51, 52, 53, 54]);
  });

  it("maxDeletions counts every deleted version, members included", () => {
    const rules: RetentionPlanRules = { packageType: "container", keepLatest: 2, maxDeletions: 4 };
    assert.throws(
      () => planImages(threeReleases(), rules),
      (e: unknown) => e instanceof MaxDeletionsExceededError && e.deletions === 5 && e.versionIds.length === 5,
    );
    assert.deepEqual(planImages(threeReleases(), { ...rules, maxDeletions: 5 }).deletedIds.length, 5);
  });
});

describe("planRetention: a graph changes nothing where it does not apply", () => {
  it("an npm package given a graph is planned digest by digest, as before", () => {
    const scenario = threeReleases();
    const npm = scenario.versions.map((v, i) => ({ ...v, name: `1.${i}.0`, tags: [] }));
    const rules: RetentionPlanRules = { packageType: "npm", keepLatest: 3 };
    const withGraph = plan(npm, rules, { imageGraph: buildImageGraph(scenario.versions, scenario.manifests) });
    assert.deepEqual(withGraph, plan(npm, rules));
    assert.equal(withGraph.brokenImages, undefined);
  });
});
