import { strict as assert } from "node:assert";
import { expectFailure, orgApi, useEmulator } from "../support/emulator-fixture";
import { ACTIONS_TOKEN, ADMIN_TOKEN, APP_TOKEN, FINE_GRAINED_TOKEN } from "../support/base-seed";
import { assertMatchesSchema } from "../support/openapi-schemas";
import { tokenKindsSeed, WORKFLOW_REPOSITORY } from "../support/token-kinds";
import { parseSeed, SeedValidationError, startEmulator } from "../../emulator";

const npm = (name: string) => ({ org: "acme", package_type: "npm", package_name: name }) as const;

describe("emulator: token kinds (classic, a workflow's GITHUB_TOKEN, fine-grained, App)", () => {
  const fx = useEmulator(tokenKindsSeed);

  describe("actions: a workflow's GITHUB_TOKEN bound to its repository", () => {
    it("reads a private package its repository has any role on, and 404s one it has none on", async () => {
      for (const name of ["granted-admin", "granted-write", "granted-read"]) {
        const res = await fx.client(ACTIONS_TOKEN).rest.packages.getAllPackageVersionsForPackageOwnedByOrg(npm(name));
        assert.equal(res.data.length, 3, name);
      }
      await expectFailure(
        fx.client(ACTIONS_TOKEN).rest.packages.getAllPackageVersionsForPackageOwnedByOrg(npm("not-granted")),
        404,
        "Package not found.",
      );
    });

    it("deletes and restores with the Admin role only; Write and Read get 403 Resource not accessible by integration", async () => {
      await fx.client(ACTIONS_TOKEN).rest.packages.deletePackageVersionForOrg({ ...npm("granted-admin"), package_version_id: 101 });
      await fx.client(ACTIONS_TOKEN).rest.packages.restorePackageVersionForOrg({ ...npm("granted-admin"), package_version_id: 101 });
      for (const [name, id] of [
        ["granted-write", 201],
        ["granted-read", 301],
      ] as const) {
        await expectFailure(
          fx.client(ACTIONS_TOKEN).rest.packages.deletePackageVersionForOrg({ ...npm(name), package_version_id: id }),
          403,
          "Resource not accessible by integration",
        );
      }
      await expectFailure(
        fx.client(ACTIONS_TOKEN).rest.packages.deletePackageVersionForOrg({ ...npm("not-granted"), package_version_id: 401 }),
        404,
        "Package not found.",
      );
      const writes = fx.emu.requests().filter((r) => r.method !== "GET");
      assert.deepEqual(
        writes.map((r) => r.status),
        [204, 204, 403, 403, 404],
      );
    });

    it("lists deleted versions with the Admin role only", async () => {
      await fx.client(ACTIONS_TOKEN).rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...npm("granted-admin"), state: "deleted" });
      await expectFailure(
        fx.client(ACTIONS_TOKEN).rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...npm("granted-write"), state: "deleted" }),
        403,
        "Resource not accessible by integration",
      );
    });

    it("reads a repository-scoped (maven) package linked to its repository, never deletes it", async () => {
      const maven = { org: "acme", package_type: "maven", package_name: "com.acme.lib" } as const;
      const res = await fx.client(ACTIONS_TOKEN).rest.packages.getPackageForOrganization(maven);
      assert.equal(res.data.name, "com.acme.lib");
      await expectFailure(
        fx.client(ACTIONS_TOKEN).rest.packages.deletePackageVersionForOrg({ ...maven, package_version_id: 501 }),
        403,
        "Resource not accessible by integration",
      );
    });

    it("may not list an org's packages, nor read GET /user (403 Resource not accessible by integration)", async () => {
      await expectFailure(
        fx.client(ACTIONS_TOKEN).rest.packages.listPackagesForOrganization({ org: "acme", package_type: "npm" }),
        403,
        "Resource not accessible by integration",
      );
      await expectFailure(fx.client(ACTIONS_TOKEN).request("GET /user"), 403, "Resource not accessible by integration");
    });

    it("has its repository's budget, 1,000 an hour, shared by the repository's tokens, and no X-OAuth-Scopes", async () => {
      const res = await fx.client(ACTIONS_TOKEN).rest.packages.getPackageForOrganization(npm("granted-read"));
      assert.equal(res.headers["x-ratelimit-limit"], "1000");
      assert.equal(res.headers["x-ratelimit-remaining"], "999");
      assert.equal(res.headers["x-oauth-scopes"], undefined);
      assertMatchesSchema(res.data, "package");
      // A second GITHUB_TOKEN of the same repository (another job) spends the same budget.
      fx.emu.seed({
        tokens: [
          {
            token: "ghs_OTHERJOBtestSECRET0123456789abcdefXYZ",
            kind: "actions",
            repository: WORKFLOW_REPOSITORY.toUpperCase(),
            login: "github-actions[bot]",
          },
        ],
      });
      const other = await fx
        .client("ghs_OTHERJOBtestSECRET0123456789abcdefXYZ")
        .rest.packages.getPackageForOrganization(npm("granted-read"));
      assert.equal(other.headers["x-ratelimit-remaining"], "998");
      const classic = await fx.client(ADMIN_TOKEN).rest.packages.getPackageForOrganization(npm("granted-read"));
      assert.equal(classic.headers["x-ratelimit-limit"], "5000");
      assert.equal(classic.headers["x-oauth-scopes"], "read:packages, write:packages, delete:packages");
    });

    it("is held to actionsPrimaryLimit (Enterprise Cloud's 15,000 when set)", async () => {
      fx.emu.setRateLimits({ actionsPrimaryLimit: 15_000 });
      const res = await fx.client(ACTIONS_TOKEN).rest.packages.getPackageForOrganization(npm("granted-read"));
      assert.equal(res.headers["x-ratelimit-limit"], "15000");
      fx.emu.setRateLimits({ actionsPrimaryLimit: 2 });
      await fx.client(ACTIONS_TOKEN).rest.packages.getPackageForOrganization(npm("granted-read"));
      const spent = await expectFailure(
        fx.client(ACTIONS_TOKEN).rest.packages.getPackageForOrganization(npm("granted-read")),
        403,
        /API rate limit exceeded/,
      );
      assert.equal(spent.headers["x-ratelimit-remaining"], "0");
    });
  });

  describe("fine-grained personal tokens and App installation tokens: refused by every packages endpoint", () => {
    it("fine-grained: 403 Resource not accessible by personal access token, before the package is looked up; GET /user works", async () => {
      await expectFailure(
        fx.client(FINE_GRAINED_TOKEN).rest.packages.getAllPackageVersionsForPackageOwnedByOrg(npm("granted-admin")),
        403,
        "Resource not accessible by personal access token",
      );
      await expectFailure(
        fx.client(FINE_GRAINED_TOKEN).rest.packages.deletePackageVersionForOrg({ ...npm("nope"), package_version_id: 1 }),
        403,
        "Resource not accessible by personal access token",
      );
      const user = await fx.client(FINE_GRAINED_TOKEN).request("GET /user");
      assert.equal(user.data.login, "octocat");
      assert.equal(user.headers["x-oauth-scopes"], undefined);
      assert.equal(user.headers["x-ratelimit-limit"], "5000");
    });

    it("app: 403 Resource not accessible by integration everywhere, GET /user included", async () => {
      await expectFailure(
        fx.client(APP_TOKEN).rest.packages.getPackageForOrganization(npm("granted-admin")),
        403,
        "Resource not accessible by integration",
      );
      await expectFailure(
        fx.client(APP_TOKEN).rest.packages.listPackagesForOrganization({ org: "acme", package_type: "npm" }),
        403,
        "Resource not accessible by integration",
      );
      await expectFailure(fx.client(APP_TOKEN).request("GET /user"), 403, "Resource not accessible by integration");
      assert.equal(
        fx.emu
          .state()
          .packages.find((p) => p.name === "granted-admin")
          ?.versions.filter((v) => v.deletedAt !== undefined).length,
        0,
      );
    });

    it("classic tokens are unchanged (scopes checked, X-OAuth-Scopes sent)", async () => {
      await fx
        .client(ADMIN_TOKEN)
        .rest.packages.deletePackageVersionForOrg({ ...orgApi, package_type: "npm", package_name: "not-granted", package_version_id: 401 });
    });
  });

  describe("seed format", () => {
    const refused = (token: Record<string, unknown>, field: string, problem: RegExp) => {
      assert.throws(
        () => parseSeed({ tokens: [token] }),
        (e: unknown) => e instanceof SeedValidationError && e.field === field && problem.test(e.message),
      );
    };
    it("kind defaults to classic, which needs scopes", () => {
      refused({ token: "t", login: "x" }, "tokens[0].scopes", /is required/);
      assert.equal(parseSeed({ tokens: [{ token: "t", login: "x", scopes: [] }] }).tokens[0]?.kind, "classic");
    });
    it("an actions token needs its repository and no scopes; prefixes are GitHub's", () => {
      refused({ token: "ghs_x", kind: "actions", login: "github-actions[bot]" }, "tokens[0].repository", /required for an actions token/);
      refused(
        { token: "ghs_x", kind: "actions", repository: "acme/app", login: "b", scopes: [] },
        "tokens[0].scopes",
        /classic tokens only/,
      );
      refused({ token: "ghp_x", kind: "actions", repository: "acme/app", login: "b" }, "tokens[0].token", /must start with ghs_/);
      refused({ token: "ghp_x", kind: "fine-grained", login: "b" }, "tokens[0].token", /must start with github_pat_/);
      refused({ token: "ghs_x", kind: "app", repository: "acme/app", login: "b" }, "tokens[0].repository", /actions tokens only/);
      refused({ token: "t", kind: "robot", login: "b" }, "tokens[0].kind", /./);
    });
    it("a package's actionsAccess names a repository and a role", async () => {
      assert.throws(
        () =>
          parseSeed({
            packages: [
              {
                owner: "acme",
                ownerType: "org",
                packageType: "npm",
                name: "p",
                actionsAccess: [{ repository: "acme/app", role: "owner" }],
              },
            ],
          }),
        (e: unknown) => e instanceof SeedValidationError && e.field === "packages[0].actionsAccess[0].role",
      );
      const emu = await startEmulator({ seed: tokenKindsSeed() });
      try {
        const state = emu.state();
        assert.deepEqual(state.packages.find((p) => p.name === "granted-admin")?.actionsAccess, [
          { repository: "acme/app", role: "admin" },
        ]);
        assert.deepEqual(state.tokens.find((t) => t.kind === "actions")?.repository, WORKFLOW_REPOSITORY);
      } finally {
        await emu.close();
      }
    });
  });
});
