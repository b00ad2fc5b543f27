/**
 * Each kind of token and each missing permission, against the emulator over HTTP: a retention plan
 * with writes is refused before any write (at preview as at up), with the real cause and the fix.
 */
import { strict as assert } from "node:assert";
import {
  getPackages,
  type PackageRetentionPolicyArgs,
  PackagesLookupError,
  PackageVersionError,
  PackageVersionsLookupError,
  TokenPermissionError,
} from "pulumi-github-package-versions";
import {
  identifyToken,
  packageVersionHandlers as versionHandlers,
  planBudgetLine,
  planPackageRetention,
} from "pulumi-github-package-versions/testing";
import { type Emulator, startEmulator } from "../../emulator";
import { useFakeWaitClock } from "../support/wait-clock";
import {
  ACTIONS_TOKEN,
  ADMIN_TOKEN,
  APP_TOKEN,
  FINE_GRAINED_TOKEN,
  NOW,
  READ_ONLY_TOKEN,
  TEST_TOKENS,
  stackConfig,
} from "../support/provider-fixture";
import { ORG_MEMBER_TOKEN, ORG_OWNER_TOKEN } from "../support/base-seed";
import { checkDeclaredWritePermission, declaredWrites } from "pulumi-github-package-versions/testing";
import { tokenKindsSeed, WORKFLOW_REPOSITORY } from "../support/token-kinds";
import { withGitHubEnv } from "../support/github-env";

/** read:packages and delete:packages, no write:packages: deletes, cannot restore. */
const READ_DELETE_TOKEN = "ghp_READDELETEtestSECRET0123456789abcdefXYZ";
/** Every packages scope and read:org, of a user in no org. */
const ORGLESS_TOKEN = "ghp_ORGLESStestSECRET0123456789abcdefXYZ";
const ALL = [...TEST_TOKENS, READ_DELETE_TOKEN, ORGLESS_TOKEN];

