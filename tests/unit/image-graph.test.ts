import assert from "node:assert/strict";
import { buildImageGraph, type ContainerImage, type ImageGraph } from "pulumi-github-package-versions/testing";
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
  shortCosignTag,
  shortOf,
  version,
} from "../support/image-fixtures";

function imageOf(graph: ImageGraph, label: string): ContainerImage {
  const found = graph.images.find((i) => i.digest === digestOf(label));
  assert.ok(found !== undefined, `no image ${label}; images: ${graph.images.map((i) => i.label).join(", ")}`);
  return found;
}

/** A member as `description` by version id, for compact assertions. */
const described = (members: readonly { versionId: number; description: string }[]): Record<number, string> =>
  Object.fromEntries(members.map((m) => [m.versionId, m.description]));

describe("buildImageGraph: images and their members", () => {
  it("a multi-arch index: its platform images and its buildx attestation are children, its cosign signature a referrer", () => {
    const { versions, manifests } = multiArch(10, "v1", 5, ["v1", "latest"]);
    const graph = buildImageGraph(versions, manifests);
    assert.equal(graph.images.length, 1);
    const image = imageOf(graph, "v1");
    assert.equal(image.versionId, 10);
    assert.equal(image.label, `v1 (${shortOf("v1")})`);
    assert.deepEqual(image.tags, ["v1", "latest"]);
    assert.equal(image.tagged, true);
    assert.equal(image.isIndex, true);
    assert.deepEqual(
      image.children.map((c) => [c.versionId, c.relation, c.platform, c.link, c.description]),
      [
        [11, "platform", "linux/amd64", "index", "platform linux/amd64"],
        [12, "platform", "linux/arm64", "index", "platform linux/arm64"],
        [13, "attestation", "unknown/unknown", "index", "attestation"],
      ],
    );
    assert.deepEqual(
      image.referrers.map((r) => [r.versionId, r.relation, r.link, r.tag, r.description]),
      [[14, "signature", "tag", cosignTag("v1"), `signature (${shortCosignTag("v1")})`]],
    );
    assert.deepEqual(image.nested, []);
    assert.deepEqual(image.versionIds, [10, 11, 12, 13, 14]);
    assert.deepEqual(image.missing, []);
    assert.deepEqual([graph.orphans, graph.shared, graph.broken, graph.unreadable], [[], [], [], []]);
  });

  it("an attestation is recognised by the buildx annotation alone, and a Docker manifest list is an index", () => {
    const versions = [version(1, "list", 1, ["v1"]), version(2, "list/amd64", 1), version(3, "list/att", 1)];
    const manifests = manifestMap(
      {
        digest: digestOf("list"),
        mediaType: "application/vnd.docker.distribution.manifest.list.v2+json",
        manifests: [
          { digest: digestOf("list/amd64"), platform: "linux/amd64" },
          { digest: digestOf("list/att"), annotations: { "vnd.docker.reference.type": "attestation-manifest" } },
        ],
      },
      manifestOf("list/amd64"),
      manifestOf("list/att"),
    );
    const image = imageOf(buildImageGraph(versions, manifests), "list");
    assert.equal(image.isIndex, true);
    assert.deepEqual(described(image.children), { 2: "platform linux/amd64", 3: "attestation" });
  });

  it("referrers by subject: of the image or of a child; their relation comes from the artifact type", () => {
    const base = multiArch(10, "v1", 5, ["v1"]);
    const { versions, manifests } = combine(base, {
      versions: [version(20, "v1/notation", 4), version(21, "v1/amd64/sbom", 4)],
      manifests: manifestMap(
        manifestOf("v1/notation", { subject: "v1", artifactType: "application/vnd.cncf.notary.signature" }),
        manifestOf("v1/amd64/sbom", { subject: "v1/amd64", artifactType: "application/spdx+json" }),
      ),
    });
    const image = imageOf(buildImageGraph(versions, manifests), "v1");
    assert.deepEqual(described(image.referrers), {
      14: `signature (${shortCosignTag("v1")})`,
      20: "signature",
      21: `SBOM of ${shortOf("v1/amd64")}`,
    });
    assert.equal(image.referrers.find((r) => r.versionId === 21)!.parentDigest, digestOf("v1/amd64"));
  });

  it("a subject referrer without an artifact type takes the word of its cosign tag naming the same image (.att)", () => {
    const base = multiArch(10, "v1", 5, ["v1"]);
    const { versions, manifests } = combine(base, {
      versions: [version(20, "v1/att", 4, [cosignTag("v1", "att")]), version(21, "v1/plain", 4)],
      manifests: manifestMap(manifestOf("v1/att", { subject: "v1" }), manifestOf("v1/plain", { subject: "v1" })),
    });
    const image = imageOf(buildImageGraph(versions, manifests), "v1");
    const members = described(image.referrers);
    assert.equal(members[20], `attestation (${shortCosignTag("v1", "att")})`);
    assert.equal(members[21], "referrer", "no tag, no artifact type: a referrer");
  });

  it("nested members: a signature of an attestation, an index inside an index and its children", () => {
    const versions = [
      version(1, "outer", 1, ["v2"]),
      version(2, "inner", 1),
      version(3, "inner/amd64", 1),
      version(4, "outer/att", 1),
      version(5, "att-sig", 1, [cosignTag("outer/att")]),
      version(6, "sig-of-sig", 1, [cosignTag("att-sig")]),
    ];
    const manifests = manifestMap(
      {
        ...indexOf("outer", [["outer/att", "unknown/unknown"]]),
        manifests: [
          { digest: digestOf("inner"), mediaType: "application/vnd.oci.image.index.v1+json" },
          ...indexOf("outer", [["outer/att", "unknown/unknown"]]).manifests,
        ],
      },
      indexOf("inner", [["inner/amd64", "linux/amd64"]]),
      manifestOf("inner/amd64"),
      manifestOf("outer/att"),
      manifestOf("att-sig"),
      manifestOf("sig-of-sig"),
    );
    const graph = buildImageGraph(versions, manifests);
    assert.equal(graph.images.length, 1);
    const image = imageOf(graph, "outer");
    assert.deepEqual(described(image.children), { 2: "nested index", 4: "attestation" });
    assert.deepEqual(described(image.referrers), { 5: `signature (${shortCosignTag("outer/att")}) of ${shortOf("outer/att")}` });
    assert.deepEqual(described(image.nested), {
      3: `platform linux/amd64 of ${shortOf("inner")}`,
      6: `signature (${shortCosignTag("att-sig")}) of ${shortOf("att-sig")}`,
    });
    assert.deepEqual([...image.versionIds].sort(), [1, 2, 3, 4, 5, 6]);
  });
});

