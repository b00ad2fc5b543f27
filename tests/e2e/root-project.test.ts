import { strict as assert } from "node:assert";
import { ADMIN_TOKEN, commandFailure, useStack } from "../support/stack-fixture";
import { NOW } from "../support/clock";

const api = { org: "acme", packageType: "container", packageName: "api" };
const widget = { org: "acme", packageType: "npm", packageName: "widget" };

const DECLARED = [
  { ...api, tag: "latest" }, // adopt
  { ...api, versionId: 1001, state: "deleted" }, // delete
  { ...api, versionId: 1000, name: "api-v1" }, // restore (deleted 7 days ago)
  { ...widget, version: "1.4.2" }, // adopt
  { ...widget, version: "1.4.1", state: "deleted" }, // adopt, already deleted
];

function stateOf(outputs: Record<string, { value: unknown }>, name: string): string | undefined {
  const versions = outputs["packageVersions"]?.value as Record<string, { state: string }> | undefined;
  return versions?.[name]?.state;
}

describe("e2e: the root project with the real pulumi CLI", function () {
  this.timeout(300_000);
  const fx = useStack();

  it("up adopts, deletes and restores as declared; a second up is a no-op that only reads", async () => {
    await fx.setVersions(DECLARED);
    const first = await fx.sandbox.stack.up();
    assert.deepEqual(first.summary.resourceChanges, { create: 6 });
    assert.deepEqual(fx.takeWrites().sort(), [
      "DELETE /orgs/acme/packages/container/api/versions/1001",
      "POST /orgs/acme/packages/container/api/versions/1000/restore",
    ]);
    assert.equal(fx.isActive("api", 1001), false);
    assert.equal(fx.isActive("api", 1000), true);
    assert.equal(stateOf(first.outputs, "acme-container-api-latest"), "present");
    assert.equal(stateOf(first.outputs, "acme-npm-widget-1.4.1"), "deleted");

    const second = await fx.sandbox.stack.up();
    assert.deepEqual(second.summary.resourceChanges, { same: 6 });
    assert.deepEqual(fx.takeWrites(), [], "the second up writes nothing");
  });

  it("refresh records an out-of-band delete; preview shows the repair and up makes it", async () => {
    await fx.setVersions(DECLARED);
    await fx.sandbox.stack.up();
    const response = await fetch(`${fx.emu.url}/orgs/acme/packages/npm/widget/versions/2005`, {
      method: "DELETE",
      headers: { authorization: `token ${ADMIN_TOKEN}` },
    });
    assert.equal(response.status, 204);
    await fx.sandbox.stack.refresh();
    assert.equal(fx.outputsOf("acme-npm-widget-1.4.2")?.["state"], "deleted", "refresh recorded the deletion");
    assert.equal(fx.outputsOf("acme-npm-widget-1.4.2")?.["deletedAt"], NOW);
    fx.takeWrites();
    const preview = await fx.sandbox.stack.preview({ diff: true });
    assert.deepEqual(preview.changeSummary, { same: 5, update: 1 });
    assert.match(preview.stdout, /state\s*: "deleted" => "present"/);
    assert.deepEqual(fx.takeWrites(), [], "preview writes nothing");
    const repair = await fx.sandbox.stack.up();
    assert.deepEqual(repair.summary.resourceChanges, { same: 5, update: 1 });
    assert.deepEqual(fx.takeWrites(), ["POST /orgs/acme/packages/npm/widget/versions/2005/restore"]);
    assert.equal(fx.isActive("widget", 2005), true);
  });

  it("an out-of-band restore of a version declared deleted is detected and re-deleted", async () => {
    await fx.setVersions(DECLARED);
    await fx.sandbox.stack.up();
    const response = await fetch(`${fx.emu.url}/orgs/acme/packages/container/api/versions/1001/restore`, {
      method: "POST",
      headers: { authorization: `token ${ADMIN_TOKEN}` },
    });
    assert.equal(response.status, 204);
    fx.takeWrites();
    const preview = await fx.sandbox.stack.preview({ refresh: true, diff: true });
    assert.equal(preview.changeSummary["update"], 1);
    assert.match(preview.stdout, /state\s*: "present" => "deleted"/);
    await fx.sandbox.stack.up({ refresh: true });
    assert.deepEqual(fx.takeWrites(), ["DELETE /orgs/acme/packages/container/api/versions/1001"]);
    assert.equal(fx.isActive("api", 1001), false);
  });

  it("a version whose restore window passed fails up with the clear error", async () => {
    await fx.setVersions([{ ...api, versionId: 1001, state: "deleted" }]);
    await fx.sandbox.stack.up();
    fx.emu.setClock({ advanceDays: 31 });
    await fx.setVersions([{ ...api, versionId: 1001, state: "present" }]);
    const message = await commandFailure(fx.sandbox.stack.up());
    assert.match(
      message,
      /Cannot restore version sha256:bb22 \(id 1001\) of container package api of org acme: its 30-day restore window has passed/,
    );
    assert.match(message, /deleted on 2026-11-26T00:00:00Z/);
    assert.ok(!message.includes(ADMIN_TOKEN));
  });

  it("removing a declaration deletes the version; with retainOnDelete it does not", async () => {
    await fx.setVersions([
      { ...api, versionId: 1003 },
      { ...widget, version: "0.9.0", retainOnDelete: true },
      { ...widget, version: "1.4.2" },
    ]);
    await fx.sandbox.stack.up();
    fx.takeWrites();
    await fx.setVersions([{ ...widget, version: "1.4.2" }]);
    const result = await fx.sandbox.stack.up();
    assert.deepEqual(result.summary.resourceChanges, { delete: 2, same: 2 });
    assert.deepEqual(fx.takeWrites(), ["DELETE /orgs/acme/packages/container/api/versions/1003"]);
    assert.equal(fx.isActive("api", 1003), false);
    assert.equal(fx.isActive("widget", 2000), true, "retainOnDelete kept 0.9.0");
  });

  it("protect blocks destroy; destroy then ends clean", async () => {
    await fx.setVersions([
      { ...api, versionId: 1003, protect: true },
      { ...widget, version: "0.9.0", state: "deleted" },
    ]);
    await fx.sandbox.stack.up();
    fx.takeWrites();
    const message = await commandFailure(fx.sandbox.stack.destroy());
    assert.match(message, /protected/);
    assert.equal(fx.isActive("api", 1003), true);
    await fx.setVersions([
      { ...api, versionId: 1003 },
      { ...widget, version: "0.9.0", state: "deleted" },
    ]);
    await fx.sandbox.stack.up();
    await fx.sandbox.stack.destroy();
    assert.deepEqual(fx.takeWrites(), ["DELETE /orgs/acme/packages/container/api/versions/1003"]);
    const state = JSON.parse(fx.sandbox.stateText()) as { checkpoint: { latest?: { resources?: unknown[] } } };
    assert.deepEqual(state.checkpoint.latest?.resources ?? [], []);
  });

  it("a refused delete is reported under its resource, once, without the error's class or a stack trace", async () => {
    await fx.setVersions([{ ...api, versionId: 1002 }]); // public, 9,000 downloads
    await fx.sandbox.stack.up();
    const message = await commandFailure(fx.sandbox.stack.destroy());
    assert.match(
      message,
      /error: Cannot delete version sha256:aa11 \(id 1002\) of container package api of org acme: it is public and has more than 5,000 downloads/,
    );
    assert.doesNotMatch(message, /PackageVersionError: Cannot/, "the message is not repeated after the class name");
    assert.doesNotMatch(message, /^\s+at /m, "no stack trace");
    assert.match(message, /PackageVersionError \(download-limit\): reported under the resource/, "the SDK host's own line, kept short");
    assert.equal(fx.isActive("api", 1002), true);
  });

  it("a bad declaration fails preview with the entry and property named, and makes no request", async () => {
    await fx.setVersions([
      { ...api, versionId: 1003 },
      { ...api, packageType: "pypi", versionId: 1 },
      { org: "acme", packageName: "x", tag: "v1", packageType: "npm" },
    ]);
    const message = await commandFailure(fx.sandbox.stack.preview());
    assert.match(
      message,
      /versions\[1\]\.packageType: `packageType` must be one of npm, maven, rubygems, docker, nuget, container, got "pypi"/,
    );
    assert.match(message, /versions\[2\]\.tag: `tag` selects container and docker versions only/);
    assert.doesNotMatch(message, /^\s+at /m, "no stack trace");
    assert.deepEqual(fx.takeRequests(), []);
  });

  it("a prototype key (__proto__, constructor) in a declaration fails preview naming the entry and key, without a stack trace or a request", async () => {
    // The configuration is JSON, and JSON.parse makes `__proto__` an own key, as Pulumi's getObject does.
    await fx.setVersions(
      JSON.parse(
        `[${JSON.stringify({ ...api, versionId: 1003 })}, {"org": "acme", "packageType": "npm", "packageName": "widget", "version": "1.4.2", "__proto__": {"state": "deleted"}}]`,
      ) as Record<string, unknown>[],
    );
    const message = await commandFailure(fx.sandbox.stack.preview());
    assert.match(message, /versions\[1\]\.__proto__: a prototype key .* is never an argument; remove it/);
    assert.doesNotMatch(message, /^\s+at /m, "no stack trace");
    assert.deepEqual(fx.takeRequests(), []);
    await fx.setVersions(JSON.parse(`[${JSON.stringify({ ...widget, version: "1.4.2" })}]`) as Record<string, unknown>[]);
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", {
      value: JSON.stringify([{ ...widget, keepLatest: 1, constructor: "x" }]),
    });
    const policyMessage = await commandFailure(fx.sandbox.stack.preview());
    assert.match(policyMessage, /retentionPolicies\[0\]\.constructor: a prototype key/);
    assert.doesNotMatch(policyMessage, /^\s+at /m, "no stack trace");
    assert.deepEqual(fx.takeRequests(), []);
  });
});

describe("e2e: the token from GITHUB_TOKEN", function () {
  this.timeout(300_000);
  const fx = useStack({ tokenVia: "env" });

  it("up and destroy work with the token only in the environment, and the state never holds it", async () => {
    await fx.setVersions([{ ...api, versionId: 1003, state: "deleted" }]);
    const result = await fx.sandbox.stack.up();
    assert.deepEqual(result.summary.resourceChanges, { create: 2 });
    assert.equal(fx.isActive("api", 1003), false);
    await fx.sandbox.stack.destroy();
    assert.ok(!fx.sandbox.stateText().includes(ADMIN_TOKEN));
  });
});
