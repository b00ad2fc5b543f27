/**
 * The root project run as the example workflow runs it: with the workflow's own GITHUB_TOKEN
 * (an `actions` token of acme/app) in GITHUB_TOKEN, and GITHUB_ACTIONS and GITHUB_REPOSITORY set
 * as GitHub Actions sets them. A package granting acme/app the Admin role is cleaned up; one
 * granting Write fails at preview, with the fix, before any write.
 */
import { strict as assert } from "node:assert";
import { ACTIONS_TOKEN, FINE_GRAINED_TOKEN } from "../support/base-seed";
import { NOW } from "../support/clock";
import { commandFailure, useStack } from "../support/stack-fixture";
import { tokenKindsSeed, WORKFLOW_REPOSITORY } from "../support/token-kinds";

const policy = (name: string) => ({ name, org: "acme", packageType: "npm", packageName: name, keepLatest: 1, now: NOW });

describe("e2e: the root project with the workflow's GITHUB_TOKEN", function () {
  this.timeout(300_000);
  const fx = useStack({
    seed: tokenKindsSeed,
    tokenVia: "env",
    token: ACTIONS_TOKEN,
    env: { GITHUB_ACTIONS: "true", GITHUB_REPOSITORY: WORKFLOW_REPOSITORY },
  });

  it("Admin role: preview shows the token and the budget GitHub reported (1,000), up deletes as planned", async () => {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([policy("granted-admin")]) });
    const preview = await fx.sandbox.stack.preview();
    assert.match(
      preview.stdout,
      /Token: the workflow's GITHUB_TOKEN \(repository acme\/app\); the workflow's GITHUB_TOKEN of acme\/app, Admin on the package; GitHub's budget \(x-ratelimit-\*\): \d{3} of 1,000 requests left until \S+Z; this run's 2 writes fit/,
    );
    assert.deepEqual(fx.takeWrites(), [], "preview writes nothing");
    await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites().sort(), [
      "DELETE /orgs/acme/packages/npm/granted-admin/versions/101",
      "DELETE /orgs/acme/packages/npm/granted-admin/versions/102",
    ]);
    assert.equal(fx.isActive("granted-admin", 103), true);
  });

  it("Write role: preview fails with the settings page to change, and neither preview nor up writes", async () => {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([policy("granted-write")]) });
    const message = await commandFailure(fx.sandbox.stack.preview());
    assert.match(message, /[Tt]he workflow's repository acme\/app has no Admin role on npm package granted-write of org acme/);
    assert.doesNotMatch(message, /Nothing was changed\. Nothing was changed/, "said once");
    assert.match(
      message,
      /package settings > Manage Actions access > add acme\/app as Admin \(https:\/\/github\.com\/orgs\/acme\/packages\/npm\/granted-write\/settings\)/,
    );
    assert.ok(!message.includes(ACTIONS_TOKEN));
    const up = await commandFailure(fx.sandbox.stack.up());
    assert.match(up, /add acme\/app as Admin/);
    assert.deepEqual(fx.takeWrites(), []);
    assert.equal(
      fx.emu
        .state()
        .packages.find((p) => p.name === "granted-write")
        ?.versions.every((v) => v.deletedAt === undefined),
      true,
    );
  });

  it("a version declared deleted (package-versions:versions) in a Write-role package: preview fails with the fix, nothing written; in an Admin one: deleted", async () => {
    await fx.setVersions([
      { org: "acme", packageType: "npm", packageName: "granted-admin", versionId: 101, state: "deleted" },
      { org: "acme", packageType: "npm", packageName: "granted-write", versionId: 201, state: "deleted" },
    ]);
    const message = await commandFailure(fx.sandbox.stack.preview());
    assert.match(
      message,
      /Cannot make PackageVersion acme-npm-granted-write-201's deletion in npm package granted-write of org acme: the workflow's repository acme\/app has no Admin role/,
    );
    assert.match(message, /add acme\/app as Admin \(https:\/\/github\.com\/orgs\/acme\/packages\/npm\/granted-write\/settings\)/);
    await commandFailure(fx.sandbox.stack.up());
    assert.deepEqual(fx.takeWrites(), [], "refused before the first write: the Admin package's deletion is not sent either");
    await fx.setVersions([{ org: "acme", packageType: "npm", packageName: "granted-admin", versionId: 101, state: "deleted" }]);
    await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites(), ["DELETE /orgs/acme/packages/npm/granted-admin/versions/101"]);
  });
});

describe("e2e: the root project with a fine-grained personal access token", function () {
  this.timeout(300_000);
  const fx = useStack({ seed: tokenKindsSeed, tokenVia: "env", token: FINE_GRAINED_TOKEN });

  it("preview fails naming the kind and what to use instead, without a request to GitHub", async () => {
    await fx.setVersions([{ org: "acme", packageType: "npm", packageName: "granted-admin", versionId: 101, state: "deleted" }]);
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([policy("not-granted")]) });
    const message = await commandFailure(fx.sandbox.stack.preview());
    assert.match(
      message,
      /GitHub Packages does not accept this kind of token\. It is a github_pat_ token: a fine-grained personal access token/,
    );
    assert.match(message, /Use a classic token/);
    assert.ok(!message.includes(FINE_GRAINED_TOKEN));
    assert.deepEqual(fx.takeRequests(), []);
  });
});
