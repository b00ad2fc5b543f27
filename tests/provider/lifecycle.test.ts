import { strict as assert } from "node:assert";
import type { PackageVersionInputs } from "pulumi-github-package-versions";
import { ADMIN_TOKEN } from "../support/base-seed";
import { NOW, failureOf, useProvider } from "../support/provider-fixture";

const api = { org: "acme", packageType: "container", packageName: "api" } as const;
const widget = { org: "acme", packageType: "npm", packageName: "widget" } as const;
const tool = { user: "octocat", packageType: "npm", packageName: "tool" } as const;

function writes(calls: string[]): string[] {
  return calls.filter((call) => !call.startsWith("GET "));
}

describe("PackageVersion provider: create makes the declaration true and adopts the version", () => {
  const fx = useProvider();

  it("adopts an active version declared present with no write (by versionId)", async () => {
    const { id, outs } = await fx.provider.create({ ...api, versionId: 1001, state: "present" });
    assert.equal(id, "org/acme/container/api/1001");
    assert.equal(outs?.state, "present");
    assert.equal(outs?.name, "sha256:bb22");
    assert.deepEqual(outs?.tags, []);
    assert.equal(outs?.deletedAt, undefined);
    assert.deepEqual(writes(fx.calls()), []);
    assert.equal(
      fx.emu
        .state()
        .packages.find((p) => p.name === "api")
        ?.versions.find((v) => v.id === 1001)?.deletedAt,
      undefined,
    );
  });

  it("adopts by version name and by tag, recording the selector as declared", async () => {
    const byName = await fx.provider.create({ ...widget, version: "1.4.2", state: "present" });
    assert.equal(byName.outs?.versionId, 2005);
    assert.equal(byName.outs?.version, "1.4.2");
    const byTag = await fx.provider.create({ ...api, tag: "v2", state: "present" });
    assert.equal(byTag.outs?.versionId, 1002);
    assert.equal(byTag.outs?.tag, "v2");
    assert.deepEqual(byTag.outs?.tags, ["latest", "v2"]);
    // The declaration, the state and what identifies the version; no URLs, dates or metadata.
    assert.deepEqual(Object.keys(byTag.outs ?? {}).sort(), [
      "name",
      "org",
      "packageName",
      "packageType",
      "state",
      "tag",
      "tags",
      "versionId",
    ]);
    assert.deepEqual(Object.keys(byName.outs ?? {}).sort(), ["name", "org", "packageName", "packageType", "state", "version", "versionId"]);
    assert.deepEqual(writes(fx.calls()), []);
  });

  it("restores a version deleted within 30 days when declared present", async () => {
    const { outs } = await fx.provider.create({ ...widget, version: "1.4.1", state: "present" });
    assert.equal(outs?.state, "present");
    assert.equal(outs?.versionId, 2004);
    assert.deepEqual(writes(fx.calls()), ["POST /orgs/acme/packages/npm/widget/versions/2004/restore"]);
    assert.equal(
      fx.emu
        .state()
        .packages.find((p) => p.name === "widget")
        ?.versions.find((v) => v.id === 2004)?.deletedAt,
      undefined,
    );
  });

  it("deletes an active version declared deleted and reports deletedAt and restorableUntil", async () => {
    const { outs } = await fx.provider.create({ ...api, versionId: 1001, state: "deleted" });
    assert.equal(outs?.state, "deleted");
    assert.ok(outs?.deletedAt !== undefined);
    assert.equal(Date.parse(outs.deletedAt), Date.parse(NOW), "deleted at the emulator's clock time");
    assert.equal(Date.parse(outs.restorableUntil ?? "") - Date.parse(outs.deletedAt), 30 * 86_400_000);
    assert.deepEqual(writes(fx.calls()), ["DELETE /orgs/acme/packages/container/api/versions/1001"]);
  });

  it("adopts a version already deleted when declared deleted, with no write", async () => {
    const { outs } = await fx.provider.create({ ...api, versionId: 1000, state: "deleted" });
    assert.equal(outs?.state, "deleted");
    assert.equal(outs?.deletedAt, "2026-11-19T00:00:00Z");
    assert.equal(outs?.restorableUntil, "2026-12-19T00:00:00Z");
    assert.deepEqual(writes(fx.calls()), []);
  });

  it("accepts a version declared deleted that GitHub no longer has", async () => {
    const { id, outs } = await fx.provider.create({ ...widget, version: "1.3.0", state: "deleted" });
    assert.equal(id, "org/acme/npm/widget/version=1.3.0");
    assert.equal(outs?.state, "deleted");
    assert.equal(outs?.versionId, undefined);
    assert.deepEqual(writes(fx.calls()), []);
  });

  it("fails for a version declared present that was deleted more than 30 days ago, naming it", async () => {
    const error = await failureOf(fx.provider.create({ ...widget, version: "1.3.0", state: "present" }));
    assert.match(error.message, /Cannot adopt version 1\.3\.0 of npm package widget of org acme: the version was not found/);
    assert.match(error.message, /deleted more than 30 days ago is gone/);
    assert.deepEqual(writes(fx.calls()), []);
  });

  it("fails for a version that never existed", async () => {
    const error = await failureOf(fx.provider.create({ ...api, versionId: 999999, state: "present" }));
    assert.match(error.message, /version id 999999 of container package api of org acme/);
  });

  it("fails for a package that does not exist, saying so", async () => {
    const error = await failureOf(fx.provider.create({ ...api, packageName: "nope", versionId: 1, state: "present" }));
    assert.match(error.message, /container package nope of org acme: the package was not found/);
  });

  it("works for a user owner: adopt, delete and restore", async () => {
    const adopted = await fx.provider.create({ ...tool, version: "3.0.0", state: "present" });
    assert.equal(adopted.id, "user/octocat/npm/tool/5002");
    const restored = await fx.provider.create({ ...tool, versionId: 5001, state: "present" });
    assert.equal(restored.outs?.state, "present");
    const deleted = await fx.provider.create({ ...tool, version: "1.0.0", state: "deleted" });
    assert.equal(deleted.outs?.state, "deleted");
    assert.deepEqual(writes(fx.calls()), [
      "POST /users/octocat/packages/npm/tool/versions/5001/restore",
      "DELETE /users/octocat/packages/npm/tool/versions/5000",
    ]);
  });

  it("finds the active version when a deleted one had the same name", async () => {
    const { outs } = await fx.provider.create({ ...widget, version: "1.0.0", state: "present" });
    assert.equal(outs?.versionId, 2002);
    assert.deepEqual(writes(fx.calls()), []);
  });
});

