/** displayName and displayTags: accepted by check, never a cause of change in diff, recorded as declared so a refresh gives them back. */
import { strict as assert } from "node:assert";
import type { PackageVersionInputs } from "pulumi-github-package-versions";
import { useProvider } from "../support/provider-fixture";

const api = { org: "acme", packageType: "container", packageName: "api" } as const;

describe("PackageVersion provider: display-only inputs", () => {
  const fx = useProvider();

  it("check accepts a name and tags, and refuses other types naming the field", async () => {
    const ok = await fx.provider.check({} as PackageVersionInputs, {
      ...api,
      versionId: 1001,
      displayName: "sha256:bb22",
      displayTags: ["v2", "latest"],
    });
    assert.equal(ok.failures, undefined);
    assert.equal(ok.inputs?.displayName, "sha256:bb22");
    const bad = await fx.provider.check(
      {} as PackageVersionInputs,
      { ...api, versionId: 1001, displayName: 7, displayTags: "latest" } as unknown as PackageVersionInputs,
    );
    assert.deepEqual(bad.failures?.map((f) => f.property).sort(), ["displayName", "displayTags"]);
    assert.match(bad.failures![0]!.reason, /shown in previews only/);
    assert.deepEqual(fx.emu.requests(), []);
  });

  it("diff ignores them: a moved tag or a new name is no change", async () => {
    const old = { ...api, versionId: 1001, state: "present" as const, name: "sha256:bb22", tags: [] };
    const same = await fx.provider.diff("id", old, {
      ...api,
      versionId: 1001,
      state: "present",
      displayName: "sha256:bb22",
      displayTags: ["moved-here"],
    });
    assert.deepEqual(same, { changes: false, replaces: [], deleteBeforeReplace: false });
    const withState = await fx.provider.diff("id", old, { ...api, versionId: 1001, state: "deleted", displayName: "anything" });
    assert.equal(withState.changes, true, "a real change is still one");
  });

  it("create records them as declared, and a read gives them back among the inputs", async () => {
    const created = await fx.provider.create({ ...api, versionId: 1001, state: "present", displayName: "sha256:bb22", displayTags: [] });
    const outputs = created.outs as unknown as Record<string, unknown>;
    assert.equal(outputs["displayName"], "sha256:bb22");
    assert.deepEqual(outputs["displayTags"], []);
    assert.equal(outputs["name"], "sha256:bb22");
    const read = await fx.provider.read!(created.id, created.outs);
    assert.equal((read.inputs as unknown as Record<string, unknown>)["displayName"], "sha256:bb22");
    assert.deepEqual((read.inputs as unknown as Record<string, unknown>)["displayTags"], []);
  });
});