/** The variables GitHub Actions sets in every step, or none of them (a run on a laptop). */
function actionsEnv(inActions: boolean): () => void {
  const saved = { GITHUB_ACTIONS: process.env["GITHUB_ACTIONS"], GITHUB_REPOSITORY: process.env["GITHUB_REPOSITORY"] };
  delete process.env["GITHUB_ACTIONS"];
  delete process.env["GITHUB_REPOSITORY"];
  if (inActions) Object.assign(process.env, { GITHUB_ACTIONS: "true", GITHUB_REPOSITORY: WORKFLOW_REPOSITORY });
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

describe("token kinds: what GitHub accepts, checked before the plan's first write", () => {
  useFakeWaitClock();
  let emu: Emulator;
  let restore: (() => void)[] = [];
  beforeEach(async () => {
    const seed = tokenKindsSeed();
    seed.tokens!.push({ token: READ_DELETE_TOKEN, login: "pruner", scopes: ["read:packages", "delete:packages"], orgAdmin: ["acme"] });
    seed.tokens!.push({ token: ORGLESS_TOKEN, login: "hubot", scopes: ["read:packages", "write:packages", "delete:packages", "read:org"] });
    // A version of granted-admin deleted 2 days ago, for plans that restore.
    seed
      .packages!.find((p) => p.name === "not-granted")!
      .versions!.push({ id: 499, name: "0.9.0", createdAt: "2026-10-01T00:00:00Z", deletedAt: "2026-11-30T00:00:00Z" });
    emu = await startEmulator({ seed });
  });
  afterEach(async () => {
    for (const undo of restore.reverse()) undo();
    restore = [];
    await emu.close();
  });
  const useToken = (token: string, inActions = false): void => {
    restore.push(withGitHubEnv({ GITHUB_TOKEN: token, GITHUB_BASE_URL: emu.url }), actionsEnv(inActions));
  };
  /** Keep the newest version of an npm package of acme: 2 deletions; only the active versions listed. */
  const policy = (name: string, extra: Partial<PackageRetentionPolicyArgs> = {}): PackageRetentionPolicyArgs =>
    ({
      org: "acme",
      packageType: "npm",
      packageName: name,
      keepLatest: 1,
      perVersionChildren: false,
      now: NOW,
      baseUrl: emu.url,
      ...extra,
    }) as PackageRetentionPolicyArgs;
  const writes = () => emu.requests().filter((r) => r.method !== "GET");
  const log = () =>
    emu.requests().map((r) => `${r.method} ${r.path}${r.query["state"] !== undefined ? `?state=${r.query["state"]}` : ""} ${r.status}`);
  const refusedWith = async (call: Promise<unknown>): Promise<Error> => {
    try {
      await call;
    } catch (error) {
      assert.ok(error instanceof Error);
      for (const token of ALL) assert.ok(!error.message.includes(token) && !(error.stack ?? "").includes(token), "the token never appears");
      return error;
    }
    assert.fail("expected the plan to be refused");
  };

  describe("telling the kind from the token and the environment", () => {
    it("github_pat_ is fine-grained, ghs_ the workflow's GITHUB_TOKEN in Actions and an App's elsewhere, ghu_ an App's, the rest classic", () => {
      const inActions = { GITHUB_ACTIONS: "true", GITHUB_REPOSITORY: "acme/app" };
      assert.equal(identifyToken("github_pat_11AB", inActions).kind, "fine-grained");
      assert.deepEqual(identifyToken("ghs_abc", inActions), {
        kind: "actions",
        repository: "acme/app",
        basis: "a ghs_ token in GitHub Actions: the workflow's GITHUB_TOKEN of acme/app",
      });
      assert.equal(identifyToken("ghs_abc", {}).kind, "app");
      assert.equal(identifyToken("ghs_abc", { GITHUB_ACTIONS: "true" }).kind, "app", "no GITHUB_REPOSITORY: no repository to bind it to");
      assert.equal(identifyToken("ghu_abc", inActions).kind, "app");
      for (const classic of ["ghp_abc", "gho_abc", "0123456789abcdef0123456789abcdef01234567"])
        assert.equal(identifyToken(classic, inActions).kind, "classic");
    });
  });

  describe("classic tokens: scopes from X-OAuth-Scopes, without a request of their own", () => {
    it("a token with the scopes plans its deletions; the plan shows the budget GitHub reported (5,000)", async () => {
      useToken(ADMIN_TOKEN);
      const plan = await planPackageRetention(policy("granted-admin"));
      assert.deepEqual(plan.deletedIds, [102, 101]);
      assert.equal(plan.token.token.kind, "classic");
      assert.equal(
        plan.token.access,
        "scopes read:packages and delete:packages present; the user's role in org acme not checked (no read:org)",
      );
      assert.equal(plan.token.budget?.limit, 5000);
      assert.equal(plan.token.budget?.remaining, 4999);
      assert.deepEqual(log(), ["GET /orgs/acme/packages/npm/granted-admin/versions?state=active 200"], "the listing alone: no GET /user");
    });

    it("a token without delete:packages is refused with where to add it, 0 writes", async () => {
      useToken(READ_ONLY_TOKEN);
      const error = await refusedWith(planPackageRetention(policy("granted-admin")));
      assert.ok(error instanceof TokenPermissionError);
      assert.equal(
        error.message,
        "Cannot make the retention plan's writes to npm package granted-admin of org acme: this token lacks delete:packages (it has read:packages, as GitHub's X-OAuth-Scopes says): " +
          "add it at https://github.com/settings/tokens (edit the token and check delete:packages, or make one at https://github.com/settings/tokens/new?scopes=read:packages,delete:packages). Nothing was changed.",
      );
      assert.deepEqual(writes(), []);
    });

    it("a restore needs write:packages: a token without it is refused naming it", async () => {
      useToken(READ_DELETE_TOKEN);
      const error = await refusedWith(planPackageRetention(policy("not-granted", { keepLatest: 10, restoreKept: true })));
      assert.ok(error instanceof TokenPermissionError);
      assert.match(
        error.message,
        /this token lacks write:packages \(it has read:packages and delete:packages, as GitHub's X-OAuth-Scopes says\): add it at https:\/\/github\.com\/settings\/tokens/,
      );
      assert.deepEqual(writes(), []);
    });

    it("a plan without writes checks nothing and asks nothing more", async () => {
      useToken(READ_ONLY_TOKEN);
      const plan = await planPackageRetention(policy("granted-admin", { keepLatest: 10 }));
      assert.deepEqual(plan.deletedIds, []);
      assert.equal(plan.token.access, "no writes planned, no permission needed");
      assert.equal(emu.requests().length, 1);
    });
  });

  describe("classic tokens: the user's role in the org, asked when the token has read:org", () => {
    const MEMBERSHIP = "GET /user/memberships/orgs/acme";
    const memberRefusal =
      "Cannot make the retention plan's writes to npm package granted-admin of org acme: the token's user monalisa is a member of org acme with the role member, " +
      "and GitHub lets only an org's owners delete and restore its package versions (with the Admin role on the package, which owners have: package settings > Manage access, " +
      "https://github.com/orgs/acme/packages/npm/granted-admin/settings): an owner of acme makes monalisa an Owner at https://github.com/orgs/acme/people (People > Change role), " +
      "or the run uses a classic token of an owner of acme. Nothing was changed.";

    it("an owner: the plan goes ahead after one membership GET, asked once per org in the run", async () => {
      useToken(ORG_OWNER_TOKEN);
      const plan = await planPackageRetention(policy("granted-admin"));
      assert.deepEqual(plan.deletedIds, [102, 101]);
      assert.equal(plan.token.access, "scopes read:packages and delete:packages present; owner is an owner of org acme");
      await planPackageRetention(policy("granted-write"));
      assert.deepEqual(log(), [
        "GET /orgs/acme/packages/npm/granted-admin/versions?state=active 200",
        `${MEMBERSHIP} 200`,
        "GET /orgs/acme/packages/npm/granted-write/versions?state=active 200",
      ]);
    });

    it("a member: refused at the plan with the page where an owner changes the role, 0 writes", async () => {
      useToken(ORG_MEMBER_TOKEN);
      const error = await refusedWith(planPackageRetention(policy("granted-admin")));
      assert.ok(error instanceof TokenPermissionError);
      assert.equal(error.message, memberRefusal);
      assert.deepEqual(writes(), []);
      assert.deepEqual(log(), ["GET /orgs/acme/packages/npm/granted-admin/versions?state=active 200", `${MEMBERSHIP} 200`]);
    });

    it("a restore is checked the same way", async () => {
      useToken(ORG_MEMBER_TOKEN);
      const error = await refusedWith(planPackageRetention(policy("not-granted", { keepLatest: 10, restoreKept: true })));
      assert.match(error.message, /the token's user monalisa is a member of org acme with the role member/);
      assert.deepEqual(writes(), []);
    });

    it("a user outside the org (a public package): GitHub's 404 on the membership is said as such, 0 writes", async () => {
      await emu.seed({
        packages: [
          {
            owner: "acme",
            ownerType: "org",
            packageType: "npm",
            name: "public-lib",
            visibility: "public",
            versions: [{ name: "1.0.0" }, { name: "2.0.0" }],
          },
        ],
      });
      useToken(ORGLESS_TOKEN);
      const error = await refusedWith(planPackageRetention(policy("public-lib")));
      assert.match(
        error.message,
        /: the token's user is not a member of org acme, and GitHub lets only an org's owners delete and restore its package versions .*: an owner of acme makes the token's user an Owner at https:\/\/github\.com\/orgs\/acme\/people/,
      );
      assert.deepEqual(writes(), []);
      assert.deepEqual(log(), ["GET /orgs/acme/packages/npm/public-lib/versions?state=active 200", `${MEMBERSHIP} 404`]);
    });

    it("without read:org the role is not asked: no request, and the plan says it was not checked", async () => {
      useToken(ADMIN_TOKEN);
      const plan = await planPackageRetention(policy("granted-admin"));
      assert.equal(
        plan.token.access,
        "scopes read:packages and delete:packages present; the user's role in org acme not checked (no read:org)",
      );
      assert.ok(!log().some((line) => line.startsWith(MEMBERSHIP)));
    });
  });

  describe("PackageVersions the program declares, with a classic token: checked before any write", () => {
    const declared = (packageName: string, state: "present" | "deleted", versionId: number) =>
      ({ org: "acme", packageType: "npm", packageName, versionId, state, baseUrl: emu.url }) as const;
    const recorded = (state?: "present" | "deleted") => () => Promise.resolve(state);

    it("the writes are told from the declared and the recorded state", () => {
      assert.deepEqual(declaredWrites("deleted", undefined, "classic"), { deletions: 1, restores: 0 });
      assert.deepEqual(declaredWrites("deleted", "present", "classic"), { deletions: 1, restores: 0 });
      assert.deepEqual(declaredWrites("deleted", "deleted", "classic"), { deletions: 0, restores: 0 });
      assert.deepEqual(
        declaredWrites("deleted", "deleted", "actions"),
        { deletions: 1, restores: 0 },
        "a workflow token reads deleted versions with Admin only",
      );
      assert.deepEqual(declaredWrites("present", "deleted", "classic"), { deletions: 0, restores: 1 });
      assert.deepEqual(declaredWrites("present", undefined, "classic"), { deletions: 0, restores: 0 });
    });

    it("declared deleted, a token without delete:packages: refused with the fix after one GET /user (the scopes), 0 writes", async () => {
      useToken(READ_ONLY_TOKEN);
      const error = await refusedWith(checkDeclaredWritePermission("api-101", declared("granted-admin", "deleted", 101), recorded()));
      assert.ok(error instanceof TokenPermissionError);
      assert.equal(
        error.message,
        "Cannot make PackageVersion api-101's deletion in npm package granted-admin of org acme: this token lacks delete:packages (it has read:packages, as GitHub's X-OAuth-Scopes says): " +
          "add it at https://github.com/settings/tokens (edit the token and check delete:packages, or make one at https://github.com/settings/tokens/new?scopes=read:packages,delete:packages). Nothing was changed.",
      );
      assert.deepEqual(log(), ["GET /user 200"]);
      assert.deepEqual(writes(), []);
    });

    it("recorded deleted, declared present (a restore), a token without write:packages: refused naming it", async () => {
      useToken(READ_DELETE_TOKEN);
      const error = await refusedWith(
        checkDeclaredWritePermission("old-499", declared("not-granted", "present", 499), recorded("deleted")),
      );
      assert.match(
        error.message,
        /^Cannot make PackageVersion old-499's restore in npm package not-granted of org acme: this token lacks write:packages/,
      );
      assert.deepEqual(writes(), []);
    });

    it("declared deleted, a member with read:org: refused for the role, one GET /user and one membership GET", async () => {
      useToken(ORG_MEMBER_TOKEN);
      const error = await refusedWith(
        checkDeclaredWritePermission("api-101", declared("granted-admin", "deleted", 101), recorded("present")),
      );
      assert.match(
        error.message,
        /^Cannot make PackageVersion api-101's deletion in npm package granted-admin of org acme: the token's user monalisa is a member of org acme/,
      );
      assert.deepEqual(log(), ["GET /user 200", "GET /user/memberships/orgs/acme 200"]);
    });

    it("nothing to write (declared deleted and recorded deleted, or present): nothing checked, nothing asked", async () => {
      useToken(READ_ONLY_TOKEN);
      await checkDeclaredWritePermission("api-101", declared("granted-admin", "deleted", 101), recorded("deleted"));
      await checkDeclaredWritePermission("api-102", declared("granted-admin", "present", 102), recorded("present"));
      assert.deepEqual(log(), []);
    });
  });

  describe("the workflow's GITHUB_TOKEN: its repository's role on the package", () => {
    it("Admin: the plan goes ahead after one GET only an Admin may make; the budget is the repository's 1,000", async () => {
      useToken(ACTIONS_TOKEN, true);
      const plan = await planPackageRetention(policy("granted-admin"));
      assert.deepEqual(plan.deletedIds, [102, 101]);
      assert.deepEqual(plan.token.token, identifyToken(ACTIONS_TOKEN, { GITHUB_ACTIONS: "true", GITHUB_REPOSITORY: WORKFLOW_REPOSITORY }));
      assert.equal(plan.token.access, "the workflow's GITHUB_TOKEN of acme/app, Admin on the package");
      assert.equal(plan.token.budget?.limit, 1000);
      assert.equal(plan.token.budget?.remaining, 998);
      assert.deepEqual(log(), [
        "GET /orgs/acme/packages/npm/granted-admin/versions?state=active 200",
        "GET /orgs/acme/packages/npm/granted-admin/versions?state=deleted 200",
      ]);
      assert.equal(emu.requests()[1]!.query["per_page"], "1");
    });

    it("the plan line says what GitHub's headers said, and how many of the writes fit above the reserve", async () => {
      emu.setRateLimits({ actionsPrimaryLimit: 103 });
      useToken(ACTIONS_TOKEN, true);
      const plan = await planPackageRetention(policy("granted-admin"));
      // 103 an hour, 2 spent (the listing, the role check): 101 left, 1 above a reserve of 100.
      assert.match(
        planBudgetLine(plan.token, plan.deletedIds.length, 100),
        /^Token: the workflow's GITHUB_TOKEN \(repository acme\/app\); the workflow's GITHUB_TOKEN of acme\/app, Admin on the package; GitHub's budget \(x-ratelimit-\*\): 101 of 103 requests left until \S+Z; only 1 of this run's 2 writes fit above github:rateLimitReserve 100: the other 1 wait for a later run$/,
      );
      assert.match(planBudgetLine(plan.token, plan.deletedIds.length, undefined), /; this run's 2 writes fit$/);
    });

    for (const role of ["write", "read"] as const) {
      it(`${role === "write" ? "Write" : "Read"}: refused at the plan with the settings page to change, 0 writes`, async () => {
        useToken(ACTIONS_TOKEN, true);
        const error = await refusedWith(planPackageRetention(policy(`granted-${role}`)));
        assert.ok(error instanceof TokenPermissionError);
        assert.equal(error.tokenKind, "actions");
        assert.match(
          error.message,
          new RegExp(
            `^Cannot make the retention plan's writes to npm package granted-${role} of org acme: the workflow's repository acme/app has no Admin role on npm package granted-${role} of org acme: ` +
              `package settings > Manage Actions access > add acme/app as Admin \\(https://github\\.com/orgs/acme/packages/npm/granted-${role}/settings\\); the job also needs \`permissions: packages: write\`\\. ` +
              `\\(GitHub said 403 "Resource not accessible by integration"; a GitHub App's ghs_ token gets the same answer`,
          ),
        );
        assert.deepEqual(writes(), []);
      });
    }

    it("no role: GitHub's 404 is reported as the repository's missing access or a missing package, both", async () => {
      useToken(ACTIONS_TOKEN, true);
      const error = await refusedWith(planPackageRetention(policy("not-granted")));
      assert.ok(error instanceof PackageVersionsLookupError);
      assert.match(error.message, /GitHub said \(404\): "Package not found\."/);
      assert.match(
        error.message,
        /Either there is no npm package not-granted of org acme \(check the owner, packageType and packageName\), or the repository acme\/app has no role on it: package settings > Manage Actions access > add acme\/app \(Admin to delete or restore versions, Read to list them; https:\/\/github\.com\/orgs\/acme\/packages\/npm\/not-granted\/settings\)/,
      );
      assert.deepEqual(writes(), []);
    });

    it("a repository-scoped registry (maven): refused without asking, a classic token named instead", async () => {
      useToken(ACTIONS_TOKEN, true);
      const error = await refusedWith(planPackageRetention(policy("com.acme.lib", { packageType: "maven" })));
      assert.ok(error instanceof TokenPermissionError);
      assert.match(
        error.message,
        /GitHub does not let a workflow's GITHUB_TOKEN delete or restore maven packages \(their permissions are repository-scoped\): store a personal access token \(classic\) with read:packages, write:packages and delete:packages/,
      );
      assert.deepEqual(log(), ["GET /orgs/acme/packages/maven/com.acme.lib/versions?state=active 200"]);
    });

    it("a packageName pattern: GitHub's 403 on the owner's package list names a policy per package or a classic token", async () => {
      useToken(ACTIONS_TOKEN, true);
      const error = await refusedWith(getPackages({ org: "acme", packageType: "npm", names: ["granted-*"], baseUrl: emu.url }));
      assert.ok(error instanceof PackagesLookupError);
      assert.match(
        error.message,
        /^Cannot list the npm packages of org acme: GitHub does not allow this token to\. GitHub said \(403\): "Resource not accessible by integration"\. GitHub does not list an owner's packages to a workflow's GITHUB_TOKEN, and a packageName pattern needs that list: name each package in a policy of its own, or store a personal access token \(classic\)/,
      );
    });

    it("an App's ghs_ token passed in a workflow: GitHub's 403 is reported with both possible causes", async () => {
      useToken(APP_TOKEN, true);
      const error = await refusedWith(planPackageRetention(policy("granted-admin")));
      assert.ok(error instanceof PackageVersionsLookupError);
      // A workflow's GITHUB_TOKEN reads with any role (none is a 404): a refused read is the job's permissions, or an App's token.
      assert.match(
        error.message,
        /GitHub does not allow this token to\. GitHub said \(403\): "Resource not accessible by integration"\. Either the job's `permissions:` do not include `packages: read` \(or `packages: write`\), or the token is not the workflow's\. If this ghs_ token is a GitHub App's rather than the workflow's own GITHUB_TOKEN, GitHub Packages does not accept it at all/,
      );
      assert.deepEqual(writes(), []);
    });
  });

  describe("tokens GitHub Packages does not accept: named, nothing sent", () => {
    const cases = [
      [
        "a fine-grained personal access token",
        FINE_GRAINED_TOKEN,
        false,
        /It is a github_pat_ token: a fine-grained personal access token, and GitHub Packages' REST API accepts a personal access token \(classic\) or, in GitHub Actions, the workflow's own GITHUB_TOKEN only\./,
      ],
      [
        "an App installation token outside Actions",
        APP_TOKEN,
        false,
        /It is a ghs_ token outside GitHub Actions \(no GITHUB_ACTIONS=true with GITHUB_REPOSITORY\): a GitHub App installation token, and GitHub Packages/,
      ],
    ] as const;
    for (const [what, token, inActions, said] of cases) {
      it(`${what}: refused before any request`, async () => {
        useToken(token, inActions);
        const error = await refusedWith(planPackageRetention(policy("granted-admin")));
        assert.ok(error instanceof PackageVersionsLookupError);
        assert.equal(error.reason, "unsupported-token");
        assert.match(error.message, /GitHub Packages does not accept this kind of token\./);
        assert.match(error.message, said);
        assert.match(
          error.message,
          /Use a classic token \(store a personal access token \(classic\) with read:packages, write:packages and delete:packages \(https:\/\/github\.com\/settings\/tokens\/new\?scopes=read:packages,write:packages,delete:packages\)/,
        );
        assert.match(error.message, /Nothing was sent to GitHub\.$/);
        assert.equal(emu.requests().length, 0);
      });
    }
  });

  describe("the PackageVersion provider with a workflow's GITHUB_TOKEN", () => {
    it("a version declared deleted in a package the repository may not see: the 404 names the repository's access, not GET /user", async () => {
      restore.push(actionsEnv(true));
      await versionHandlers.configure(stackConfig({ "github:token": ACTIONS_TOKEN, "github:baseUrl": emu.url }));
      let error: unknown;
      try {
        await versionHandlers.create({ org: "acme", packageType: "npm", packageName: "not-granted", versionId: 401, state: "deleted" });
      } catch (e) {
        error = e;
      }
      assert.ok(error instanceof PackageVersionError, String(error));
      assert.equal(error.reason, "package-not-found");
      assert.match(error.message, /the repository acme\/app has no role on it: package settings > Manage Actions access > add acme\/app/);
      assert.match(error.message, /The version is not recorded as deleted\. Nothing was changed\.$/);
      assert.ok(!emu.requests().some((r) => r.path === "/user"), "a workflow token has no user: not asked");
      assert.deepEqual(writes(), []);
    });
  });
});
