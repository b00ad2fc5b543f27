import { strict as assert } from "node:assert";
import { ADMIN_TOKEN, expectFailure, useEmulator } from "../support/emulator-fixture";
import { assertOciValid } from "../support/oci-schemas";
import { ACCEPT_ALL, expectOciError, pull, registryToken } from "../support/registry-client";
import {
  APP_DIGESTS,
  cosignTagForDigest,
  DOCKER_LIST,
  DOCKER_MANIFEST,
  digestOf,
  OCI_INDEX,
  OCI_MANIFEST,
  registrySeed,
} from "../support/registry-seed";

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
  annotations?: Record<string, string>;
}
interface Manifest {
  schemaVersion: number;
  mediaType: string;
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
  subject?: Descriptor;
  artifactType?: string;
  annotations?: Record<string, string>;
}

describe("emulator registry: manifests and tags", () => {
  const fx = useEmulator(registrySeed);
  let token = "";
  beforeEach(async () => {
    token = await registryToken(fx.emu, "acme/app", ADMIN_TOKEN);
  });

  /** GETs a manifest, checks the headers against the body and the body against its media type's schema. */
  async function manifest(
    reference: string,
    expected: { digest: string; mediaType: string },
    repository = "acme/app",
    bearer = token,
  ): Promise<{ body: Manifest; text: string }> {
    const res = await pull(fx.emu, repository, reference, { token: bearer, accept: ACCEPT_ALL });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.equal(res.headers.get("content-type"), expected.mediaType);
    assert.equal(res.headers.get("docker-content-digest"), expected.digest);
    assert.equal(res.headers.get("content-length"), String(Buffer.byteLength(text)));
    const body = JSON.parse(text) as Manifest;
    assertOciValid(body, expected.mediaType);
    assert.equal(body.mediaType, expected.mediaType);
    return { body, text };
  }
  const downloads = (id: number): number | undefined =>
    fx.emu
      .state()
      .packages.flatMap((p) => p.versions)
      .find((v) => v.id === id)?.downloads;

  it("serves an OCI index by tag: platforms, buildx attestations, each entry's media type and size those of the manifest it lists", async () => {
    const { body } = await manifest("v3", { digest: APP_DIGESTS.v3, mediaType: OCI_INDEX });
    assert.deepEqual(
      body.manifests?.map((m) => [m.digest, m.mediaType, m.platform]),
      [
        [APP_DIGESTS.v3amd64, OCI_MANIFEST, { os: "linux", architecture: "amd64" }],
        [APP_DIGESTS.v3arm64, OCI_MANIFEST, { os: "linux", architecture: "arm64", variant: "v8" }],
        [APP_DIGESTS.v3amd64Attestation, OCI_MANIFEST, { os: "unknown", architecture: "unknown" }],
        [APP_DIGESTS.v3arm64Attestation, OCI_MANIFEST, { os: "unknown", architecture: "unknown" }],
      ],
    );
    assert.deepEqual(
      body.manifests?.map((m) => m.annotations),
      [
        undefined,
        undefined,
        { "vnd.docker.reference.digest": APP_DIGESTS.v3amd64, "vnd.docker.reference.type": "attestation-manifest" },
        { "vnd.docker.reference.digest": APP_DIGESTS.v3arm64, "vnd.docker.reference.type": "attestation-manifest" },
      ],
    );
    for (const entry of body.manifests ?? []) {
      const child = await manifest(entry.digest, { digest: entry.digest, mediaType: OCI_MANIFEST });
      assert.equal(entry.size, Buffer.byteLength(child.text), `size of ${entry.digest}`);
    }
  });

  it("takes an entry's seeded mediaType and annotations over the defaults; a tag on two active versions names the newer", async () => {
    const [image, attestation, newer, older] = [digestOf("x image"), digestOf("x attestation"), digestOf("x newer"), digestOf("x older")];
    fx.emu.seed({
      packages: [
        {
          owner: "acme",
          ownerType: "org",
          packageType: "container",
          name: "x",
          visibility: "public",
          versions: [
            {
              name: newer,
              tags: ["same"],
              createdAt: "2026-11-02T00:00:00Z",
              manifest: {
                mediaType: OCI_INDEX,
                manifests: [
                  {
                    digest: image,
                    platform: "linux/amd64",
                    mediaType: DOCKER_MANIFEST,
                    annotations: { "org.opencontainers.image.ref.name": "amd64" },
                  },
                  { digest: attestation, platform: "unknown/unknown", annotations: { "vnd.docker.reference.digest": older } },
                ],
              },
            },
            { name: older, tags: ["same"], createdAt: "2026-11-01T00:00:00Z" },
          ],
        },
      ],
    });
    const x = await registryToken(fx.emu, "acme/x", ADMIN_TOKEN);
    const { body } = await manifest("same", { digest: newer, mediaType: OCI_INDEX }, "acme/x", x);
    assert.deepEqual(
      body.manifests?.map((m) => [m.mediaType, m.annotations]),
      [
        [DOCKER_MANIFEST, { "org.opencontainers.image.ref.name": "amd64" }],
        [OCI_MANIFEST, { "vnd.docker.reference.digest": older, "vnd.docker.reference.type": "attestation-manifest" }],
      ],
    );
  });

  it("serves platform images and attestations as OCI image manifests by digest", async () => {
    const { body: image } = await manifest(APP_DIGESTS.v3amd64, { digest: APP_DIGESTS.v3amd64, mediaType: OCI_MANIFEST });
    assert.equal(image.config?.mediaType, "application/vnd.oci.image.config.v1+json");
    assert.equal(image.layers?.[0]?.mediaType, "application/vnd.oci.image.layer.v1.tar+gzip");
    assert.equal(image.subject, undefined);
    const { body: attestation } = await manifest(APP_DIGESTS.v3arm64Attestation, {
      digest: APP_DIGESTS.v3arm64Attestation,
      mediaType: OCI_MANIFEST,
    });
    assert.equal(attestation.layers?.[0]?.mediaType, "application/vnd.in-toto+json");
  });

  it("serves referrers with their subject: a cosign signature (by its sha256-<hex>.sig tag) and an SBOM artifact", async () => {
    const index = await manifest("v3", { digest: APP_DIGESTS.v3, mediaType: OCI_INDEX });
    const subject = { mediaType: OCI_INDEX, digest: APP_DIGESTS.v3, size: Buffer.byteLength(index.text) };
    const { body: signature } = await manifest(cosignTagForDigest(APP_DIGESTS.v3), {
      digest: APP_DIGESTS.v3Signature,
      mediaType: OCI_MANIFEST,
    });
    assert.deepEqual(signature.subject, subject);
    assert.equal(signature.layers?.[0]?.mediaType, "application/vnd.dev.cosign.simplesigning.v1+json");
    const { body: sbom } = await manifest(APP_DIGESTS.v3Sbom, { digest: APP_DIGESTS.v3Sbom, mediaType: OCI_MANIFEST });
    assert.deepEqual(sbom.subject, subject);
    assert.equal(sbom.artifactType, "application/spdx+json");
    assert.deepEqual(sbom.config, {
      mediaType: "application/vnd.oci.empty.v1+json",
      digest: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
      size: 2,
    });
    assert.deepEqual(sbom.annotations, { "org.opencontainers.image.created": "2026-11-20T00:02:00Z" });
  });

  it("serves a Docker manifest list and a Docker v2 manifest in Docker's shapes", async () => {
    const { body: list } = await manifest("v2", { digest: APP_DIGESTS.v2, mediaType: DOCKER_LIST });
    const child = await manifest(APP_DIGESTS.v2amd64, { digest: APP_DIGESTS.v2amd64, mediaType: DOCKER_MANIFEST });
    assert.deepEqual(list.manifests, [
      {
        mediaType: DOCKER_MANIFEST,
        digest: APP_DIGESTS.v2amd64,
        size: Buffer.byteLength(child.text),
        platform: { os: "linux", architecture: "amd64" },
      },
    ]);
    assert.equal(child.body.config?.mediaType, "application/vnd.docker.container.image.v1+json");
    assert.deepEqual(Object.keys(child.body.layers?.[0] ?? {}), ["mediaType", "size", "digest"]);
  });

  it("serves a docker package's versions as Docker v2 manifests, and versions seeded without manifest as OCI image manifests", async () => {
    const tool = await registryToken(fx.emu, "octocat/tool", ADMIN_TOKEN);
    await manifest("1.0", { digest: digestOf("tool 1.0"), mediaType: DOCKER_MANIFEST }, "octocat/tool", tool);
    const api = await registryToken(fx.emu, "acme/api", ADMIN_TOKEN);
    const res = await pull(fx.emu, "acme/api", "v2", { token: api });
    assert.equal(res.headers.get("docker-content-digest"), "sha256:aa11", "the seeded name, whatever it is");
    assertOciValid(await res.json(), OCI_MANIFEST);
  });

  it("serves an index whose entry names no version (a broken image); that entry is MANIFEST_UNKNOWN", async () => {
    const { body } = await manifest("broken", { digest: APP_DIGESTS.broken, mediaType: OCI_INDEX });
    assert.equal(body.manifests?.[0]?.digest, APP_DIGESTS.missing);
    assert.equal(body.manifests?.[0]?.mediaType, OCI_MANIFEST);
    await expectOciError(await pull(fx.emu, "acme/app", APP_DIGESTS.missing, { token }), 404, "MANIFEST_UNKNOWN", "manifest unknown");
  });

  it("answers MANIFEST_UNKNOWN for an unknown digest or tag and for a deleted version, by digest or tag", async () => {
    const unknown = { errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] };
    for (const reference of [digestOf("nothing"), "v9", APP_DIGESTS.old, "v1", "sha256:", "not a tag"]) {
      assert.deepEqual(
        await expectOciError(await pull(fx.emu, "acme/app", encodeURIComponent(reference), { token }), 404, "MANIFEST_UNKNOWN"),
        unknown,
        reference,
      );
    }
  });

  it("honours Accept: a manifest whose media type the header does not list (nor */*) is MANIFEST_UNKNOWN", async () => {
    const refused = await pull(fx.emu, "acme/app", "v3", { token, accept: `${OCI_MANIFEST}, ${DOCKER_MANIFEST}` });
    await expectOciError(refused, 404, "MANIFEST_UNKNOWN", "OCI index found, but accept header does not support OCI indexes");
    await expectOciError(
      await pull(fx.emu, "acme/app", APP_DIGESTS.v3amd64, { token, accept: OCI_INDEX }),
      404,
      "MANIFEST_UNKNOWN",
      "OCI manifest found, but accept header does not support OCI manifests",
    );
    await expectOciError(
      await pull(fx.emu, "acme/app", "v2", { token, accept: OCI_INDEX }),
      404,
      "MANIFEST_UNKNOWN",
      "Docker manifest list found, but accept header does not support Docker manifest lists",
    );
    await expectOciError(await pull(fx.emu, "acme/app", APP_DIGESTS.v2amd64, { token, accept: OCI_MANIFEST }), 404, "MANIFEST_UNKNOWN");
    for (const accept of [OCI_INDEX, "*/*", `${DOCKER_LIST}, ${OCI_INDEX};q=0.9`, "application/*"]) {
      assert.equal((await pull(fx.emu, "acme/app", "v3", { token, accept })).status, 200, accept);
    }
    assert.equal((await pull(fx.emu, "acme/app", "v3", { token })).status, 200, "no Accept header");
  });

  it("answers HEAD with the GET's headers and no body", async () => {
    const get = await pull(fx.emu, "acme/app", "v3", { token });
    const text = await get.text();
    const head = await pull(fx.emu, "acme/app", "v3", { token, method: "HEAD" });
    assert.equal(head.status, 200);
    for (const name of ["content-type", "content-length", "docker-content-digest"])
      assert.equal(head.headers.get(name), get.headers.get(name), name);
    assert.equal(head.headers.get("content-length"), String(Buffer.byteLength(text)));
    assert.equal(await head.text(), "");
    const missing = await pull(fx.emu, "acme/app", "v9", { token, method: "HEAD" });
    assert.equal(missing.status, 404);
    assert.equal(await missing.text(), "");
  });

  it("counts each manifest GET as a download of that version; HEAD and refused GETs do not count", async () => {
    assert.equal(downloads(9100), 0);
    await pull(fx.emu, "acme/app", "v3", { token });
    await pull(fx.emu, "acme/app", "latest", { token });
    await pull(fx.emu, "acme/app", APP_DIGESTS.v3, { token });
    await pull(fx.emu, "acme/app", "v3", { token, method: "HEAD" });
    await pull(fx.emu, "acme/app", "v3", { token, accept: OCI_MANIFEST });
    await pull(fx.emu, "acme/app", "v3");
    assert.equal(downloads(9100), 3);
    assert.equal(downloads(9101), 0, "pulling an index does not download its children");
  });

  it("feeds the 5,000-download rule: a public version pulled past 5,000 can no longer be deleted through the API", async () => {
    const octokit = fx.client();
    const at = { org: "acme", package_type: "container", package_name: "app", package_version_id: 9141 } as const;
    assert.equal(downloads(9141), 5000);
    await pull(fx.emu, "acme/app", APP_DIGESTS.untagged, { token, method: "HEAD" });
    assert.equal(downloads(9141), 5000);
    assert.equal((await pull(fx.emu, "acme/app", APP_DIGESTS.untagged, { token })).status, 200);
    assert.equal(downloads(9141), 5001);
    await expectFailure(
      octokit.rest.packages.deletePackageVersionForOrg(at),
      400,
      "Publicly visible package versions with more than 5000 downloads cannot be deleted. Contact GitHub support for further assistance.",
    );
    // The same version, not pulled: deletable at exactly 5,000.
    fx.emu.seed(registrySeed());
    assert.equal((await octokit.rest.packages.deletePackageVersionForOrg(at)).status, 204);
  });

  it("serves nested package names: /v2/acme/team/app/...", async () => {
    const team = await registryToken(fx.emu, "acme/team/app", ADMIN_TOKEN);
    await manifest("latest", { digest: digestOf("team app"), mediaType: OCI_MANIFEST }, "acme/team/app", team);
    const tags = await fetch(`${fx.emu.url}/v2/acme/team/app/tags/list`, { headers: { authorization: `Bearer ${team}` } });
    assert.deepEqual(await tags.json(), { name: "acme/team/app", tags: ["latest"] });
    await expectOciError(await pull(fx.emu, "acme/team/app", "latest", { token }), 401, "UNAUTHORIZED");
  });

  it("lists the tags of active versions in lexical order, paged by n and last with a Link header", async () => {
    const list = (query = ""): Promise<Response> =>
      fetch(`${fx.emu.url}/v2/acme/app/tags/list${query}`, { headers: { authorization: `Bearer ${token}` } });
    const all = await list();
    assert.equal(all.status, 200);
    assert.equal(all.headers.get("content-type"), "application/json");
    assert.equal(all.headers.get("link"), null);
    const tags = ["broken", "latest", cosignTagForDigest(APP_DIGESTS.v3), "v2", "v3"].sort();
    assert.deepEqual(await all.json(), { name: "acme/app", tags });
    const first = await list("?n=2");
    assert.deepEqual(((await first.json()) as { tags: string[] }).tags, tags.slice(0, 2));
    assert.equal(first.headers.get("link"), `</v2/acme/app/tags/list?n=2&last=${tags[1]}>; rel="next"`);
    const rest = await list(`?n=10&last=${tags[1]}`);
    assert.deepEqual(((await rest.json()) as { tags: string[] }).tags, tags.slice(2));
    assert.equal(rest.headers.get("link"), null);
  });

  it("asks a pull token for a push scope (401), refuses deletes (405 UNSUPPORTED, ghcr.io's words), answers blobs BLOB_UNKNOWN and unknown paths 404", async () => {
    const auth = { authorization: `Bearer ${token}` };
    const put = await fetch(`${fx.emu.url}/v2/acme/app/manifests/v3`, { method: "PUT", headers: auth, body: "{}" });
    assert.match(put.headers.get("www-authenticate") ?? "", /scope="repository:acme\/app:pull,push"$/);
    await expectOciError(put, 401, "UNAUTHORIZED");
    await expectOciError(
      await fetch(`${fx.emu.url}/v2/acme/app/manifests/${APP_DIGESTS.v3}`, { method: "DELETE", headers: auth }),
      405,
      "UNSUPPORTED",
      "The operation is unsupported.",
    );
    assert.equal(
      fx.emu
        .state()
        .packages.find((p) => p.name === "app")
        ?.versions.find((v) => v.id === 9100)?.deletedAt,
      undefined,
    );
    await expectOciError(await fetch(`${fx.emu.url}/v2/acme/app/blobs/${digestOf("layer")}`, { headers: auth }), 404, "BLOB_UNKNOWN");
    await expectOciError(await fetch(`${fx.emu.url}/v2/acme/app/referrers/${APP_DIGESTS.v3}`, { headers: auth }), 404, "UNSUPPORTED");
    await expectOciError(await fetch(`${fx.emu.url}/v2/_catalog`, { headers: auth }), 404, "UNSUPPORTED");
  });
});