describe("buildImageGraph: shared members, orphans, broken images", () => {
  it("a platform image listed by two indexes is a member of both and is reported shared", () => {
    const versions = [version(1, "a", 1, ["a"]), version(2, "b", 2, ["b"]), version(3, "common/amd64", 3), version(4, "b/arm64", 3)];
    const manifests = manifestMap(
      indexOf("a", [["common/amd64", "linux/amd64"]]),
      indexOf("b", [
        ["common/amd64", "linux/amd64"],
        ["b/arm64", "linux/arm64"],
      ]),
      manifestOf("common/amd64"),
      manifestOf("b/arm64"),
    );
    const graph = buildImageGraph(versions, manifests);
    assert.deepEqual(
      graph.images.map((i) => i.versionId),
      [1, 2],
    );
    assert.deepEqual(imageOf(graph, "a").versionIds, [1, 3]);
    assert.deepEqual(imageOf(graph, "b").versionIds, [2, 3, 4]);
    assert.deepEqual(graph.shared, [{ versionId: 3, digest: digestOf("common/amd64"), imageDigests: [digestOf("a"), digestOf("b")] }]);
  });

  it("orphans: an untagged platform image whose index is gone, a .sig whose image is gone, a subject referrer whose subject is gone", () => {
    const versions = [
      version(1, "v2", 1, ["v2"]),
      version(2, "left/arm64", 30),
      version(3, "gone-sig", 20, [cosignTag("gone")]),
      version(4, "gone-referrer", 20),
      version(5, "untagged-index", 10),
      deletedVersion(6, "gone", 40, 3, ["v0"]),
    ];
    const manifests = manifestMap(
      manifestOf("v2"),
      manifestOf("left/arm64"),
      manifestOf("gone-sig"),
      manifestOf("gone-referrer", { subject: "deleted-long-ago", artifactType: COSIGN_SIGNATURE }),
      indexOf("untagged-index", []),
    );
    const graph = buildImageGraph(versions, manifests);
    assert.deepEqual(
      graph.images.map((i) => [i.versionId, i.tagged, i.isIndex]),
      [
        [1, true, false],
        [5, false, true],
      ],
      "an untagged index is an image; a single tagged manifest too",
    );
    assert.deepEqual(
      graph.orphans.map((o) => [o.versionId, o.kind, o.relation, o.target]),
      [
        [4, "referrer", "signature", digestOf("deleted-long-ago")],
        [3, "referrer", "signature", digestOf("gone")],
        [2, "untagged", undefined, undefined],
      ],
    );
  });

  it("an orphaned referrer still spans its own referrers (a signature of an orphaned attestation)", () => {
    const versions = [version(1, "att", 5, [cosignTag("gone", "att")]), version(2, "att-sig", 5, [cosignTag("att")])];
    const graph = buildImageGraph(versions, manifestMap(manifestOf("att"), manifestOf("att-sig")));
    assert.deepEqual(graph.images, []);
    assert.equal(graph.orphans.length, 1);
    assert.deepEqual(graph.orphans[0]!.versionIds, [1, 2]);
    assert.equal(graph.orphans[0]!.relation, "attestation");
  });

  it("broken images: index entries naming no active version, with the restorable deleted version of that name", () => {
    const versions = [version(1, "v3", 1, ["v3"]), version(2, "v3/amd64", 1), deletedVersion(3, "v3/arm64", 1, 2)];
    const manifests = manifestMap(
      indexOf("v3", [
        ["v3/amd64", "linux/amd64"],
        ["v3/arm64", "linux/arm64"],
        ["never-pushed", "linux/s390x"],
      ]),
      manifestOf("v3/amd64"),
    );
    const graph = buildImageGraph(versions, manifests);
    assert.deepEqual(graph.broken, [
      {
        versionId: 1,
        digest: digestOf("v3"),
        tags: ["v3"],
        label: `v3 (${shortOf("v3")})`,
        missing: [
          { digest: digestOf("v3/arm64"), parentDigest: digestOf("v3"), deletedVersionId: 3 },
          { digest: digestOf("never-pushed"), parentDigest: digestOf("v3") },
        ],
      },
    ]);
  });
});

