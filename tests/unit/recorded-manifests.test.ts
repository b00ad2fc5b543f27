/** The manifests a compact policy keeps in the state between runs (provider/images/recorded-manifests.ts). */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { decodeManifests, encodeManifests, type ManifestSummary, mergeManifests } from "pulumi-github-package-versions/testing";

const digest = (n: number) => `sha256:${createHash("sha256").update(String(n)).digest("hex")}`;
const image = (n: number): ManifestSummary => ({
  digest: digest(n),
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  manifests: [],
});
const index = (n: number, parts: number[]): ManifestSummary => ({
  digest: digest(n),
  mediaType: "application/vnd.oci.image.index.v1+json",
  manifests: parts.map((p) => ({ digest: digest(p), platform: "linux/amd64" })),
});

describe("recorded manifests", () => {
  it("round-trips summaries, and reads nothing from an empty or damaged record", () => {
    const summaries = [
      index(1, [2, 3]),
      image(2),
      { ...image(3), subject: digest(1), artifactType: "application/vnd.dev.cosign.artifact.sig.v1+json" },
    ];
    assert.deepEqual([...decodeManifests(encodeManifests(summaries)).values()], summaries);
    assert.equal(encodeManifests([]), "");
    for (const damaged of [undefined, "", 42, "not base64 gzip", Buffer.from("[1,2]").toString("base64")])
      assert.equal(decodeManifests(damaged).size, 0, String(damaged));
  });

  it("merges what a run learned into the record and forgets the digests of versions it deleted", () => {
    const recorded = encodeManifests([image(1), image(2)]);
    const merged = decodeManifests(mergeManifests(recorded, encodeManifests([image(3)]), new Set([digest(1)])));
    assert.deepEqual([...merged.keys()].sort(), [digest(2), digest(3)].sort());
    assert.equal(mergeManifests(undefined, undefined, new Set()), "", "nothing learned, nothing recorded");
  });

  it("keeps 100,000 single-image manifests in a few MB of state", () => {
    const encoded = encodeManifests(Array.from({ length: 100_000 }, (_, n) => image(n)));
    console.log(`      100,000 image manifests: ${(encoded.length / 1e6).toFixed(2)} MB in the state`);
    assert.ok(encoded.length < 8_000_000, `${encoded.length} bytes`);
    assert.equal(decodeManifests(encoded).size, 100_000);
  });
});
