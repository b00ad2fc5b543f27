import { strict as assert } from "node:assert";
import * as path from "node:path";
import { REPO_ROOT, useStack } from "../support/stack-fixture";

const example = (name: string) => ({
  projectDir: path.join(REPO_ROOT, "examples", name),
  include: ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"],
});

/** Sets an example's stack config, each key in the example's own namespace (`delete-list:org`), as `pulumi config set` would. */
function exampleConfig(name: string, values: Record<string, string>): Record<string, { value: string }> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [`${name}:${key}`, { value }]));
}

describe("e2e: examples/declare-versions", function () {
  this.timeout(300_000);
  const fx = useStack(example("declare-versions"));

  it("keeps, deletes and restores as the code declares, and destroy leaves the retained version", async () => {
    await fx.sandbox.stack.setAllConfig(exampleConfig("declare-versions", { org: "acme" }));
    const up = await fx.sandbox.stack.up();
    assert.deepEqual(up.outputs["widget142"]?.value, { id: 2005, state: "present" });
    assert.equal((up.outputs["apiOld"]?.value as { state: string }).state, "deleted");
    assert.deepEqual(up.outputs["widget141"]?.value, { id: 2004, state: "present" });
    assert.deepEqual(fx.takeWrites().sort(), [
      "DELETE /orgs/acme/packages/container/api/versions/1001",
      "POST /orgs/acme/packages/npm/widget/versions/2004/restore",
    ]);
    await fx.sandbox.stack.destroy();
    assert.deepEqual(fx.takeWrites(), ["DELETE /orgs/acme/packages/npm/widget/versions/2005"], "destroy deletes 1.4.2 only");
    assert.equal(fx.isActive("widget", 2004), true);
  });
});

describe("e2e: examples/delete-list", function () {
  this.timeout(300_000);
  const fx = useStack(example("delete-list"));

  it("deletes the listed versions and reports until when they can be restored", async () => {
    const { stack } = fx.sandbox;
    await stack.setAllConfig(
      exampleConfig("delete-list", { org: "acme", packageType: "container", packageName: "api", versionIds: "[1001, 1003, 1000]" }),
    );
    const up = await stack.up();
    assert.deepEqual(up.outputs["deletedVersions"]?.value, [
      { id: 1001, name: "sha256:bb22", restorableUntil: "2026-12-26T00:00:00Z" },
      { id: 1003, name: "sha256:dd44", restorableUntil: "2026-12-26T00:00:00Z" },
      { id: 1000, name: "sha256:cc33", restorableUntil: "2026-12-19T00:00:00Z" },
    ]);
    assert.deepEqual(fx.takeWrites().sort(), [
      "DELETE /orgs/acme/packages/container/api/versions/1001",
      "DELETE /orgs/acme/packages/container/api/versions/1003",
    ]);
    await stack.destroy();
    assert.deepEqual(fx.takeWrites(), [], "destroying deleted declarations writes nothing");
  });
});

describe("e2e: examples/adopt-existing", function () {
  this.timeout(300_000);
  const fx = useStack(example("adopt-existing"));

  it("adopts versions by tag with no write, and destroy leaves them in place", async () => {
    const { stack } = fx.sandbox;
    await stack.setAllConfig(exampleConfig("adopt-existing", { org: "acme", packageName: "api", tags: '["latest", "v1.5"]' }));
    const up = await stack.up();
    assert.deepEqual(up.outputs["versions"]?.value, [
      { tag: "latest", id: 1002, digest: "sha256:aa11", allTags: ["latest", "v2"] },
      { tag: "v1.5", id: 1003, digest: "sha256:dd44", allTags: ["v1.5"] },
    ]);
    await stack.destroy();
    assert.deepEqual(fx.takeWrites(), []);
    assert.equal(fx.isActive("api", 1002), true);
  });
});
