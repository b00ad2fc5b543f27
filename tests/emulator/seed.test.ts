import { strict as assert } from "node:assert";
import { SeedValidationError, startEmulator } from "../../emulator";
import { admin, ADMIN_TOKEN, ALL_SCOPES, baseSeed, NOW, orgApi, useEmulator } from "../support/emulator-fixture";

describe("emulator: seed and admin API", () => {
  const fx = useEmulator();

  const malformed: [string, unknown, string][] = [
    ["not an object", [], "seed"],
    ["bad now", { now: "tomorrow" }, "now"],
    ["token without scopes", { tokens: [{ token: "t", login: "x" }] }, "tokens[0].scopes"],
    ["bad ownerType", { packages: [{ owner: "a", ownerType: "team", packageType: "npm", name: "p" }] }, "packages[0].ownerType"],
    ["bad packageType", { packages: [{ owner: "a", ownerType: "org", packageType: "pypi", name: "p" }] }, "packages[0].packageType"],
    [
      "bad version date",
      {
        packages: [
          { owner: "a", ownerType: "org", packageType: "npm", name: "p", versions: [{ name: "1" }, { name: "2", createdAt: "yesterday" }] },
        ],
      },
      "packages[0].versions[1].createdAt",
    ],
    [
      "negative downloads",
      { packages: [{ owner: "a", ownerType: "org", packageType: "npm", name: "p", versions: [{ name: "1", downloads: -1 }] }] },
      "packages[0].versions[0].downloads",
    ],
    [
      "unknown field",
      { packages: [{ owner: "a", ownerType: "org", packageType: "npm", name: "p", versions: [{ name: "1", tag: "x" }] }] },
      "packages[0].versions[0].tag",
    ],
    [
      "duplicate ids",
      {
        packages: [
          {
            owner: "a",
            ownerType: "org",
            packageType: "npm",
            name: "p",
            versions: [
              { id: 5, name: "1" },
              { id: 5, name: "2" },
            ],
          },
        ],
      },
      "packages[0].versions[1].id",
    ],
    [
      "id clash with existing state",
      { packages: [{ owner: "a", ownerType: "org", packageType: "npm", name: "p", versions: [{ id: 1001, name: "1" }] }] },
      "packages[0].versions[0].id",
    ],
  ];
  for (const [label, seed, field] of malformed) {
    it(`refuses a malformed seed (${label}) with 400 naming ${field}, leaving state unchanged`, async () => {
      const before = fx.emu.state();
      // A valid token rides along: it must not be applied when another part of the seed is bad.
      const body = await admin(
        fx.emu,
        "POST",
        "/seed",
        Array.isArray(seed) ? seed : { tokens: [{ token: "ghp_new", login: "new", scopes: [] }], ...(seed as object) },
      );
      assert.equal(body.status, 400);
      assert.ok((body.json as { message: string }).message.includes(field), (body.json as { message: string }).message);
      assert.deepEqual(fx.emu.state(), before);
    });
  }

  it("refuses invalid JSON with 400", async () => {
    const res = await admin(fx.emu, "POST", "/seed", "{nope");
    assert.equal(res.status, 400);
  });

  it("throws SeedValidationError with the field from seed() and startEmulator()", async () => {
    assert.throws(
      () => fx.emu.seed({ tokens: [{ token: "t", login: "", scopes: [] }] }),
      (e: unknown) => e instanceof SeedValidationError && e.field === "tokens[0].login",
    );
    await assert.rejects(startEmulator({ seed: { now: "x" } }), SeedValidationError);
  });

  it("merges seeds: same package replaced, others kept, ids assigned uniquely, now sets the clock", async () => {
    const res = await admin(fx.emu, "POST", "/seed", {
      now: "2027-01-01T00:00:00Z",
      packages: [
        {
          owner: "acme",
          ownerType: "org",
          packageType: "npm",
          name: "new",
          visibility: "public",
          versions: [{ name: "1.0.0" }, { name: "1.0.1" }],
        },
        {
          owner: "acme",
          ownerType: "org",
          packageType: "container",
          name: "api",
          visibility: "public",
          versions: [{ name: "sha256:ee", tags: ["x"] }],
        },
      ],
    });
    assert.equal(res.status, 204);
    const state = fx.emu.state();
    assert.equal(state.now, "2027-01-01T00:00:00Z");
    const ids = state.packages.flatMap((p) => p.versions.map((v) => v.id));
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(state.packages.find((p) => p.name === "api")?.versions.length, 1);
    const created = state.packages.find((p) => p.name === "new")!.versions[0]!;
    assert.equal(created.createdAt, "2027-01-01T00:00:00Z");
    assert.equal(created.updatedAt, created.createdAt);
    assert.equal(created.downloads, 0);
    const list = await fx
      .client()
      .rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...orgApi, package_type: "npm", package_name: "new" });
    assert.equal(list.data.length, 2);
  });

  it("reset clears packages, tokens, log and faults", async () => {
    await fx.client().rest.packages.getPackageForOrganization(orgApi);
    fx.emu.setFaults([{ status: 500 }]);
    assert.equal((await admin(fx.emu, "POST", "/reset")).status, 204);
    assert.deepEqual(fx.emu.state().packages, []);
    assert.deepEqual(fx.emu.state().tokens, []);
    assert.deepEqual(fx.emu.requests(), []);
    assert.deepEqual((await admin(fx.emu, "GET", "/faults")).json, { faults: [] });
    const res = await fetch(`${fx.emu.url}/orgs/acme/packages/container/api`, { headers: { authorization: `token ${ADMIN_TOKEN}` } });
    assert.equal(res.status, 401);
  });

  it("GET /_emulator/state returns everything as JSON, without token values", async () => {
    const res = await admin(fx.emu, "GET", "/state");
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, fx.emu.state());
    assert.equal(JSON.stringify(res.json).includes(ADMIN_TOKEN), false);
    assert.equal((res.json as { tokens: { login: string }[] }).tokens[0]?.login, "octocat");
  });

  it("answers 404 for unknown admin routes", async () => {
    assert.equal((await admin(fx.emu, "GET", "/nope")).status, 404);
  });

  it("seeds deletedAt older than 30 days as already gone", () => {
    fx.emu.seed({
      now: NOW,
      tokens: [{ token: "x", login: "x", scopes: ALL_SCOPES }],
      packages: [
        {
          ...baseSeed().packages![0]!,
          versions: [
            { id: 1, name: "a", deletedAt: "2026-10-01T00:00:00Z" },
            { id: 2, name: "b" },
          ],
        },
      ],
    });
    assert.deepEqual(
      fx.emu.state().packages[0]!.versions.map((v) => v.id),
      [2],
    );
  });
});

describe("emulator: request log", () => {
  const fx = useEmulator();

  it("records method, path without query, query, status and duration; not admin calls, not tokens", async () => {
    await fx.client().rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...orgApi, per_page: 5, state: "active" });
    await fx
      .client("ghp_bad")
      .rest.packages.getPackageForOrganization(orgApi)
      .catch(() => undefined);
    await admin(fx.emu, "GET", "/state");
    const log = fx.emu.requests();
    assert.equal(log.length, 2);
    assert.deepEqual(
      { ...log[0], durationMs: 0 },
      {
        method: "GET",
        path: "/orgs/acme/packages/container/api/versions",
        query: { per_page: "5", state: "active" },
        status: 200,
        durationMs: 0,
      },
    );
    assert.equal(log[1]!.status, 401);
    assert.ok(log.every((e) => typeof e.durationMs === "number" && e.durationMs >= 0));
    assert.equal(JSON.stringify(log).includes("ghp_"), false);
    const viaHttp = await admin(fx.emu, "GET", "/requests");
    assert.deepEqual(viaHttp.json, log);
    assert.equal((await admin(fx.emu, "DELETE", "/requests")).status, 204);
    assert.deepEqual(fx.emu.requests(), []);
  });
});
