import { strict as assert } from "node:assert";
import { startEmulator } from "../../emulator";
import {
  admin,
  ADMIN_TOKEN,
  MEMBER_TOKEN,
  NO_SCOPES_TOKEN,
  OUTSIDER_TOKEN,
  READ_ONLY_TOKEN,
  useEmulator,
} from "../support/emulator-fixture";
import { basic, expectOciError, pull, registryToken } from "../support/registry-client";
import { registrySeed } from "../support/registry-seed";

const AUTH_REQUIRED = { errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] };
const NAME_UNKNOWN = "repository name not known to registry";

describe("emulator registry: token exchange and access", () => {
  const fx = useEmulator(registrySeed);
  const host = (): string => new URL(fx.emu.url).host;
  const challenge = (repository?: string): string =>
    `Bearer realm="${fx.emu.url}/token",service="${host()}"${repository === undefined ? "" : `,scope="repository:${repository}:pull"`}`;

  it("answers GET /v2/ without a bearer 401 with the challenge (no scope) and the OCI body; with one, 200 {}", async () => {
    const res = await fetch(`${fx.emu.url}/v2/`);
    assert.equal(res.headers.get("www-authenticate"), challenge());
    assert.equal(res.headers.get("docker-distribution-api-version"), "registry/2.0");
    assert.deepEqual(await expectOciError(res, 401, "UNAUTHORIZED", "authentication required"), AUTH_REQUIRED);
    const ok = await fetch(`${fx.emu.url}/v2/`, { headers: { authorization: `Bearer ${await registryToken(fx.emu, "acme/app")}` } });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), {});
  });

  it("challenges a manifest request without a bearer with realm, service and the repository's pull scope", async () => {
    for (const repository of ["acme/app", "acme/team/app", "acme/nothing-here"]) {
      const res = await pull(fx.emu, repository, "latest");
      assert.equal(res.headers.get("www-authenticate"), challenge(repository));
      await expectOciError(res, 401, "UNAUTHORIZED", "authentication required");
    }
    const tags = await fetch(`${fx.emu.url}/v2/acme/app/tags/list`);
    assert.equal(tags.headers.get("www-authenticate"), challenge("acme/app"));
    await expectOciError(tags, 401, "UNAUTHORIZED");
  });

  it("points the realm at the address the client used (the Host header)", async () => {
    const url = fx.emu.url.replace("127.0.0.1", "localhost");
    const res = await fetch(`${url}/v2/acme/app/manifests/v3`);
    assert.equal(
      res.headers.get("www-authenticate"),
      `Bearer realm="${url}/token",service="${new URL(url).host}",scope="repository:acme/app:pull"`,
    );
  });

  it("trades Basic credentials (any user, the GitHub token as password) for an opaque token that does not reveal it", async () => {
    const res = await fetch(`${fx.emu.url}/token?service=${host()}&scope=repository:acme/app:pull`, {
      headers: { authorization: basic(ADMIN_TOKEN, "anyone") },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json");
    const body = (await res.json()) as { token: string; access_token: string };
    assert.deepEqual(Object.keys(body).sort(), ["access_token", "token"]);
    assert.equal(body.access_token, body.token);
    assert.match(body.token, /^\S{20,}$/);
    for (const secret of [
      ADMIN_TOKEN,
      Buffer.from(ADMIN_TOKEN).toString("base64"),
      Buffer.from(ADMIN_TOKEN).toString("base64url"),
      Buffer.from(ADMIN_TOKEN).toString("hex"),
    ]) {
      assert.equal(body.token.includes(secret), false);
    }
    const again = await registryToken(fx.emu, "acme/app", ADMIN_TOKEN);
    assert.notEqual(again, body.token, "each exchange issues a new token");
    assert.equal((await pull(fx.emu, "acme/app", "v3", { token: body.token })).status, 200);
  });

  it("issues an anonymous token without credentials: public packages only", async () => {
    const anonymous = await registryToken(fx.emu, "acme/app");
    assert.equal((await pull(fx.emu, "acme/app", "v3", { token: anonymous })).status, 200);
    const secret = await registryToken(fx.emu, "acme/single");
    await expectOciError(await pull(fx.emu, "acme/single", "latest", { token: secret }), 404, "NAME_UNKNOWN", NAME_UNKNOWN);
  });

  it("refuses a Basic password that is no GitHub token, or credentials that are not Basic, with 401 UNAUTHORIZED", async () => {
    const url = `${fx.emu.url}/token?service=${host()}&scope=repository:acme/app:pull`;
    await expectOciError(await fetch(url, { headers: { authorization: basic("ghp_not_a_token") } }), 401, "UNAUTHORIZED");
    await expectOciError(await fetch(url, { headers: { authorization: basic("") } }), 401, "UNAUTHORIZED");
    await expectOciError(
      await fetch(url, { headers: { authorization: `Basic ${Buffer.from("no-colon").toString("base64")}` } }),
      401,
      "UNAUTHORIZED",
    );
    await expectOciError(await fetch(url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }), 401, "UNAUTHORIZED");
  });

  it("refuses a bearer issued for another repository with the challenge for the one asked", async () => {
    const token = await registryToken(fx.emu, "acme/api", ADMIN_TOKEN);
    const res = await pull(fx.emu, "acme/app", "v3", { token });
    assert.equal(res.headers.get("www-authenticate"), challenge("acme/app"));
    await expectOciError(res, 401, "UNAUTHORIZED", "authentication required");
    assert.equal((await pull(fx.emu, "acme/api", "latest", { token })).status, 200, "the token is good for its own repository");
  });

  it("refuses an unknown bearer, a GitHub token sent as the bearer, and any bearer after a reset", async () => {
    const token = await registryToken(fx.emu, "acme/app", ADMIN_TOKEN);
    for (const bearer of ["emu_made_up", ADMIN_TOKEN]) {
      const res = await pull(fx.emu, "acme/app", "v3", { token: bearer });
      assert.equal(res.headers.get("www-authenticate"), challenge("acme/app"));
      await expectOciError(res, 401, "UNAUTHORIZED");
    }
    fx.emu.reset();
    fx.emu.seed(registrySeed());
    await expectOciError(await pull(fx.emu, "acme/app", "v3", { token }), 401, "UNAUTHORIZED");
  });

  it("ends a token's life after registryTokenLifetimeSeconds on the emulator's clock: then the challenge, as for no token", async () => {
    const emu = await startEmulator({ seed: registrySeed(), registryTokenLifetimeSeconds: 300 });
    try {
      const issuedAt = Date.parse(emu.state().now);
      const token = await registryToken(emu, "acme/app", ADMIN_TOKEN);
      emu.setClock({ now: new Date(issuedAt + 299_000).toISOString() });
      assert.equal((await pull(emu, "acme/app", "v3", { token })).status, 200, "still working a second before its end");
      emu.setClock({ now: new Date(issuedAt + 300_000).toISOString() });
      const expired = await pull(emu, "acme/app", "v3", { token });
      assert.equal(
        expired.headers.get("www-authenticate"),
        `Bearer realm="${emu.url}/token",service="${new URL(emu.url).host}",scope="repository:acme/app:pull"`,
      );
      await expectOciError(expired, 401, "UNAUTHORIZED", "authentication required");
      assert.equal(
        (await pull(emu, "acme/app", "v3", { token: await registryToken(emu, "acme/app", ADMIN_TOKEN) })).status,
        200,
        "a new exchange works",
      );
    } finally {
      await emu.close();
    }
    assert.equal((await pull(fx.emu, "acme/app", "v3", { token: await registryToken(fx.emu, "acme/app", ADMIN_TOKEN) })).status, 200);
    await assert.rejects(
      startEmulator({ registryTokenLifetimeSeconds: 0 }),
      /registryTokenLifetimeSeconds must be a whole number of seconds, 1 or more, got 0/,
    );
  });

  it("grants several scopes in one exchange, ignoring push-only and non-repository scopes", async () => {
    const q = ["repository:acme/app:pull", "repository:acme/api:push,pull", "repository:acme/single:push", "registry:catalog:*"]
      .map((s) => `scope=${encodeURIComponent(s)}`)
      .join("&");
    const res = await fetch(`${fx.emu.url}/token?service=${host()}&${q}`, { headers: { authorization: basic(ADMIN_TOKEN) } });
    const { token } = (await res.json()) as { token: string };
    assert.equal((await pull(fx.emu, "acme/app", "v3", { token })).status, 200);
    assert.equal((await pull(fx.emu, "acme/api", "latest", { token })).status, 200);
    await expectOciError(await pull(fx.emu, "acme/single", "latest", { token }), 401, "UNAUTHORIZED");
  });

  it("applies the API's read rules to private packages: members and admins with read:packages; NAME_UNKNOWN otherwise", async () => {
    const read = async (githubToken: string | undefined, repository: string, reference: string): Promise<Response> =>
      pull(fx.emu, repository, reference, { token: await registryToken(fx.emu, repository, githubToken) });
    assert.equal((await read(ADMIN_TOKEN, "acme/single", "latest")).status, 200, "org admin");
    assert.equal((await read(MEMBER_TOKEN, "acme/single", "latest")).status, 200, "org member");
    assert.equal((await read(READ_ONLY_TOKEN, "acme/single", "latest")).status, 200, "read:packages alone");
    await expectOciError(await read(OUTSIDER_TOKEN, "acme/single", "latest"), 404, "NAME_UNKNOWN", NAME_UNKNOWN);
    await expectOciError(await read(NO_SCOPES_TOKEN, "acme/single", "latest"), 404, "NAME_UNKNOWN", NAME_UNKNOWN);
    await expectOciError(await read(undefined, "acme/single", "latest"), 404, "NAME_UNKNOWN", NAME_UNKNOWN);
    // A user's private package: that user only.
    assert.equal((await read(ADMIN_TOKEN, "octocat/tool", "1.0")).status, 200);
    await expectOciError(await read(MEMBER_TOKEN, "octocat/tool", "1.0"), 404, "NAME_UNKNOWN", NAME_UNKNOWN);
    // Public: any token, even one without read:packages.
    assert.equal((await read(NO_SCOPES_TOKEN, "acme/app", "v3")).status, 200);
  });

  it("answers NAME_UNKNOWN for a missing package, a deleted one, and packages of other types", async () => {
    for (const [repository, reference] of [
      ["acme/nothing", "latest"],
      ["acme/gone", "latest"],
      ["acme/widget", "1.4.2"],
      ["acme", "latest"],
    ] as const) {
      const token = await registryToken(fx.emu, repository, ADMIN_TOKEN);
      await expectOciError(await pull(fx.emu, repository, reference, { token }), 404, "NAME_UNKNOWN", NAME_UNKNOWN);
    }
  });

  it("answers 400 NAME_INVALID for a repository name that is not lower case", async () => {
    const token = await registryToken(fx.emu, "acme/app", ADMIN_TOKEN);
    await expectOciError(await pull(fx.emu, "ACME/app", "v3", { token }), 400, "NAME_INVALID");
  });

  it("logs registry requests (path /token or /v2/...) without credentials, outside the API's rate limit", async () => {
    fx.emu.setRateLimits({ primaryLimit: 2, unauthenticatedLimit: 1 });
    const token = await registryToken(fx.emu, "acme/app", ADMIN_TOKEN);
    for (let i = 0; i < 4; i++) {
      const res = await pull(fx.emu, "acme/app", "v3", { token });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("x-ratelimit-remaining"), null);
    }
    await pull(fx.emu, "acme/app", "v3");
    await pull(fx.emu, "acme/app", "v3");
    const api = await fetch(`${fx.emu.url}/orgs/acme/packages/container/app`, { headers: { authorization: `token ${ADMIN_TOKEN}` } });
    assert.equal(api.status, 200);
    assert.equal(api.headers.get("x-ratelimit-remaining"), "1", "registry requests used none of the API budget");
    const log = fx.emu.requests();
    assert.deepEqual(
      log.map((r) => `${r.method} ${r.path} ${r.status}`),
      [
        "GET /token 200",
        ...Array(4).fill("GET /v2/acme/app/manifests/v3 200"),
        "GET /v2/acme/app/manifests/v3 401",
        "GET /v2/acme/app/manifests/v3 401",
        "GET /orgs/acme/packages/container/app 200",
      ],
    );
    assert.deepEqual(log[0]?.query, { service: host(), scope: "repository:acme/app:pull" });
    const everything = JSON.stringify([log, fx.emu.state(), (await admin(fx.emu, "GET", "/requests")).json]);
    assert.equal(everything.includes(ADMIN_TOKEN), false);
    assert.equal(everything.includes(token), false);
  });

  it("applies fault rules aimed at registry paths to registry requests, and path-less rules to the API only", async () => {
    const token = await registryToken(fx.emu, "acme/app", ADMIN_TOKEN);
    fx.emu.setFaults([{ status: 503, times: 1 }]);
    assert.equal((await pull(fx.emu, "acme/app", "v3", { token })).status, 200, "a rule without path leaves the registry alone");
    assert.equal(
      (await fetch(`${fx.emu.url}/orgs/acme/packages/container/app`, { headers: { authorization: `token ${ADMIN_TOKEN}` } })).status,
      503,
    );
    fx.emu.setFaults([
      { path: "^/v2/", status: 503, times: 1 },
      { path: "^/token$", status: 429, retryAfterSeconds: 3, times: 1 },
    ]);
    await expectOciError(await pull(fx.emu, "acme/app", "v3", { token }), 503, "UNKNOWN");
    const limited = await fetch(`${fx.emu.url}/token?scope=repository:acme/app:pull`);
    assert.equal(limited.headers.get("retry-after"), "3");
    await expectOciError(limited, 429, "TOOMANYREQUESTS");
    assert.equal((await pull(fx.emu, "acme/app", "v3", { token })).status, 200);
    fx.emu.setFaults([{ path: "^/v2/", resetConnection: true, times: 1 }]);
    await assert.rejects(pull(fx.emu, "acme/app", "v3", { token }));
    assert.equal(fx.emu.requests().at(-1)?.status, 0);
  });
});
