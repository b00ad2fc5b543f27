/**
 * Issue 18, "404 is not deleted": with a token of another organization, a version declared
 * `state: deleted` in the root project's stack configuration is not recorded as deleted: the run
 * fails naming both possible causes and the token's user, and nothing is written.
 */
import { strict as assert } from "node:assert";
import { OUTSIDER_TOKEN } from "../support/provider-fixture";
import { commandFailure, useStack } from "../support/stack-fixture";

const declared = { org: "acme", packageType: "npm", packageName: "widget", version: "1.4.2", state: "deleted", name: "drop-1.4.2" };

describe("e2e: 404 is not deleted (root project, real pulumi CLI)", function () {
  this.timeout(300_000);
  const fx = useStack();

  it("a deleted declaration read with another org's token: up fails naming both causes and the token's user, 0 writes, nothing recorded", async () => {
    await fx.sandbox.stack.setConfig("github:token", { value: OUTSIDER_TOKEN, secret: true });
    await fx.setVersions([declared]);
    const message = await commandFailure(fx.sandbox.stack.up());
    assert.match(message, /Cannot delete version 1\.4\.2 of npm package widget of org acme: the package was not found/);
    assert.match(message, /404 both when a package does not exist and when the token may not see it/);
    assert.match(message, /Either there is no npm package widget of org acme/);
    assert.match(message, /or the token, of user hubot, may not see it/);
    assert.ok(!message.includes(OUTSIDER_TOKEN), "the token is not in the output");
    const requests = fx.takeRequests();
    assert.deepEqual(
      requests.filter((r) => !r.startsWith("GET ")),
      [],
      "0 writes",
    );
    assert.ok(requests.includes("GET /user"), "the token's user was asked for");
    assert.equal(fx.isActive("widget", 2005), true, "the version is still active");
    assert.equal(fx.outputsOf("drop-1.4.2"), undefined, "nothing recorded as deleted");
    assert.ok(!fx.sandbox.stateText().includes(OUTSIDER_TOKEN), "the token is not in the state");
  });
});
