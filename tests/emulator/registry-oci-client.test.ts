/** A real OCI registry client from npm (@snyk/docker-registry-v2-client) against the emulator: the challenge, the token exchange and the manifests as it reads them. */
import { getAttestationManifest, getManifest, getTags } from "@snyk/docker-registry-v2-client";
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { ADMIN_TOKEN, OUTSIDER_TOKEN, useEmulator } from "../support/emulator-fixture";
import { ACCEPT_ALL, pull, registryToken } from "../support/registry-client";
import { APP_DIGESTS, cosignTagForDigest, digestOf, registrySeed } from "../support/registry-seed";

describe("emulator registry: a real OCI client (@snyk/docker-registry-v2-client)", () => {
  const fx = useEmulator(registrySeed);
  const host = (): string => new URL(fx.emu.url).host;
  const options = { protocol: "http:", acceptManifest: ACCEPT_ALL };

  it("follows the challenge, exchanges the GitHub token and picks a platform image out of the OCI index", async () => {
    const arm = await getManifest(host(), "acme/app", "v3", "x-access-token", ADMIN_TOKEN, options, {
      os: "linux",
      architecture: "arm64",
      variant: "v8",
    });
    assert.equal(arm.indexDigest !== undefined, true);
    assert.equal(arm.manifestDigest, APP_DIGESTS.v3arm64);
    assert.equal(arm.mediaType, "application/vnd.oci.image.manifest.v1+json");
    assert.equal(arm.layers.length, 1);
    const amd = await getManifest(host(), "acme/app", "v3", "x-access-token", ADMIN_TOKEN, options);
    assert.equal(amd.manifestDigest, APP_DIGESTS.v3amd64, "linux/amd64 by default");
    assert.deepEqual(
      fx.emu
        .requests()
        .map((r) => `${r.method} ${r.path} ${r.status}`)
        .slice(0, 4),
      [
        "GET /v2/acme/app/manifests/v3 401",
        "GET /token 200",
        "GET /v2/acme/app/manifests/v3 200",
        `GET /v2/acme/app/manifests/${APP_DIGESTS.v3arm64} 401`,
      ],
    );
  });

  it("finds the buildx attestation manifest through the index's annotations", async () => {
    const attestation = await getAttestationManifest(host(), "acme/app", "v3", "x-access-token", ADMIN_TOKEN, { protocol: "http:" });
    assert.equal(attestation.manifestDigest, APP_DIGESTS.v3amd64Attestation);
    assert.equal(attestation.layers[0]?.mediaType, "application/vnd.in-toto+json");
  });

  it("reads a Docker manifest list with its default Accept, but not an OCI index (MANIFEST_UNKNOWN, as ghcr.io answers)", async () => {
    const docker = await getManifest(host(), "acme/app", "v2", "x-access-token", ADMIN_TOKEN, { protocol: "http:" });
    assert.equal(docker.manifestDigest, APP_DIGESTS.v2amd64);
    assert.equal(docker.mediaType, "application/vnd.docker.distribution.manifest.v2+json");
    await assert.rejects(getManifest(host(), "acme/app", "v3", "x-access-token", ADMIN_TOKEN, { protocol: "http:" }), (e: unknown) => {
      assert.equal((e as { statusCode?: number }).statusCode, 404);
      assert.match(String((e as { message?: string }).message), /MANIFEST_UNKNOWN|OCI index found/);
      return true;
    });
  });

  it("lists tags, reads nested private packages, and gets NAME_UNKNOWN where the token's user cannot read", async () => {
    assert.deepEqual(
      (await getTags(host(), "acme/app", "x-access-token", ADMIN_TOKEN, 100, 10, { protocol: "http:" })).sort(),
      ["broken", "latest", cosignTagForDigest(APP_DIGESTS.v3), "v2", "v3"].sort(),
    );
    const team = await getManifest(host(), "acme/team/app", "latest", "x-access-token", ADMIN_TOKEN, options);
    const served = await pull(fx.emu, "acme/team/app", "latest", { token: await registryToken(fx.emu, "acme/team/app", ADMIN_TOKEN) });
    assert.equal(served.headers.get("docker-content-digest"), digestOf("team app"));
    const body = await served.text();
    assert.deepEqual(
      { ...team, manifestDigest: undefined, indexDigest: undefined, manifestContentType: undefined },
      { ...(JSON.parse(body) as object), manifestDigest: undefined, indexDigest: undefined, manifestContentType: undefined },
    );
    // Given a tag, this client hashes the body instead of reading Docker-Content-Digest: the seeded
    // name is not the body's hash (README, Container registry, the digest limitation).
    assert.equal(team.manifestDigest, `sha256:${createHash("sha256").update(body).digest("hex")}`);
    await assert.rejects(
      getManifest(host(), "acme/team/app", "latest", "x-access-token", OUTSIDER_TOKEN, options),
      (e: unknown) => (e as { statusCode?: number }).statusCode === 404,
    );
  });
});
