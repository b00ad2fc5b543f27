import { strict as assert } from "node:assert";
import { ADMIN_TOKEN, expectFailure, NO_SCOPES_TOKEN, octokit, OUTSIDER_TOKEN, useEmulator } from "../support/emulator-fixture";
import { assertMatchesSchema } from "../support/openapi-schemas";

describe("emulator: GET /user, the token's own account", () => {
  const fx = useEmulator();

  it("answers the token's login as GitHub's public-user profile, for any scopes", async () => {
    const admin = await fx.client().rest.users.getAuthenticated();
    assert.equal(admin.status, 200);
    assertMatchesSchema(admin.data, "public-user");
    assert.equal(admin.data.login, "octocat");
    assert.equal(admin.data.user_view_type, "public");
    assert.equal(admin.data.url, `${fx.emu.url}/users/octocat`);
    assert.equal((await fx.client(OUTSIDER_TOKEN).rest.users.getAuthenticated()).data.login, "hubot");
    assert.equal((await fx.client(NO_SCOPES_TOKEN).rest.users.getAuthenticated()).data.login, "nobody", "no scope is needed");
  });

  it("the id is the one the rate-limit message names, and the same on every call", async () => {
    const first = await fx.client().rest.users.getAuthenticated();
    const second = await fx.client().rest.users.getAuthenticated();
    assert.equal(first.data.id, second.data.id);
    assert.equal(first.data.id, fx.emu.state().tokens.find((t) => t.login === "octocat")?.userId);
  });

  it("answers 401 without a token or with an unknown one, 404 for another method, and logs the request without the token", async () => {
    await expectFailure(octokit(fx.emu.url).rest.users.getAuthenticated(), 401, "Requires authentication");
    await expectFailure(fx.client("ghp_unknown").rest.users.getAuthenticated(), 401, "Bad credentials");
    await expectFailure(fx.client().request("DELETE /user"), 404, "Not Found");
    const log = fx.emu.requests().map((r) => `${r.method} ${r.path} ${r.status}`);
    assert.deepEqual(log, ["GET /user 401", "GET /user 401", "DELETE /user 404"]);
    assert.ok(!JSON.stringify(fx.emu.requests()).includes(ADMIN_TOKEN));
  });

  it("counts against the token's rate limits like any API call", async () => {
    const res = await fx.client().rest.users.getAuthenticated();
    assert.equal(res.headers["x-ratelimit-limit"], "5000");
    assert.equal(res.headers["x-ratelimit-used"], "1");
  });
});