describe("buildImageGraph: unreadable manifests and cycles", () => {
  it("an active version missing from the manifests is reported unreadable; it stays in its image", () => {
    const { versions, manifests } = multiArch(10, "v1", 5, ["v1"]);
    manifests.delete(digestOf("v1/arm64"));
    const graph = buildImageGraph(versions, manifests);
    assert.deepEqual(graph.unreadable, [{ versionId: 12, digest: digestOf("v1/arm64") }]);
    assert.deepEqual(imageOf(graph, "v1").versionIds, [10, 11, 12, 13, 14]);
  });

  it("an unreadable index: its entries are unknown, so its untagged platform images are orphans for the graph (the planner keeps them)", () => {
    const { versions, manifests } = multiArch(10, "v1", 5, ["v1"]);
    manifests.delete(digestOf("v1"));
    const graph = buildImageGraph(versions, manifests);
    assert.deepEqual(graph.unreadable, [{ versionId: 10, digest: digestOf("v1") }]);
    assert.deepEqual(imageOf(graph, "v1").versionIds, [10, 14], "the signature still hangs from it by its tag");
    assert.equal(imageOf(graph, "v1").mediaType, undefined);
    assert.deepEqual(
      graph.orphans.map((o) => o.versionId),
      [13, 12, 11],
      "newest first; equal dates by id, highest first",
    );
  });

  it("a cycle (A's subject is B, B's index lists A) ends: the newest of the cycle becomes the image, each version once", () => {
    const versions = [version(1, "a", 2), version(2, "b", 1)];
    const manifests = manifestMap(manifestOf("a", { subject: "b" }), indexOf("b", [["a", "linux/amd64"]]));
    const graph = buildImageGraph(versions, manifests);
    assert.deepEqual(
      graph.images.map((i) => [i.versionId, [...i.versionIds]]),
      [[2, [2, 1]]],
    );
    assert.deepEqual(graph.orphans, []);
  });

  it("a version referring to itself (subject or tag) or listing itself is an ordinary image", () => {
    const versions = [version(1, "self", 1, [cosignTag("self")])];
    const manifests = manifestMap({ ...indexOf("self", [["self", "linux/amd64"]]), subject: digestOf("self") });
    const graph = buildImageGraph(versions, manifests);
    assert.deepEqual(
      graph.images.map((i) => [...i.versionIds]),
      [[1]],
    );
  });

  it("does not depend on the order of the versions and does not change its inputs", () => {
    const { versions, manifests } = combine(multiArch(10, "v1", 5, ["v1"]), multiArch(20, "v2", 1, ["v2"]));
    const copy = structuredClone(versions);
    const graph = buildImageGraph(versions, manifests);
    assert.deepEqual(versions, copy);
    assert.deepEqual(buildImageGraph([...versions].reverse(), manifests), graph);
    assert.deepEqual(
      graph.images.map((i) => i.versionId),
      [20, 10],
    );
  });
});
