import { strict as assert } from "node:assert";
import { InvalidManifestError, summarizeManifest } from "pulumi-github-package-versions/testing";

const D = "sha256:" + "a".repeat(64);
const C1 = "sha256:" + "1".repeat(64);
const C2 = "sha256:" + "2".repeat(64);

describe("registry: manifest summaries", () => {
  it("summarises an OCI index: entries with platform (and variant), media types and annotations", () => {
    const body = JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: [
        {
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          digest: C1,
          size: 10,
          platform: { os: "linux", architecture: "arm64", variant: "v8" },
        },
        {
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          digest: C2,
          size: 10,
          platform: { os: "unknown", architecture: "unknown" },
          annotations: { "vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": C1, ignored: 3 },
        },
      ],
    });
    assert.deepEqual(summarizeManifest(D, body, "application/vnd.oci.image.index.v1+json", D), {
      digest: D,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: [
        { digest: C1, mediaType: "application/vnd.oci.image.manifest.v1+json", platform: "linux/arm64/v8" },
        {
          digest: C2,
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          platform: "unknown/unknown",
          annotations: { "vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": C1 },
        },
      ],
      contentDigest: D,
    });
  });

  it("summarises a referrer: subject and artifactType", () => {
    const body = JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      artifactType: "application/vnd.dev.cosign.artifact.sig.v1+json",
      config: { mediaType: "application/vnd.oci.empty.v1+json", digest: C2, size: 2 },
      layers: [],
      subject: { mediaType: "application/vnd.oci.image.index.v1+json", digest: C1, size: 100 },
    });
    assert.deepEqual(summarizeManifest(D, body, null, null), {
      digest: D,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      manifests: [],
      subject: C1,
      artifactType: "application/vnd.dev.cosign.artifact.sig.v1+json",
    });
  });

  it("takes the media type from the body, else the Content-Type (without parameters), else the shape", () => {
    const image = { schemaVersion: 2, config: { digest: C1 }, layers: [] };
    assert.equal(
      summarizeManifest(
        D,
        JSON.stringify({ ...image, mediaType: "application/vnd.docker.distribution.manifest.v2+json" }),
        "application/vnd.oci.image.manifest.v1+json",
        null,
      ).mediaType,
      "application/vnd.docker.distribution.manifest.v2+json",
    );
    assert.equal(
      summarizeManifest(D, JSON.stringify(image), "application/vnd.docker.distribution.manifest.v2+json; charset=utf-8", null).mediaType,
      "application/vnd.docker.distribution.manifest.v2+json",
    );
    assert.equal(
      summarizeManifest(D, JSON.stringify(image), "application/json", null).mediaType,
      "application/vnd.oci.image.manifest.v1+json",
    );
    assert.equal(
      summarizeManifest(D, JSON.stringify({ schemaVersion: 2, manifests: [] }), null, null).mediaType,
      "application/vnd.oci.image.index.v1+json",
    );
  });

  for (const [title, body, problem] of [
    ["not JSON", "<html>", /not JSON/],
    ["not an object", "[1]", /not a JSON object/],
    ["no media type and no shape", "{}", /no media type/],
    ["an index without manifests", JSON.stringify({ mediaType: "application/vnd.oci.image.index.v1+json" }), /without manifests/],
    ["manifests that is not a list", JSON.stringify({ mediaType: "application/vnd.oci.image.index.v1+json", manifests: {} }), /not a list/],
    ["an entry without digest", JSON.stringify({ manifests: [{ mediaType: "x" }] }), /manifests\[0\] has no digest/],
    [
      "a platform without architecture",
      JSON.stringify({ manifests: [{ digest: C1, platform: { os: "linux" } }] }),
      /manifests\[0\]\.platform/,
    ],
    [
      "annotations that are not an object",
      JSON.stringify({ manifests: [{ digest: C1, annotations: ["a"] }] }),
      /manifests\[0\]\.annotations/,
    ],
    ["a subject without digest", JSON.stringify({ config: {}, subject: { size: 1 } }), /subject has no digest/],
  ] as const) {
    it(`refuses ${title}`, () => {
      assert.throws(
        () => summarizeManifest(D, body, null, null),
        (error: unknown) => error instanceof InvalidManifestError && problem.test(error.message),
      );
    });
  }
});
