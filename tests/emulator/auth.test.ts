import { strict as assert } from "node:assert";
import {
  ADMIN_TOKEN,
  expectFailure,
  MEMBER_TOKEN,
  NO_SCOPES_TOKEN,
  octokit,
  orgApi,
  OUTSIDER_TOKEN,
  READ_ONLY_TOKEN,
  useEmulator,
} from "../support/emulator-fixture";
import { NOW } from "../support/clock";

describe("emulator: authentication, scopes and visibility", () => {
  const fx = useEmulator(() => ({
    now: NOW,
    tokens: [
      { token: ADMIN_TOKEN, login: "octocat", scopes: ["read:packages", "write:packages", "delete:packages"], orgAdmin: ["acme"] },
      { token: MEMBER_TOKEN, login: "monalisa", scopes: ["read:packages", "write:packages", "delete:packages"], orgMember: ["acme"] },
      { token: OUTSIDER_TOKEN, login: "hubot", scopes: ["read:packages", "write:packages", "delete:packages"] },
      { token: READ_ONLY_TOKEN, login: "reader", scopes: ["read:packages"], orgAdmin: ["acme"] },
      { token: NO_SCOPES_TOKEN, login: "nobody", scopes: [], orgAdmin: ["acme"] },
    ],
    packages: [
      {
        owner: "acme",
        ownerType: "org",
        packageType: "container",
        name: "api",
        visibility: "public",
        versions: [
          { id: 1, name: "sha256:a", tags: ["t"] },
          { id: 2, name: "sha256:b" },
          { id: 3, name: "sha256:c", deletedAt: "2026-11-20T00:00:00Z" },
        ],
      },
      {
        owner: "acme",
        ownerType: "org",
        packageType: "npm",
        name: "secret",
        visibility: "private",
        versions: [
          { id: 10, name: "1.0.0" },
          { id: 11, name: "1.0.1" },
        ],
      },
      {
        owner: "octocat",
        ownerType: "user",
        packageType: "npm",
        name: "mine",
        visibility: "private",
        versions: [
          { id: 20, name: "1.0.0" },
          { id: 21, name: "1.0.1" },
        ],
      },
    ],
  }));
  const get = { ...orgApi, package_version_id: 2 };

  it("answers 401 Requires authentication without a token", async () => {
    const f = await expectFailure(octokit(fx.emu.url).rest.packages.getPackageVersionForOrganization(get), 401, "Requires authentication");
    assert.equal(f.headers["x-ratelimit-limit"], "60");
  });

  it("answers 401 Bad credentials for an unknown token", async () => {
    await expectFailure(fx.client("ghp_unknown").rest.packages.getPackageVersionForOrganization(get), 401, "Bad credentials");
  });

  it("accepts Bearer as well as token authorization", async () => {
    const res = await fetch(`${fx.emu.url}/orgs/acme/packages/container/api/versions/2`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(res.status, 200);
  });

  it("sends X-OAuth-Scopes and X-Accepted-OAuth-Scopes", async () => {
    const res = await fx.client().rest.packages.getPackageVersionForOrganization(get);
    assert.equal(res.headers["x-oauth-scopes"], "read:packages, write:packages, delete:packages");
    assert.equal(res.headers["x-accepted-oauth-scopes"], "read:packages");
    const f = await expectFailure(fx.client(READ_ONLY_TOKEN).rest.packages.deletePackageVersionForOrg(get), 403);
    assert.equal(f.headers["x-accepted-oauth-scopes"], "delete:packages, read:packages");
    assert.equal(f.headers["x-oauth-scopes"], "read:packages");
  });

  it("needs read:packages to get or list", async () => {
    await expectFailure(
      fx.client(NO_SCOPES_TOKEN).rest.packages.getPackageVersionForOrganization(get),
      403,
      "You need at least read:packages scope to get a package version.",
    );
    await expectFailure(
      fx.client(NO_SCOPES_TOKEN).rest.packages.getAllPackageVersionsForPackageOwnedByOrg(orgApi),
      403,
      "You need at least read:packages scope to list a package's versions.",
    );
    await expectFailure(fx.client(NO_SCOPES_TOKEN).rest.packages.getPackageForOrganization(orgApi), 403, /read:packages/);
  });

  it("needs delete:packages and read:packages to delete, and to list deleted versions", async () => {
    await expectFailure(
      fx.client(READ_ONLY_TOKEN).rest.packages.deletePackageVersionForOrg(get),
      403,
      "You need at least delete:packages and read:packages scopes to delete a package version.",
    );
    await expectFailure(
      fx.client(READ_ONLY_TOKEN).rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...orgApi, state: "deleted" }),
      403,
      "You need at least delete:packages and read:packages scopes to get a package's deleted versions.",
    );
    await expectFailure(
      fx.client(READ_ONLY_TOKEN).rest.packages.deletePackageForOrg(orgApi),
      403,
      "You need at least delete:packages and read:packages scopes to delete a package.",
    );
  });

  it("needs read:packages and write:packages to restore", async () => {
    await expectFailure(
      fx.client(READ_ONLY_TOKEN).rest.packages.restorePackageVersionForOrg({ ...orgApi, package_version_id: 3 }),
      403,
      "You need at least read:packages and write:packages scopes to restore a package version.",
    );
    await expectFailure(
      fx.client(READ_ONLY_TOKEN).rest.packages.restorePackageForOrg(orgApi),
      403,
      "You need at least read:packages and write:packages scopes to restore a package.",
    );
  });

  it("checks scopes before existence (403, not 404, for a missing package)", async () => {
    await expectFailure(
      fx.client(READ_ONLY_TOKEN).rest.packages.deletePackageVersionForOrg({ ...get, package_name: "nope" }),
      403,
      /delete:packages/,
    );
  });

  it("checks package_type (422) before scopes", async () => {
    await expectFailure(
      fx
        .client(NO_SCOPES_TOKEN)
        .request("GET /orgs/{org}/packages/{package_type}/{package_name}", { ...orgApi, package_type: "pip" as "npm" }),
      422,
      "The package_type parameter is invalid.",
    );
  });

  it("hides private org packages from non-members with 404, shows them to members", async () => {
    const secret = { org: "acme", package_type: "npm", package_name: "secret" } as const;
    await expectFailure(fx.client(OUTSIDER_TOKEN).rest.packages.getPackageForOrganization(secret), 404, "Package not found.");
    const res = await fx.client(MEMBER_TOKEN).rest.packages.getPackageForOrganization(secret);
    assert.equal(res.data.visibility, "private");
  });

  it("hides private user packages from other users, shows them to the owner", async () => {
    const mine = { username: "octocat", package_type: "npm", package_name: "mine" } as const;
    await expectFailure(fx.client(OUTSIDER_TOKEN).rest.packages.getPackageForUser(mine), 404, "Package not found.");
    assert.equal(
      (await fx.client(ADMIN_TOKEN).rest.packages.getPackageForUser({ ...mine, username: "OctoCat" })).data.owner?.login,
      "octocat",
    );
  });

  it("/user addresses the token's own packages", async () => {
    await expectFailure(
      fx.client(OUTSIDER_TOKEN).rest.packages.getPackageForAuthenticatedUser({ package_type: "npm", package_name: "mine" }),
      404,
      "Package not found.",
    );
    const res = await fx.client().rest.packages.getPackageForAuthenticatedUser({ package_type: "npm", package_name: "mine" });
    assert.equal(res.data.url, `${fx.emu.url}/users/octocat/packages/npm/mine`);
  });

  it("refuses delete by a member who is not org admin with 403, after the package check", async () => {
    await expectFailure(
      fx.client(MEMBER_TOKEN).rest.packages.deletePackageVersionForOrg(get),
      403,
      "You must have admin rights to the package to perform this action.",
    );
    await expectFailure(
      fx.client(OUTSIDER_TOKEN).rest.packages.restorePackageVersionForOrg({ ...orgApi, package_version_id: 3 }),
      403,
      /admin rights/,
    );
    await expectFailure(
      fx.client(OUTSIDER_TOKEN).rest.packages.deletePackageVersionForOrg({ ...get, package_name: "secret", package_type: "npm" }),
      404,
      "Package not found.",
    );
  });

  it("checks admin rights before the version exists (403, not 404)", async () => {
    await expectFailure(
      fx.client(MEMBER_TOKEN).rest.packages.deletePackageVersionForOrg({ ...get, package_version_id: 999 }),
      403,
      /admin rights/,
    );
  });

  it("lets only the owning user delete user packages", async () => {
    const v = { username: "octocat", package_type: "npm", package_name: "mine", package_version_id: 21 } as const;
    await expectFailure(fx.client(OUTSIDER_TOKEN).rest.packages.deletePackageVersionForUser(v), 404, "Package not found.");
    const res = await fx.client().rest.packages.deletePackageVersionForUser(v);
    assert.equal(res.status, 204);
    await expectFailure(fx.client().rest.packages.getPackageVersionForAuthenticatedUser(v), 404, "Package version not found.");
  });

  it("answers 404 Not Found for unknown routes and methods", async () => {
    await expectFailure(fx.client().request("PATCH /orgs/{org}/packages/{package_type}/{package_name}", orgApi), 404, "Not Found");
    await expectFailure(fx.client().request("GET /orgs/acme/packages/container/api/versions/abc"), 404, "Not Found");
  });
});
