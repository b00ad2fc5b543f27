/**
 * GET /user/memberships/orgs/{org}: the token's user's role in an org (admin for an owner), the one
 * answer that tells before any write whether a classic token's user may delete and restore the
 * org's package versions. Shown to a classic token with read:org; refused to installation and
 * fine-grained tokens.
 */
import { strict as assert } from "node:assert";
import { expectFailure, useEmulator } from "../support/emulator-fixture";
import {
  ACTIONS_TOKEN,
  ADMIN_TOKEN,
  APP_TOKEN,
  FINE_GRAINED_TOKEN,
  ORG_MEMBER_TOKEN,
  ORG_OWNER_TOKEN,
  TEST_TOKENS,
} from "../support/base-seed";
import { assertMatchesSchema } from "../support/openapi-schemas";
import { tokenKindsSeed } from "../support/token-kinds";

const membership = { org: "acme" } as const;

describe("emulator: GET /user/memberships/orgs/{org}, the token's user's role in an org", () => {
  const fx = useEmulator(tokenKindsSeed);

  it("answers an owner's membership with role admin and a member's with role member, as GitHub's org-membership", async () => {
    const owner = await fx.client(ORG_OWNER_TOKEN).rest.orgs.getMembershipForAuthenticatedUser(membership);
    assert.equal(owner.status, 200);
    assertMatchesSchema(owner.data, "org-membership");
    assert.deepEqual(
      [owner.data.role, owner.data.state, owner.data.user?.login, owner.data.organization.login],
      ["admin", "active", "owner", "acme"],
    );
    assert.equal(owner.data.url, `${fx.emu.url}/orgs/acme/memberships/owner`);
    const member = await fx.client(ORG_MEMBER_TOKEN).rest.orgs.getMembershipForAuthenticatedUser({ org: "ACME" });
    assertMatchesSchema(member.data, "org-membership");
    assert.deepEqual([member.data.role, member.data.user?.login], ["member", "monalisa"], "org logins compare case-insensitively");
    assert.equal(owner.headers["x-oauth-scopes"], "read:packages, write:packages, delete:packages, read:org");
    assert.equal(owner.headers["x-accepted-oauth-scopes"], "read:org, write:org, admin:org");
  });

  it("404 Not Found for an org the user does not belong to", async () => {
    await expectFailure(fx.client(ORG_MEMBER_TOKEN).rest.orgs.getMembershipForAuthenticatedUser({ org: "globex" }), 404, "Not Found");
  });

  it("403 to a classic token without read:org (an org admin's all the same), naming the scope", async () => {
    const error = await expectFailure(
      fx.client(ADMIN_TOKEN).rest.orgs.getMembershipForAuthenticatedUser(membership),
      403,
      "You need at least read:org scope to get your organization membership.",
    );
    assert.equal(error.headers["x-oauth-scopes"], "read:packages, write:packages, delete:packages");
  });

  it("403 to installation tokens (a workflow's GITHUB_TOKEN, an App's) and to fine-grained tokens", async () => {
    for (const token of [ACTIONS_TOKEN, APP_TOKEN])
      await expectFailure(
        fx.client(token).rest.orgs.getMembershipForAuthenticatedUser(membership),
        403,
        "Resource not accessible by integration",
      );
    await expectFailure(
      fx.client(FINE_GRAINED_TOKEN).rest.orgs.getMembershipForAuthenticatedUser(membership),
      403,
      "Resource not accessible by personal access token",
    );
  });

  it("is logged without the token and counts against the token's budget", async () => {
    const res = await fx.client(ORG_OWNER_TOKEN).rest.orgs.getMembershipForAuthenticatedUser(membership);
    assert.equal(res.headers["x-ratelimit-used"], "1");
    await expectFailure(fx.client(ORG_OWNER_TOKEN).request("DELETE /user/memberships/orgs/{org}", membership), 404, "Not Found");
    assert.deepEqual(
      fx.emu.requests().map((r) => `${r.method} ${r.path} ${r.status}`),
      ["GET /user/memberships/orgs/acme 200", "DELETE /user/memberships/orgs/acme 404"],
    );
    const log = JSON.stringify(fx.emu.requests());
    for (const token of TEST_TOKENS) assert.ok(!log.includes(token));
  });
});
