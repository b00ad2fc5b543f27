import { strict as assert } from "node:assert";
import type { EmulatorSeed, SeedVersion } from "../../emulator";
import { assertArrayMatchesSchema, assertMatchesSchema } from "../support/openapi-schemas";
import { ADMIN_TOKEN, ALL_SCOPES, baseSeed, expectFailure, NOW, orgApi, useEmulator } from "../support/emulator-fixture";

function manyVersionsSeed(count: number): EmulatorSeed {
  const versions: SeedVersion[] = Array.from({ length: count }, (_, i) => ({
    id: 5000 + i,
    name: `1.0.${i}`,
    createdAt: new Date(Date.parse("2026-01-01T00:00:00Z") + i * 3_600_000).toISOString(),
  }));
  return {
    now: NOW,
    tokens: [{ token: ADMIN_TOKEN, login: "octocat", scopes: ALL_SCOPES, orgAdmin: ["acme"] }],
    packages: [{ owner: "acme", ownerType: "org", packageType: "npm", name: "big", visibility: "public", versions }],
  };
}

describe("emulator: list and get versions", () => {
  const fx = useEmulator();

  it("lists active versions newest first, shaped like package-version", async () => {
    const res = await fx.client().rest.packages.getAllPackageVersionsForPackageOwnedByOrg(orgApi);
    assert.equal(res.status, 200);
    assertArrayMatchesSchema(res.data, "package-version");
    assert.deepEqual(
      res.data.map((v) => v.id),
      [1002, 1001, 1003],
    );
    const first = res.data[0]!;
    assert.equal(first.url, `${fx.emu.url}/orgs/acme/packages/container/api/versions/1002`);
    assert.deepEqual(first.metadata, { package_type: "container", container: { tags: ["latest", "v2"] } });
    assert.equal(res.headers.link, undefined);
  });

  it("orders by updated_at then id, descending", async () => {
    fx.emu.seed({
      packages: [
        {
          owner: "acme",
          ownerType: "org",
          packageType: "npm",
          name: "order",
          visibility: "public",
          versions: [
            { id: 1, name: "a", createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-06-01T00:00:00Z" },
            { id: 2, name: "b", createdAt: "2026-02-01T00:00:00Z" },
            { id: 3, name: "c", createdAt: "2026-02-01T00:00:00Z" },
          ],
        },
      ],
    });
    const res = await fx
      .client()
      .rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...orgApi, package_type: "npm", package_name: "order" });
    assert.deepEqual(
      res.data.map((v) => v.id),
      [1, 3, 2],
    );
  });

  it("lists deleted versions with state=deleted: deleted_at set, html_url null", async () => {
    const res = await fx.client().rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...orgApi, state: "deleted" });
    assertArrayMatchesSchema(res.data, "package-version");
    assert.deepEqual(
      res.data.map((v) => v.id),
      [1000],
    );
    assert.equal(res.data[0]!.deleted_at, "2026-11-19T00:00:00Z");
    assert.equal(res.data[0]!.html_url, null);
  });

  it("rejects an unknown state with 422", async () => {
    await expectFailure(
      fx.client().request("GET /orgs/{org}/packages/{package_type}/{package_name}/versions", { ...orgApi, state: "gone" as "active" }),
      422,
      "The state parameter is invalid.",
    );
  });

  it("rejects an unknown package_type with 422", async () => {
    await expectFailure(
      fx.client().request("GET /orgs/{org}/packages/{package_type}/{package_name}/versions", { ...orgApi, package_type: "pypi" as "npm" }),
      422,
      "The package_type parameter is invalid.",
    );
  });

  it("gets one version", async () => {
    const res = await fx.client().rest.packages.getPackageVersionForOrganization({ ...orgApi, package_version_id: 1001 });
    assertMatchesSchema(res.data, "package-version");
    assert.equal(res.data.name, "sha256:bb22");
    assert.equal(res.data.html_url, "https://github.com/orgs/acme/packages/container/api/1001");
    assert.equal(res.headers["content-type"], "application/json; charset=utf-8");
    assert.equal(res.headers["x-github-media-type"], "github.v3; format=json");
  });

  it("answers 404 for a deleted or missing version", async () => {
    await expectFailure(
      fx.client().rest.packages.getPackageVersionForOrganization({ ...orgApi, package_version_id: 1000 }),
      404,
      "Package version not found.",
    );
    await expectFailure(
      fx.client().rest.packages.getPackageVersionForOrganization({ ...orgApi, package_version_id: 4242 }),
      404,
      "Package version not found.",
    );
  });

  it("treats the org name case-insensitively", async () => {
    const res = await fx.client().rest.packages.getPackageVersionForOrganization({ ...orgApi, org: "ACME", package_version_id: 1001 });
    assert.equal(res.data.id, 1001);
  });

  it("serves the /users/{username} and /user scopes from the same data", async () => {
    fx.emu.seed({
      packages: [
        {
          owner: "octocat",
          ownerType: "user",
          packageType: "npm",
          name: "lib",
          visibility: "private",
          versions: [{ id: 7, name: "1.0.0", createdAt: "2026-11-01T00:00:00Z" }],
        },
      ],
    });
    const users = await fx
      .client()
      .rest.packages.getAllPackageVersionsForPackageOwnedByUser({ username: "octocat", package_type: "npm", package_name: "lib" });
    const user = await fx
      .client()
      .rest.packages.getAllPackageVersionsForPackageOwnedByAuthenticatedUser({ package_type: "npm", package_name: "lib" });
    assertArrayMatchesSchema(users.data, "package-version");
    assert.deepEqual(users.data, user.data);
    assert.equal(users.data[0]!.url, `${fx.emu.url}/users/octocat/packages/npm/lib/versions/7`);
    const one = await fx
      .client()
      .rest.packages.getPackageVersionForAuthenticatedUser({ package_type: "npm", package_name: "lib", package_version_id: 7 });
    assert.equal(one.data.name, "1.0.0");
    const viaUsers = await fx
      .client()
      .rest.packages.getPackageVersionForUser({ username: "octocat", package_type: "npm", package_name: "lib", package_version_id: 7 });
    assert.deepEqual(viaUsers.data, one.data);
  });

  it("decodes package names with slashes", async () => {
    fx.emu.seed({
      packages: [
        {
          owner: "acme",
          ownerType: "org",
          packageType: "container",
          name: "team/img",
          visibility: "public",
          versions: [{ id: 9, name: "sha256:dd" }],
        },
      ],
    });
    const res = await fx.client().rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...orgApi, package_name: "team/img" });
    assert.equal(res.data[0]!.url, `${fx.emu.url}/orgs/acme/packages/container/team%2Fimg/versions/9`);
  });
});

