import { strict as assert } from "node:assert";
import type { EmulatorSeed, PackageType, SeedVersion } from "../../emulator";
import { admin, ADMIN_TOKEN, ALL_SCOPES, expectFailure, NOW, orgApi, useEmulator } from "../support/emulator-fixture";
import { assertArrayMatchesSchema, assertMatchesSchema } from "../support/openapi-schemas";

function pkg(
  packageType: PackageType,
  name: string,
  versions: SeedVersion[],
  visibility: "public" | "private" = "public",
): NonNullable<EmulatorSeed["packages"]>[number] {
  return { owner: "acme", ownerType: "org", packageType, name, visibility, versions };
}

describe("emulator: delete and restore rules", () => {
  const fx = useEmulator(() => ({
    now: NOW,
    tokens: [{ token: ADMIN_TOKEN, login: "octocat", scopes: ALL_SCOPES, orgAdmin: ["acme"] }],
    packages: [
      pkg("container", "api", [
        { id: 1002, name: "sha256:aa11", tags: ["latest"], createdAt: "2026-11-20T00:00:00Z" },
        { id: 1001, name: "sha256:bb22", tags: [], createdAt: "2026-11-01T00:00:00Z" },
        { id: 1000, name: "sha256:cc33", tags: ["v1"], createdAt: "2026-10-01T00:00:00Z", deletedAt: "2026-11-10T00:00:00Z" },
      ]),
      pkg("npm", "popular", [
        { id: 1, name: "1.0.0", downloads: 5001 },
        { id: 2, name: "1.0.1", downloads: 5000 },
      ]),
      pkg(
        "npm",
        "popular-private",
        [
          { id: 3, name: "1.0.0", downloads: 9999 },
          { id: 4, name: "1.0.1" },
        ],
        "private",
      ),
      pkg("maven", "jar", [
        { id: 5, name: "1.0" },
        { id: 6, name: "1.1" },
      ]),
      pkg("nuget", "nu", [{ id: 7, name: "1.0" }]),
      pkg("npm", "solo", [{ id: 8, name: "1.0.0" }]),
      pkg("rubygems", "gem", [{ id: 9, name: "1.0.0" }]),
      pkg("npm", "reuse", [
        { id: 11, name: "2.0.0", deletedAt: "2026-11-20T00:00:00Z" },
        { id: 12, name: "2.0.0", createdAt: "2026-11-21T00:00:00Z" },
        { id: 13, name: "3.0.0" },
      ]),
    ],
  }));
  const c = (): ReturnType<typeof fx.client> => fx.client();
  const at = (package_type: PackageType, package_name: string, package_version_id: number) => ({
    org: "acme",
    package_type,
    package_name,
    package_version_id,
  });
  const deleteVersion = (type: PackageType, name: string, id: number) => c().rest.packages.deletePackageVersionForOrg(at(type, name, id));

  it("deletes a version: 204, gone from get and the active list, in the deleted list with deleted_at = emulator now", async () => {
    const res = await deleteVersion("container", "api", 1001);
    assert.equal(res.status, 204);
    await expectFailure(
      c().rest.packages.getPackageVersionForOrganization(at("container", "api", 1001)),
      404,
      "Package version not found.",
    );
    const deleted = await c().rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...orgApi, state: "deleted" });
    assertArrayMatchesSchema(deleted.data, "package-version");
    assert.deepEqual(
      deleted.data.map((v) => [v.id, v.deleted_at]),
      [
        [1001, NOW],
        [1000, "2026-11-10T00:00:00Z"],
      ],
    );
    assert.equal((await c().rest.packages.getPackageForOrganization(orgApi)).data.version_count, 1);
  });

  it("answers 404 when deleting a missing or already deleted version", async () => {
    await expectFailure(deleteVersion("container", "api", 1000), 404, "Package version not found.");
    await expectFailure(deleteVersion("container", "api", 77), 404, "Package version not found.");
  });

  it("refuses deleting a public version with more than 5000 downloads, allows exactly 5000 and private ones", async () => {
    const tooPopular =
      "Publicly visible package versions with more than 5000 downloads cannot be deleted. Contact GitHub support for further assistance.";
    await expectFailure(deleteVersion("npm", "popular", 1), 400, tooPopular);
    assert.equal((await deleteVersion("npm", "popular", 2)).status, 204);
    assert.equal((await deleteVersion("npm", "popular-private", 3)).status, 204);
  });

  it("refuses deleting the last tagged container version; untagged ones always go", async () => {
    const lastTagged = "You cannot delete the last tagged version of a package. You must delete the package instead.";
    await expectFailure(deleteVersion("container", "api", 1002), 400, lastTagged);
    assert.equal((await deleteVersion("container", "api", 1001)).status, 204);
  });

  it("allows deleting a tagged container version while another tagged one remains", async () => {
    fx.emu.seed({
      packages: [
        pkg("container", "api", [
          { id: 1002, name: "sha256:aa11", tags: ["latest"] },
          { id: 1003, name: "sha256:dd", tags: ["v3"] },
        ]),
      ],
    });
    assert.equal((await deleteVersion("container", "api", 1002)).status, 204);
    await expectFailure(deleteVersion("container", "api", 1003), 400, /last tagged version/);
  });

  it("refuses deleting the last maven and nuget version", async () => {
    assert.equal((await deleteVersion("maven", "jar", 5)).status, 204);
    await expectFailure(
      deleteVersion("maven", "jar", 6),
      400,
      "You cannot delete the last version of a package. You must delete the package instead.",
    );
    await expectFailure(deleteVersion("nuget", "nu", 7), 400, /last version of a package/);
  });

  it("deletes the whole npm or rubygems package with its last version; restoring the package brings it back", async () => {
    for (const [type, name, id] of [
      ["npm", "solo", 8],
      ["rubygems", "gem", 9],
    ] as const) {
      assert.equal((await deleteVersion(type, name, id)).status, 204);
      await expectFailure(
        c().rest.packages.getPackageForOrganization({ org: "acme", package_type: type, package_name: name }),
        404,
        "Package not found.",
      );
    }
    assert.equal((await c().rest.packages.restorePackageForOrg({ org: "acme", package_type: "npm", package_name: "solo" })).status, 204);
    const v = await c().rest.packages.getPackageVersionForOrganization(at("npm", "solo", 8));
    assertMatchesSchema(v.data, "package-version");
  });

  it("restores a deleted version within 30 days", async () => {
    const res = await c().rest.packages.restorePackageVersionForOrg(at("container", "api", 1000));
    assert.equal(res.status, 204);
    const v = await c().rest.packages.getPackageVersionForOrganization(at("container", "api", 1000));
    assert.equal(v.data.deleted_at, undefined);
    assert.equal(v.data.html_url, "https://github.com/orgs/acme/packages/container/api/1000");
  });

  it("answers 404 when restoring a version that is not deleted", async () => {
    await expectFailure(c().rest.packages.restorePackageVersionForOrg(at("container", "api", 1001)), 404, "Package version not found.");
  });

  it("refuses restoring when the name was reused by an active version", async () => {
    await expectFailure(
      c().rest.packages.restorePackageVersionForOrg(at("npm", "reuse", 11)),
      400,
      "Active package version already exists with given name.",
    );
    await deleteVersion("npm", "reuse", 12);
    assert.equal((await c().rest.packages.restorePackageVersionForOrg(at("npm", "reuse", 11))).status, 204);
  });

  it("keeps a deleted version restorable on day 30 and gone everywhere after", async () => {
    // 1000 was deleted 2026-11-10; day 30 ends 2026-12-10T00:00:00Z.
    fx.emu.setClock({ now: "2026-12-10T00:00:00Z" });
    assert.equal((await c().rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...orgApi, state: "deleted" })).data.length, 1);
    fx.emu.setClock({ advanceDays: 0.001 });
    assert.deepEqual((await c().rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...orgApi, state: "deleted" })).data, []);
    await expectFailure(c().rest.packages.restorePackageVersionForOrg(at("container", "api", 1000)), 404, "Package version not found.");
    await expectFailure(
      c().rest.packages.getPackageVersionForOrganization(at("container", "api", 1000)),
      404,
      "Package version not found.",
    );
    assert.equal(
      fx.emu
        .state()
        .packages.find((p) => p.name === "api")
        ?.versions.some((v) => v.id === 1000),
      false,
    );
  });

  it("restores a version exactly 30 days after its deletion", async () => {
    // 1000 was deleted 2026-11-10T00:00:00Z.
    fx.emu.setClock({ now: "2026-12-10T00:00:00Z" });
    assert.equal((await c().rest.packages.restorePackageVersionForOrg(at("container", "api", 1000))).status, 204);
    assert.equal((await c().rest.packages.getPackageVersionForOrganization(at("container", "api", 1000))).data.deleted_at, undefined);
  });

  it("refuses restoring 30 days and 1 ms after the deletion: the version is gone", async () => {
    fx.emu.setClock({ now: "2026-12-10T00:00:00.001Z" });
    await expectFailure(c().rest.packages.restorePackageVersionForOrg(at("container", "api", 1000)), 404, "Package version not found.");
  });

  it("drives the clock through the admin API", async () => {
    const set = await admin(fx.emu, "POST", "/clock", { advanceDays: 31 });
    assert.deepEqual(set, { status: 200, json: { now: "2026-12-27T00:00:00.000Z" } });
    await expectFailure(c().rest.packages.restorePackageVersionForOrg(at("container", "api", 1000)), 404);
    assert.equal((await admin(fx.emu, "POST", "/clock", { now: "not a date" })).status, 400);
  });

  it("deletes a package with its versions and restores it within 30 days", async () => {
    assert.equal((await c().rest.packages.deletePackageForOrg(orgApi)).status, 204);
    await expectFailure(c().rest.packages.getPackageForOrganization(orgApi), 404, "Package not found.");
    await expectFailure(c().rest.packages.getAllPackageVersionsForPackageOwnedByOrg(orgApi), 404, "Package not found.");
    await expectFailure(c().rest.packages.deletePackageForOrg(orgApi), 404, "Package not found.");
    assert.equal((await c().rest.packages.restorePackageForOrg(orgApi)).status, 204);
    const p = await c().rest.packages.getPackageForOrganization(orgApi);
    assert.equal(p.data.version_count, 2);
    // the version deleted before the package stays deleted
    const deleted = await c().rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...orgApi, state: "deleted" });
    assert.deepEqual(
      deleted.data.map((v) => v.id),
      [1000],
    );
  });

  it("answers 404 when restoring an active package or one deleted more than 30 days ago", async () => {
    await expectFailure(c().rest.packages.restorePackageForOrg(orgApi), 404, "Package not found.");
    await c().rest.packages.deletePackageForOrg(orgApi);
    fx.emu.setClock({ advanceDays: 31 });
    await expectFailure(c().rest.packages.restorePackageForOrg(orgApi), 404, "Package not found.");
  });

  it("applies the same rules through /user and /users/{username}", async () => {
    fx.emu.seed({
      packages: [
        {
          owner: "octocat",
          ownerType: "user",
          packageType: "maven",
          name: "lib",
          visibility: "public",
          versions: [
            { id: 30, name: "1.0" },
            { id: 31, name: "1.1" },
          ],
        },
      ],
    });
    assert.equal(
      (
        await c().rest.packages.deletePackageVersionForAuthenticatedUser({
          package_type: "maven",
          package_name: "lib",
          package_version_id: 30,
        })
      ).status,
      204,
    );
    await expectFailure(
      c().rest.packages.deletePackageVersionForUser({
        username: "octocat",
        package_type: "maven",
        package_name: "lib",
        package_version_id: 31,
      }),
      400,
      /last version/,
    );
    assert.equal(
      (
        await c().rest.packages.restorePackageVersionForUser({
          username: "octocat",
          package_type: "maven",
          package_name: "lib",
          package_version_id: 30,
        })
      ).status,
      204,
    );
    assert.equal((await c().rest.packages.deletePackageForAuthenticatedUser({ package_type: "maven", package_name: "lib" })).status, 204);
    assert.equal(
      (await c().rest.packages.restorePackageForUser({ username: "octocat", package_type: "maven", package_name: "lib" })).status,
      204,
    );
  });
});