describe("PackageVersion provider: read reports the truth", () => {
  const fx = useProvider();

  it("reports an active version, with inputs carrying the declared selector", async () => {
    const created = await fx.provider.create({ ...widget, version: "1.4.2", state: "present" });
    const result = await fx.provider.read(created.id, created.outs);
    assert.equal(result.id, created.id);
    assert.equal(result.props?.state, "present");
    assert.deepEqual(result.inputs, { ...widget, version: "1.4.2", state: "present" });
  });

  it("reports a version deleted out of band as deleted, in outputs and inputs", async () => {
    const created = await fx.provider.create({ ...api, versionId: 1001, state: "present" });
    await fx.emu.setClock({ advanceDays: 1 });
    const response = await fetch(`${fx.emu.url}/orgs/acme/packages/container/api/versions/1001`, {
      method: "DELETE",
      headers: { authorization: `token ${ADMIN_TOKEN}` },
    });
    assert.equal(response.status, 204);
    await fx.configure(); // the refresh is the next deployment: its own listing
    const result = await fx.provider.read(created.id, created.outs);
    assert.equal(result.props?.state, "deleted");
    assert.equal(result.props?.deletedAt, "2026-11-27T00:00:00Z");
    assert.equal(result.props?.restorableUntil, "2026-12-27T00:00:00Z");
    assert.equal((result.inputs as PackageVersionInputs | undefined)?.state, "deleted");
    assert.equal((result.inputs as PackageVersionInputs | undefined)?.versionId, 1001);
  });

  it("returns no id for a version gone past its restore window, so refresh drops it", async () => {
    const created = await fx.provider.create({ ...api, versionId: 1000, state: "deleted" });
    fx.emu.setClock({ advanceDays: 31 });
    await fx.configure(); // the next deployment
    const result = await fx.provider.read(created.id, created.outs);
    assert.equal(result.id, undefined);
  });
});