describe("emulator: pagination", () => {
  const fx = useEmulator(() => manyVersionsSeed(250));
  const big = { org: "acme", package_type: "npm", package_name: "big" } as const;

  it("octokit.paginate walks all 250 versions, newest first, without duplicates", async () => {
    const all = await fx.client().paginate(fx.client().rest.packages.getAllPackageVersionsForPackageOwnedByOrg, { ...big, per_page: 100 });
    assert.equal(all.length, 250);
    assert.equal(new Set(all.map((v) => v.id)).size, 250);
    assert.equal(all[0]!.id, 5249);
    assert.equal(all[249]!.id, 5000);
    assert.deepEqual(
      fx.emu.requests().map((r) => r.query["page"] ?? "1"),
      ["1", "2", "3"],
    );
  });

  it("defaults to 30 per page and caps per_page at 100", async () => {
    const c = fx.client();
    assert.equal((await c.rest.packages.getAllPackageVersionsForPackageOwnedByOrg(big)).data.length, 30);
    assert.equal((await c.rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...big, per_page: 500 })).data.length, 100);
  });

  it("treats non-numeric page and per_page as defaults", async () => {
    const res = await fx.client().request("GET /orgs/{org}/packages/{package_type}/{package_name}/versions?page=abc&per_page=x", big);
    assert.equal(res.data.length, 30);
    assert.equal(res.data[0]!.id, 5249);
  });

  it("answers an empty page past the end", async () => {
    const res = await fx.client().rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...big, per_page: 100, page: 9 });
    assert.deepEqual(res.data, []);
  });

  it("emits Link parts next/last on the first page, all four in the middle, first/prev on the last, carrying per_page and state", async () => {
    const c = fx.client();
    const parse = (link: string | undefined): Record<string, string> =>
      Object.fromEntries(
        (link ?? "")
          .split(", ")
          .filter(Boolean)
          .map((p) => {
            const m = /^<([^>]+)>; rel="(\w+)"$/.exec(p);
            assert.ok(m, `bad link part ${p}`);
            return [m[2]!, m[1]!];
          }),
      );
    const base = `${fx.emu.url}/orgs/acme/packages/npm/big/versions`;
    const first = parse(
      (await c.rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...big, per_page: 100, state: "active" })).headers.link,
    );
    assert.deepEqual(first, { next: `${base}?state=active&per_page=100&page=2`, last: `${base}?state=active&per_page=100&page=3` });
    const middle = parse(
      (await c.rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...big, per_page: 100, page: 2 })).headers.link,
    );
    assert.deepEqual(Object.keys(middle).sort(), ["first", "last", "next", "prev"]);
    assert.equal(middle["prev"], `${base}?per_page=100&page=1`);
    const last = parse((await c.rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...big, per_page: 100, page: 3 })).headers.link);
    assert.deepEqual(Object.keys(last).sort(), ["first", "prev"]);
  });
});

describe("emulator: get package", () => {
  const fx = useEmulator(() => ({
    ...baseSeed(),
    packages: [
      ...(baseSeed().packages ?? []),
      {
        owner: "acme",
        ownerType: "org",
        packageType: "npm",
        name: "linked",
        visibility: "private",
        repository: "acme/web",
        versions: [{ name: "1.0.0" }],
      },
    ],
  }));

  it("returns the package with owner and version_count of active versions", async () => {
    const res = await fx.client().rest.packages.getPackageForOrganization(orgApi);
    assertMatchesSchema(res.data, "package");
    assert.equal(res.data.version_count, 3);
    assert.equal(res.data.owner?.login, "acme");
    assert.equal(res.data.owner?.type, "Organization");
    assert.equal(res.data.url, `${fx.emu.url}/orgs/acme/packages/container/api`);
    assert.equal(res.data.repository, undefined);
  });

  it("includes the seeded repository", async () => {
    const res = await fx.client().rest.packages.getPackageForOrganization({ ...orgApi, package_type: "npm", package_name: "linked" });
    assertMatchesSchema(res.data, "package");
    assert.equal(res.data.repository?.full_name, "acme/web");
    assert.equal(res.data.repository?.private, true);
  });

  it("answers 404 Package not found. for a missing package", async () => {
    await expectFailure(
      fx.client().rest.packages.getPackageForOrganization({ ...orgApi, package_name: "nope" }),
      404,
      "Package not found.",
    );
  });
});
