/** A retention policy over a package pattern, from the root project's stack configuration, with the real CLI. */
import { strict as assert } from "node:assert";
import { ADMIN_TOKEN } from "../support/provider-fixture";
import { useStack } from "../support/stack-fixture";
import { DEV_POLICY, patternSeed } from "../support/pattern-seed";

describe("e2e: a pattern retention policy from the stack configuration", function () {
  this.timeout(300_000);
  const fx = useStack({ seed: patternSeed });

  it("up plans one policy per matching package: only dev-* versions change; a new package joins on the next run, a gone one drops out", async () => {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([DEV_POLICY]) });
    const preview = await fx.sandbox.stack.preview();
    assert.deepEqual(fx.takeWrites(), [], "preview writes nothing");
    // stack, the pattern component, two policies, three versions each
    assert.equal(preview.changeSummary["create"], 1 + 1 + 2 + 6);

    const up = await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites().sort(), [
      "DELETE /orgs/acme/packages/container/dev-api/versions/8001",
      "DELETE /orgs/acme/packages/container/dev-api/versions/8002",
      "DELETE /orgs/acme/packages/container/dev-web/versions/8004",
      "DELETE /orgs/acme/packages/container/dev-web/versions/8005",
    ]);
    assert.equal(fx.isActive("prod-api", 8007), true, "prod-api does not match and is untouched");
    assert.deepEqual(up.outputs["retention"]?.value, {
      dev: {
        "dev-api": { kept: [8000], deleted: [8001, 8002], restored: [] },
        "dev-web": { kept: [8003], deleted: [8004, 8005], restored: [] },
      },
    });
    const state = fx.sandbox.stateText();
    assert.match(state, /PackageRetentionPolicies::dev"/);
    assert.match(state, /PackageRetentionPolicy::dev-dev-api"/);

    // dev-new appears; dev-web's package is deleted on GitHub.
    fx.emu.seed({
      packages: [
        {
          owner: "acme",
          ownerType: "org",
          packageType: "container",
          name: "dev-new",
          visibility: "public",
          versions: [{ id: 8100, name: "sha256:new", tags: ["latest"], createdAt: "2026-11-25T00:00:00Z" }],
        },
      ],
    });
    const gone = await fetch(`${fx.emu.url}/orgs/acme/packages/container/dev-web`, {
      method: "DELETE",
      headers: { authorization: `token ${ADMIN_TOKEN}` },
    });
    assert.equal(gone.status, 204);
    fx.takeWrites();
    const next = await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites(), [], "dev-new's one version is kept; dev-web's children are retained, not deleted");
    assert.deepEqual(Object.keys((next.outputs["retention"]?.value as Record<string, unknown>)["dev"] as object), ["dev-api", "dev-new"]);
    assert.equal(next.summary.resourceChanges?.["create"], 2, "dev-new's policy and version");
    assert.equal(next.summary.resourceChanges?.["delete"], 4, "dev-web's policy and three versions leave the state");
  });
});

describe("e2e: a pattern retention policy with one resource per package (perVersionChildren: false)", function () {
  this.timeout(300_000);
  const fx = useStack({ seed: patternSeed });

  it("plans one policy per matching package, each with its one PackagePlanWrites: the same deletions, no resource per version, and a package that joins later gets its own", async () => {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", {
      value: JSON.stringify([{ ...DEV_POLICY, perVersionChildren: false }]),
    });
    const preview = await fx.sandbox.stack.preview();
    assert.deepEqual(fx.takeWrites(), [], "preview writes nothing");
    // stack, the pattern component, two policies, one PackagePlanWrites each
    assert.equal(preview.changeSummary["create"], 1 + 1 + 2 + 2);

    const up = await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites().sort(), [
      "DELETE /orgs/acme/packages/container/dev-api/versions/8001",
      "DELETE /orgs/acme/packages/container/dev-api/versions/8002",
      "DELETE /orgs/acme/packages/container/dev-web/versions/8004",
      "DELETE /orgs/acme/packages/container/dev-web/versions/8005",
    ]);
    assert.equal(fx.isActive("prod-api", 8007), true, "prod-api does not match and is untouched");
    assert.deepEqual(up.outputs["retention"]?.value, {
      dev: {
        "dev-api": { kept: [8000], deleted: [8001, 8002], restored: [] },
        "dev-web": { kept: [8003], deleted: [8004, 8005], restored: [] },
      },
    });
    const state = fx.sandbox.stateText();
    assert.doesNotMatch(state, /:PackageVersion::/, "no resource per version");
    assert.equal(fx.outputsOf("dev-dev-api-writes")?.["recordedDeletions"], 2);
    assert.equal(fx.outputsOf("dev-dev-web-writes")?.["recordedDeletions"], 2);

    fx.emu.seed({
      packages: [
        {
          owner: "acme",
          ownerType: "org",
          packageType: "container",
          name: "dev-new",
          visibility: "public",
          versions: [
            { id: 8100, name: "sha256:new", tags: ["latest"], createdAt: "2026-11-25T00:00:00Z" },
            { id: 8101, name: "sha256:old", tags: [], createdAt: "2026-11-01T00:00:00Z" },
          ],
        },
      ],
    });
    const next = await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites(), ["DELETE /orgs/acme/packages/container/dev-new/versions/8101"]);
    assert.equal(next.summary.resourceChanges?.["create"], 2, "dev-new's policy and its PackagePlanWrites");
    assert.equal(fx.outputsOf("dev-dev-new-writes")?.["recordedDeletions"], 1);
  });
});