describe("PackageVersion provider: diff and update", () => {
  const fx = useProvider();
  const old = { ...api, versionId: 1001, state: "present" as const, name: "sha256:bb22" };

  it("answers no change when nothing but provider code changed", async () => {
    const result = await fx.provider.diff("id", old, { ...api, versionId: 1001, state: "present" });
    assert.deepEqual(result, { changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("a resource recorded with the earlier outputs (URLs, dates, metadata): no change; a refresh records the current ones", async () => {
    const earlier = {
      ...old,
      url: "https://api.github.com/orgs/acme/packages/container/api/versions/1001",
      packageHtmlUrl: "https://github.com/orgs/acme/packages/container/package/api",
      htmlUrl: "https://github.com/orgs/acme/packages/container/api/1001",
      createdAt: "2026-11-01T00:00:00Z",
      updatedAt: "2026-11-01T00:00:00Z",
      metadata: { packageType: "container" as const, container: { tags: [] } },
      tags: [],
    };
    const result = await fx.provider.diff("org/acme/container/api/1001", earlier, { ...api, versionId: 1001, state: "present" });
    assert.deepEqual(result, { changes: false, replaces: [], deleteBeforeReplace: false });
    const refreshed = await fx.provider.read("org/acme/container/api/1001", earlier);
    assert.deepEqual(refreshed.props, { ...api, versionId: 1001, state: "present", name: "sha256:bb22", tags: [] });
    assert.deepEqual(refreshed.inputs, { ...api, versionId: 1001, state: "present" });
  });

  it("answers an in-place change when the program saw a state other than the recorded one", async () => {
    const seenDeleted = await fx.provider.diff("id", old, { ...api, versionId: 1001, state: "present", observedState: "deleted" });
    assert.deepEqual(seenDeleted, { changes: true, replaces: [], deleteBeforeReplace: false });
    const seenPresent = await fx.provider.diff("id", old, { ...api, versionId: 1001, state: "present", observedState: "present" });
    assert.equal(seenPresent.changes, false);
  });

  it("answers an in-place change for a state change", async () => {
    const result = await fx.provider.diff("id", old, { ...api, versionId: 1001, state: "deleted" });
    assert.deepEqual(result, { changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("replaces on a different owner, package or version, and only then", async () => {
    assert.deepEqual((await fx.provider.diff("id", old, { ...api, org: "other", versionId: 1001, state: "present" })).replaces, ["org"]);
    assert.deepEqual((await fx.provider.diff("id", old, { ...api, packageName: "web", versionId: 1001, state: "present" })).replaces, [
      "packageName",
    ]);
    assert.deepEqual((await fx.provider.diff("id", old, { ...api, packageType: "docker", versionId: 1001, state: "present" })).replaces, [
      "packageType",
    ]);
    assert.deepEqual((await fx.provider.diff("id", old, { ...api, versionId: 1002, state: "present" })).replaces, ["versionId"]);
    assert.deepEqual((await fx.provider.diff("id", old, { ...api, version: "sha256:bb22", state: "present" })).replaces, []);
    assert.deepEqual((await fx.provider.diff("id", old, { ...api, version: "sha256:aa11", state: "present" })).replaces, ["version"]);
    assert.deepEqual(
      (await fx.provider.diff("id", old, { org: "ACME", packageType: "container", packageName: "api", versionId: 1001, state: "present" }))
        .changes,
      false,
    );
  });

  it("update deletes a version whose declaration moved to deleted, and restores it back", async () => {
    const created = await fx.provider.create({ ...api, versionId: 1003, state: "present" });
    const deleted = await fx.provider.update(created.id, created.outs!, { ...api, versionId: 1003, state: "deleted" });
    assert.equal(deleted.outs?.state, "deleted");
    const restored = await fx.provider.update(created.id, deleted.outs!, { ...api, versionId: 1003, state: "present" });
    assert.equal(restored.outs?.state, "present");
    assert.deepEqual(writes(fx.calls()), [
      "DELETE /orgs/acme/packages/container/api/versions/1003",
      "POST /orgs/acme/packages/container/api/versions/1003/restore",
    ]);
  });

  it("update repairs drift: a version declared present that was deleted by hand is restored", async () => {
    const created = await fx.provider.create({ ...widget, version: "1.4.2", state: "present" });
    const drifted = { ...created.outs!, state: "deleted" as const };
    await fetch(`${fx.emu.url}/orgs/acme/packages/npm/widget/versions/2005`, {
      method: "DELETE",
      headers: { authorization: `token ${ADMIN_TOKEN}` },
    });
    await fx.configure(); // the next deployment, whose listing shows the deletion
    const repaired = await fx.provider.update(created.id, drifted, { ...widget, version: "1.4.2", state: "present" });
    assert.equal(repaired.outs?.state, "present");
    assert.equal(repaired.outs?.versionId, 2005);
    assert.equal(
      fx.emu
        .state()
        .packages.find((p) => p.name === "widget")
        ?.versions.find((v) => v.id === 2005)?.deletedAt,
      undefined,
    );
  });
});

describe("PackageVersion provider: delete (declaration removed, or destroy)", () => {
  const fx = useProvider();

  it("deletes an active version", async () => {
    const created = await fx.provider.create({ ...api, versionId: 1003, state: "present" });
    await fx.provider.delete(created.id, created.outs!);
    assert.deepEqual(writes(fx.calls()), ["DELETE /orgs/acme/packages/container/api/versions/1003"]);
    assert.ok(
      fx.emu
        .state()
        .packages.find((p) => p.name === "api")
        ?.versions.find((v) => v.id === 1003)?.deletedAt,
    );
  });

  it("succeeds with no write for a version already deleted or gone", async () => {
    const deleted = await fx.provider.create({ ...api, versionId: 1000, state: "deleted" });
    await fx.provider.delete(deleted.id, deleted.outs!);
    const gone = await fx.provider.create({ ...widget, version: "1.3.0", state: "deleted" });
    await fx.provider.delete(gone.id, gone.outs!);
    assert.deepEqual(writes(fx.calls()), []);
  });
});
