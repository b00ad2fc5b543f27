/**
 * Pushes through the registry at the protocol level (fetch): who may push, blob uploads
 * (monolithic, chunked, mounted), manifest PUT by tag and by digest, and what a push does to the
 * package's versions in the API. Each rule with its refusal.
 */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import * as http from "node:http";
import type { Emulator } from "../../emulator";
import { ADMIN_TOKEN, OUTSIDER_TOKEN, READ_ONLY_TOKEN, expectFailure, useEmulator } from "../support/emulator-fixture";
import { assertArrayMatchesSchema } from "../support/openapi-schemas";
import { basic, expectOciError } from "../support/registry-client";
import { OCI_MANIFEST, registrySeed } from "../support/registry-seed";

const sha256 = (bytes: string | Buffer): string => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

/** GET /token asking to pull and push `repository`. */
async function pushToken(emu: Emulator, repository: string, githubToken: string): Promise<string> {
  const res = await fetch(`${emu.url}/token?service=registry&scope=${encodeURIComponent(`repository:${repository}:pull,push`)}`, {
    headers: { authorization: basic(githubToken) },
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { token: string }).token;
}

/** A registry session for one repository: requests with its bearer token. */
function session(emu: Emulator, repository: string, token: string) {
  const call = (method: string, path: string, init: { body?: Buffer | string; headers?: Record<string, string> } = {}): Promise<Response> =>
    fetch(`${emu.url}${path.startsWith("/") ? path : `/v2/${repository}/${path}`}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...init.headers },
      ...(init.body !== undefined && { body: init.body }),
    });
  return {
    call,
    /** A monolithic upload (POST ?digest=): the blob's digest. */
    async blob(bytes: string): Promise<string> {
      const digest = sha256(bytes);
      const res = await call("POST", `blobs/uploads/?digest=${digest}`, {
        body: bytes,
        headers: { "content-type": "application/octet-stream" },
      });
      assert.equal(res.status, 201, await res.text());
      return digest;
    },
    /** An image manifest whose config and layer are pushed first; its bytes. */
    async image(label: string): Promise<string> {
      const config = await this.blob(`{"architecture":"amd64","os":"linux","label":"${label}"}`);
      const layer = await this.blob(`layer of ${label}`);
      return JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: config, size: 0 },
        layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", digest: layer, size: 0 }],
      });
    },
    putManifest(reference: string, body: string, mediaType: string = OCI_MANIFEST): Promise<Response> {
      return call("PUT", `manifests/${reference}`, { body, headers: { "content-type": mediaType } });
    },
  };
}

describe("emulator registry: pushes", () => {
  const fx = useEmulator(registrySeed);
  const versionsOf = async (name: string) => {
    const res = await fx.client().rest.packages.getAllPackageVersionsForPackageOwnedByOrg({
      org: "acme",
      package_type: "container",
      package_name: name,
      per_page: 100,
    });
    assertArrayMatchesSchema(res.data, "package-version");
    return res.data.map((v) => ({
      id: v.id,
      name: v.name,
      tags: v.metadata?.container?.tags ?? [],
      createdAt: v.created_at,
      updatedAt: v.updated_at,
    }));
  };

  it("grants push to a token with write:packages on its org's or its own packages; others get a token and then 403 DENIED", async () => {
    const reader = session(fx.emu, "acme/app", await pushToken(fx.emu, "acme/app", READ_ONLY_TOKEN));
    await expectOciError(await reader.call("POST", "blobs/uploads/"), 403, "DENIED", "permission_denied: write_package");
    const outsider = session(fx.emu, "acme/app", await pushToken(fx.emu, "acme/app", OUTSIDER_TOKEN));
    await expectOciError(await outsider.call("POST", "blobs/uploads/"), 403, "DENIED");
    // hubot may push to its own namespace: the first manifest creates the user's package.
    const own = session(fx.emu, "hubot/tool", await pushToken(fx.emu, "hubot/tool", OUTSIDER_TOKEN));
    assert.equal((await own.putManifest("1.0", await own.image("tool"))).status, 201);
    const created = fx.emu.state().packages.find((p) => p.owner === "hubot");
    assert.deepEqual(
      [created?.ownerType, created?.packageType, created?.name, created?.visibility, created?.versions[0]?.tags],
      ["user", "container", "tool", "private", ["1.0"]],
    );
    // A docker package (the old registry) and a deleted package take no pushes.
    const docker = session(fx.emu, "octocat/tool", await pushToken(fx.emu, "octocat/tool", ADMIN_TOKEN));
    await expectOciError(await docker.call("POST", "blobs/uploads/"), 403, "DENIED");
    const gone = session(fx.emu, "acme/gone", await pushToken(fx.emu, "acme/gone", ADMIN_TOKEN));
    await expectOciError(await gone.call("POST", "blobs/uploads/"), 403, "DENIED");
    // Without push in its scope, a token is challenged for it.
    const pull = await fetch(`${fx.emu.url}/token?scope=repository:acme/app:pull`, { headers: { authorization: basic(ADMIN_TOKEN) } });
    const puller = session(fx.emu, "acme/app", ((await pull.json()) as { token: string }).token);
    const challenged = await puller.call("POST", "blobs/uploads/");
    assert.match(challenged.headers.get("www-authenticate") ?? "", /scope="repository:acme\/app:pull,push"/);
    await expectOciError(challenged, 401, "UNAUTHORIZED");
  });

  it("uploads a blob in one request, refuses one whose bytes do not hash to the digest, and serves stored bytes with their digest", async () => {
    const s = session(fx.emu, "acme/app", await pushToken(fx.emu, "acme/app", ADMIN_TOKEN));
    const digest = await s.blob("hello");
    const got = await s.call("GET", `blobs/${digest}`);
    assert.equal(await got.text(), "hello");
    assert.equal(got.headers.get("docker-content-digest"), digest);
    await expectOciError(await s.call("POST", `blobs/uploads/?digest=${sha256("other")}`, { body: "hello" }), 400, "DIGEST_INVALID");
    await expectOciError(await s.call("GET", `blobs/${sha256("other")}`), 404, "BLOB_UNKNOWN");
    const part = await s.call("GET", `blobs/${digest}`, { headers: { range: "bytes=1-3" } });
    assert.deepEqual([part.status, part.headers.get("content-range"), await part.text()], [206, "bytes 1-3/5", "ell"]);
  });

  it("refuses a body announced larger than the emulator holds (413 SIZE_INVALID) before reading it", async () => {
    const token = await pushToken(fx.emu, "acme/app", ADMIN_TOKEN);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${fx.emu.url}/v2/acme/app/blobs/uploads/?digest=${sha256("x")}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-length": String(300 * 1024 * 1024) },
      });
      req.on("response", (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, body: text });
          req.destroy();
        });
      });
      req.on("error", reject);
      req.flushHeaders();
    });
    assert.equal(status, 413);
    assert.equal((JSON.parse(body) as { errors: { code: string }[] }).errors[0]?.code, "SIZE_INVALID");
  });

  it("uploads in chunks: each must start where the upload ends (416 otherwise), PUT ?digest= closes it", async () => {
    const s = session(fx.emu, "acme/app", await pushToken(fx.emu, "acme/app", ADMIN_TOKEN));
    const opened = await s.call("POST", "blobs/uploads/");
    assert.equal(opened.status, 202);
    const location = opened.headers.get("location")!;
    assert.match(location, /^\/v2\/acme\/app\/blobs\/uploads\/[0-9a-f-]{36}$/);
    const chunk = (range: string, body: string) =>
      s.call("PATCH", location, { body, headers: { "content-range": range, "content-type": "application/octet-stream" } });
    assert.equal((await chunk("0-4", "01234")).headers.get("range"), "0-4");
    const outOfOrder = await chunk("10-14", "abcde");
    assert.equal(outOfOrder.headers.get("range"), "0-4");
    await expectOciError(outOfOrder, 416, "BLOB_UPLOAD_INVALID");
    assert.equal((await chunk("5-9", "56789")).status, 202);
    const status = await s.call("GET", location);
    assert.deepEqual([status.status, status.headers.get("range")], [204, "0-9"]);
    await expectOciError(await s.call("PUT", `${location}?digest=${sha256("wrong")}`), 400, "DIGEST_INVALID");
    const closed = await s.call("PUT", `${location}?digest=${sha256("0123456789!")}`, { body: "!", headers: { "content-range": "10-10" } });
    assert.equal(closed.status, 201, await closed.text());
    assert.equal(await (await s.call("GET", `blobs/${sha256("0123456789!")}`)).text(), "0123456789!");
    await expectOciError(await s.call("GET", location), 404, "BLOB_UPLOAD_UNKNOWN");
  });

  it("mounts a blob from a repository the token may pull (201); without it there, opens an upload (202)", async () => {
    const from = session(fx.emu, "acme/app", await pushToken(fx.emu, "acme/app", ADMIN_TOKEN));
    const digest = await from.blob("shared layer");
    const res = await fetch(`${fx.emu.url}/token?scope=repository:acme/app:pull&scope=repository:acme/other:pull,push`, {
      headers: { authorization: basic(ADMIN_TOKEN) },
    });
    const to = session(fx.emu, "acme/other", ((await res.json()) as { token: string }).token);
    await expectOciError(await to.call("GET", `blobs/${digest}`), 404, "BLOB_UNKNOWN");
    const mounted = await to.call("POST", `blobs/uploads/?mount=${digest}&from=acme/app`);
    assert.deepEqual(
      [mounted.status, mounted.headers.get("location"), mounted.headers.get("docker-content-digest")],
      [201, `/v2/acme/other/blobs/${digest}`, digest],
    );
    assert.equal(await (await to.call("GET", `blobs/${digest}`)).text(), "shared layer");
    assert.equal((await to.call("POST", `blobs/uploads/?mount=${sha256("absent")}&from=acme/app`)).status, 202);
  });

  it("stores a manifest PUT by tag under the sha256 of its bytes: a new version; the tag moves off the seeded version that had it", async () => {
    const s = session(fx.emu, "acme/app", await pushToken(fx.emu, "acme/app", ADMIN_TOKEN));
    const body = await s.image("new latest");
    fx.emu.clearRequests();
    const put = await s.putManifest("latest", body);
    assert.deepEqual(
      [put.status, put.headers.get("docker-content-digest"), put.headers.get("location")],
      [201, sha256(body), `/v2/acme/app/manifests/${sha256(body)}`],
    );
    assert.equal(put.headers.get("oci-subject"), null);
    const got = await s.call("GET", "manifests/latest", { headers: { accept: OCI_MANIFEST } });
    assert.deepEqual(
      [await got.text(), got.headers.get("docker-content-digest"), got.headers.get("content-type")],
      [body, sha256(body), OCI_MANIFEST],
    );
    const versions = await versionsOf("app");
    assert.deepEqual(versions[0], {
      id: versions[0]!.id,
      name: sha256(body),
      tags: ["latest"],
      createdAt: "2026-11-26T00:00:00Z",
      updatedAt: "2026-11-26T00:00:00Z",
    });
    const seededIds = registrySeed().packages!.flatMap((p) => (p.versions ?? []).map((v) => v.id ?? 0));
    assert.ok(versions[0]!.id > Math.max(...seededIds), "a new id, after every seeded one");
    assert.deepEqual(versions.find((v) => v.id === 9100)?.tags, ["v3"], "latest moved off the index");
    assert.deepEqual(
      fx.emu.requests().map((r) => `${r.method} ${r.status}`),
      ["PUT 201", "GET 200", "GET 200"],
    );
  });

  it("PUT by digest checks the digest; a known digest pushed with a tag gains it without a new version; a missing blob is MANIFEST_BLOB_UNKNOWN", async () => {
    const s = session(fx.emu, "acme/app", await pushToken(fx.emu, "acme/app", ADMIN_TOKEN));
    const body = await s.image("by digest");
    await expectOciError(await s.putManifest(sha256("not it"), body), 400, "DIGEST_INVALID");
    assert.equal((await s.putManifest(sha256(body), body)).status, 201);
    const before = await versionsOf("app");
    assert.deepEqual(before.find((v) => v.name === sha256(body))?.tags, []);
    fx.emu.setClock({ advanceDays: 1 });
    assert.equal((await s.putManifest("nightly", body)).status, 201);
    const after = await versionsOf("app");
    assert.equal(after.length, before.length, "no new version");
    assert.deepEqual(after[0], { ...before.find((v) => v.name === sha256(body))!, tags: ["nightly"], updatedAt: "2026-11-27T00:00:00Z" });
    const missing = JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha256("no config"), size: 9 },
      layers: [],
    });
    await expectOciError(await s.putManifest("broken", missing), 400, "MANIFEST_BLOB_UNKNOWN");
    await expectOciError(await s.putManifest(".dot-first", body), 400, "MANIFEST_INVALID");
    await expectOciError(await s.putManifest("x", "not json"), 400, "MANIFEST_INVALID");
    await expectOciError(await s.putManifest("x", body, "application/vnd.docker.distribution.manifest.v1+json"), 400, "MANIFEST_INVALID");
  });

  it("a version deleted through the API is gone from the registry; pushing its digest again makes a new version, and the old one cannot be restored over it", async () => {
    const s = session(fx.emu, "acme/app", await pushToken(fx.emu, "acme/app", ADMIN_TOKEN));
    const body = await s.image("deleted then pushed");
    await s.putManifest("temp", body);
    const first = (await versionsOf("app")).find((v) => v.name === sha256(body))!;
    await fx.client().rest.packages.deletePackageVersionForOrg({
      org: "acme",
      package_type: "container",
      package_name: "app",
      package_version_id: first.id,
    });
    await expectOciError(await s.call("GET", `manifests/${sha256(body)}`), 404, "MANIFEST_UNKNOWN");
    await s.putManifest(sha256(body), body);
    const second = (await versionsOf("app")).find((v) => v.name === sha256(body))!;
    assert.ok(second.id > first.id);
    await expectFailure(
      fx.client().rest.packages.restorePackageVersionForOrg({
        org: "acme",
        package_type: "container",
        package_name: "app",
        package_version_id: first.id,
      }),
      400,
      "Active package version already exists with given name.",
    );
  });
});
