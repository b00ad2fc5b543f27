import assert from "node:assert/strict";
import { assertOciValid } from "../support/oci-schemas";
import { DOCKER_LIST, DOCKER_MANIFEST, OCI_MANIFEST } from "../support/registry-seed";

const DIGEST = `sha256:${"a".repeat(64)}`;

const ociManifest = () => ({
  schemaVersion: 2,
  mediaType: OCI_MANIFEST,
  config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: DIGEST, size: 2 },
  layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: DIGEST, size: 10 }],
});

/** The oracle the registry tests validate bodies with: it must refuse what the specs refuse. */
describe("test support: OCI schemas", () => {
  it("accepts a valid OCI image manifest", () => {
    assertOciValid(ociManifest(), OCI_MANIFEST);
  });

  it("refuses a stray key, at the top and in a descriptor (objects are closed)", () => {
    assert.throws(() => assertOciValid({ ...ociManifest(), tag: "v1" }, OCI_MANIFEST), /must NOT have additional properties/);
    const layer = { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: DIGEST, size: 10, sha: "x" };
    assert.throws(
      () => assertOciValid({ ...ociManifest(), layers: [layer] }, OCI_MANIFEST),
      /\/layers\/0 must NOT have additional properties/,
    );
  });

  it("refuses a missing required member, another kind's media type and another schema version", () => {
    const { layers: _layers, ...noLayers } = ociManifest();
    assert.throws(() => assertOciValid(noLayers, OCI_MANIFEST), /must have required property 'layers'/);
    assert.throws(
      () => assertOciValid({ ...ociManifest(), mediaType: DOCKER_LIST }, OCI_MANIFEST),
      /\/mediaType must be equal to constant/,
    );
    assert.throws(() => assertOciValid({ ...ociManifest(), schemaVersion: 1 }, OCI_MANIFEST), /\/schemaVersion must be equal to constant/);
  });

  it("requires a platform on every Docker manifest list entry", () => {
    const entry = { mediaType: DOCKER_MANIFEST, digest: DIGEST, size: 5 };
    assert.throws(
      () => assertOciValid({ schemaVersion: 2, mediaType: DOCKER_LIST, manifests: [entry] }, DOCKER_LIST),
      /\/manifests\/0 must have required property 'platform'/,
    );
    assertOciValid(
      { schemaVersion: 2, mediaType: DOCKER_LIST, manifests: [{ ...entry, platform: { architecture: "amd64", os: "linux" } }] },
      DOCKER_LIST,
    );
  });

  it("refuses an error code the distribution spec does not define", () => {
    assertOciValid({ errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] }, "error");
    assert.throws(
      () => assertOciValid({ errors: [{ code: "NOT_A_CODE", message: "x" }] }, "error"),
      /\/errors\/0\/code must be equal to one of the allowed values/,
    );
  });
});
