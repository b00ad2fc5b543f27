import { strict as assert } from "node:assert";
import type { PackageVersionInputs } from "pulumi-github-package-versions";
import { ADMIN_TOKEN, useProvider } from "./provider-fixture";

const api = { org: "acme", packageType: "container", packageName: "api" } as const;

/** The inputs a policy child is declared with: its planned state and the state the policy's listing saw. */
const child = (versionId: number, state: "present" | "deleted", observedState: "present" | "deleted"): PackageVersionInputs => ({ ...api, versionId, state, observedState });

describe("PackageVersion provider: refresh of a retention policy's child (observedState)", () => {
  const fx = useProvider();

  it("an unchanged child refreshes to exactly the inputs it was declared with, so refresh shows no diff", async () => {
    for (const inputs of [child(1003, "present", "present"), child(1000, "deleted", "deleted"), child(1001, "deleted", "present")]) {
      const { id, outs } = await fx.provider.create(inputs);
      assert.equal(outs?.observedState, inputs.observedState, "the outputs record observedState as declared");
      const refreshed = await fx.provider.read(id, outs);
      assert.deepEqual(refreshed.inputs, inputs, "the inputs the state held before the refresh");
    }
  });

  it("a drifted child refreshes with the true state, observedState as declared", async () => {
    const created = await fx.provider.create(child(1003, "present", "present"));
    const response = await fetch(`${fx.emu.url}/orgs/acme/packages/container/api/versions/1003`, { method: "DELETE", headers: { authorization: `token ${ADMIN_TOKEN}` } });
    assert.equal(response.status, 204);
    const refreshed = await fx.provider.read(created.id, created.outs);
    assert.deepEqual(refreshed.inputs, { ...api, versionId: 1003, state: "deleted", observedState: "present" }, "drift shows in state");
    assert.equal(refreshed.props?.state, "deleted");
  });

  it("a version declared without observedState gets none from a refresh", async () => {
    const created = await fx.provider.create({ ...api, versionId: 1003, state: "present" });
    assert.equal(created.outs?.observedState, undefined);
    const refreshed = await fx.provider.read(created.id, created.outs);
    assert.deepEqual(refreshed.inputs, { ...api, versionId: 1003, state: "present" });
  });
});
