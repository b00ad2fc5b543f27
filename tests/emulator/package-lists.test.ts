/** GET /orgs/{org}/packages, /users/{username}/packages and /user/packages: type, visibility, who sees what, paging. */
import { strict as assert } from "node:assert";
import type { EmulatorSeed, SeedPackage } from "../../emulator";
import { baseSeed, expectFailure, MEMBER_TOKEN, NO_SCOPES_TOKEN, OUTSIDER_TOKEN, useEmulator } from "../support/emulator-fixture";
import { assertArrayMatchesSchema } from "../support/openapi-schemas";

function pkg(
  owner: string,
  ownerType: "org" | "user",
  name: string,
  visibility: "public" | "private",
  packageType: SeedPackage["packageType"] = "container",
): SeedPackage {
  return { owner, ownerType, packageType, name, visibility, versions: [{ name: `${name}-1`, tags: ["latest"] }] };
}

function seed(): EmulatorSeed {
  return {
    ...baseSeed(),
    packages: [
      pkg("acme", "org", "web", "public"),
      pkg("acme", "org", "api", "private"),
      pkg("acme", "org", "dev-tools", "private"),
      { ...pkg("acme", "org", "old", "public"), deletedAt: "2026-11-20T00:00:00Z" },
      pkg("acme", "org", "widget", "public", "npm"),
      pkg("other", "org", "api", "public"),
      pkg("octocat", "user", "dotfiles", "private"),
      pkg("octocat", "user", "blog", "public"),
    ],
  };
}

describe("emulator: list packages", () => {
  const fx = useEmulator(seed);
  const names = (data: { name: string }[]): string[] => data.map((p) => p.name);

  it("lists an org's active packages of one type, by name, valid against the OpenAPI package schema", async () => {
    const res = await fx.client().rest.packages.listPackagesForOrganization({ org: "acme", package_type: "container" });
    assert.equal(res.status, 200);
    assertArrayMatchesSchema(res.data, "package");
    assert.deepEqual(names(res.data), ["api", "dev-tools", "web"]);
    assert.equal(res.headers["x-accepted-oauth-scopes"], "read:packages");
    const npm = await fx.client().rest.packages.listPackagesForOrganization({ org: "ACME", package_type: "npm" });
    assert.deepEqual(names(npm.data), ["widget"]);
  });

  it("shows private org packages to members and admins only", async () => {
    const member = await fx.client(MEMBER_TOKEN).rest.packages.listPackagesForOrganization({ org: "acme", package_type: "container" });
    assert.deepEqual(names(member.data), ["api", "dev-tools", "web"]);
    const outsider = await fx.client(OUTSIDER_TOKEN).rest.packages.listPackagesForOrganization({ org: "acme", package_type: "container" });
    assert.deepEqual(names(outsider.data), ["web"]);
  });

  it("filters by visibility and refuses an unknown one", async () => {
    const c = fx.client();
    assert.deepEqual(
      names((await c.rest.packages.listPackagesForOrganization({ org: "acme", package_type: "container", visibility: "private" })).data),
      ["api", "dev-tools"],
    );
    assert.deepEqual(
      names((await c.rest.packages.listPackagesForOrganization({ org: "acme", package_type: "container", visibility: "public" })).data),
      ["web"],
    );
    // container has granular permissions: internal is its own visibility, and the emulator has none.
    assert.deepEqual(
      names((await c.rest.packages.listPackagesForOrganization({ org: "acme", package_type: "container", visibility: "internal" })).data),
      [],
    );
    await expectFailure(
      c.request("GET /orgs/acme/packages?package_type=container&visibility=secret"),
      422,
      "The visibility parameter is invalid.",
    );
  });

  it("requires a known package_type and the read:packages scope", async () => {
    const failure = await expectFailure(fx.client().request("GET /orgs/acme/packages"), 422, "The package_type parameter is invalid.");
    assert.match((failure.data as { documentation_url: string }).documentation_url, /#list-packages-for-an-organization$/);
    await expectFailure(fx.client().request("GET /orgs/acme/packages?package_type=pypi"), 422, "The package_type parameter is invalid.");
    await expectFailure(
      fx.client(NO_SCOPES_TOKEN).rest.packages.listPackagesForOrganization({ org: "acme", package_type: "container" }),
      403,
      "You need at least read:packages scope to list packages.",
    );
    await expectFailure(
      fx.client("ghp_bogus").rest.packages.listPackagesForOrganization({ org: "acme", package_type: "container" }),
      401,
      "Bad credentials",
    );
  });

  it("lists a user's packages: private ones to that user only, under /users/{username} and /user", async () => {
    const own = await fx.client().rest.packages.listPackagesForUser({ username: "octocat", package_type: "container" });
    assertArrayMatchesSchema(own.data, "package");
    assert.deepEqual(names(own.data), ["blog", "dotfiles"]);
    const other = await fx.client(OUTSIDER_TOKEN).rest.packages.listPackagesForUser({ username: "octocat", package_type: "container" });
    assert.deepEqual(names(other.data), ["blog"]);
    const mine = await fx.client().rest.packages.listPackagesForAuthenticatedUser({ package_type: "container" });
    assertArrayMatchesSchema(mine.data, "package");
    assert.deepEqual(names(mine.data), ["blog", "dotfiles"]);
    assert.deepEqual(
      names((await fx.client(OUTSIDER_TOKEN).rest.packages.listPackagesForAuthenticatedUser({ package_type: "container" })).data),
      [],
    );
  });

  it("pages with page/per_page and a Link header carrying package_type and visibility", async () => {
    const many = Array.from({ length: 5 }, (_, i) => pkg("acme", "org", `svc-${i}`, "public"));
    fx.emu.seed({ packages: many });
    const c = fx.client();
    const first = await c.rest.packages.listPackagesForOrganization({
      org: "acme",
      package_type: "container",
      visibility: "public",
      per_page: 2,
    });
    assert.deepEqual(names(first.data), ["svc-0", "svc-1"]);
    assert.match(first.headers.link ?? "", /package_type=container/);
    assert.match(first.headers.link ?? "", /visibility=public/);
    assert.match(first.headers.link ?? "", /page=2>; rel="next"/);
    const all = await c.paginate(c.rest.packages.listPackagesForOrganization, {
      org: "acme",
      package_type: "container",
      visibility: "public",
      per_page: 2,
    });
    assert.deepEqual(names(all), ["svc-0", "svc-1", "svc-2", "svc-3", "svc-4", "web"]);
    const listCalls = fx.emu.requests().filter((r) => r.method === "GET" && r.path === "/orgs/acme/packages");
    assert.equal(listCalls.length, 1 + 3, "one first page, then three pages of two");
  });
});
