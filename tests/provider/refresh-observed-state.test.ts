import { strict as assert } from "node:assert";
import type { PackageVersionInputs } from "pulumi-github-package-versions";
import { ADMIN_TOKEN, useProvider } from "../support/provider-fixture";

const api = { org: "acme", packageType: "container", packageName: "api" } as const;

/** The inputs a policy child is declared with: its planned state and the state the policy's listing saw. */
const child = (versionId: number, state: "present" | "deleted", observedState: "present" | "deleted"): PackageVersionInputs => ({
  ...api,
  versionId,
  state,
  observedState,
});

describe("PackageVersion provider: refresh of a retention policy's child (observedState)", () => {
  const fx = useProvider();

  it("a child refreshes with observedState set to the state seen now: unchanged since the listing saw it, no diff", async () => {
    for (const inputs of [child(1003, "present", "present"), child(1000, "deleted", "deleted"), child(1001, "deleted", "present")]) {
      const { id, outs } = await fx.provider.create(inputs);
      assert.equal(outs?.observedState, outs?.state, "the outputs record the state just observed");
      const refreshed = await fx.provider.read(id, outs);
      // What the next run declares: its planned state, and what its listing sees (the state after this run).
      const nextRun = { ...inputs, observedState: outs!.state };
      assert.deepEqual(refreshed.inputs, nextRun);
      assert.equal((await fx.provider.diff(id, refreshed.props!, nextRun)).changes, false);
    }
  });

  it("a drifted child refreshes with state and observedState both showing what is true", async () => {
    const created = await fx.provider.create(child(1003, "present", "present"));
    const response = await fetch(`${fx.emu.url}/orgs/acme/packages/container/api/versions/1003`, {
      method: "DELETE",
      headers: { authorization: `token ${ADMIN_TOKEN}` },
    });
    assert.equal(response.status, 204);
    await fx.configure(); // the refresh is the next deployment: its own listing
    const refreshed = await fx.provider.read(created.id, created.outs);
    assert.deepEqual(refreshed.inputs, { ...api, versionId: 1003, state: "deleted", observedState: "deleted" });
    assert.equal(refreshed.props?.observedState, "deleted");
  });

  it("a version declared without observedState gets none from a refresh", async () => {
    const created = await fx.provider.create({ ...api, versionId: 1003, state: "present" });
    assert.equal(created.outs?.observedState, undefined);
    const refreshed = await fx.provider.read(created.id, created.outs);
    assert.deepEqual(refreshed.inputs, { ...api, versionId: 1003, state: "present" });
  });
});
