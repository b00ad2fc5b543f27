import { strict as assert } from "node:assert";
import { PackageVersionError, type PackageVersionInputs } from "pulumi-github-package-versions";
import { failureOf, useProvider } from "../support/provider-fixture";
import { NOW } from "../support/clock";

const api = { org: "acme", packageType: "container", packageName: "api" } as const;
const widget = { org: "acme", packageType: "npm", packageName: "widget" } as const;
const tool = { user: "octocat", packageType: "npm", packageName: "tool" } as const;

const API = "/orgs/acme/packages/container/api/versions";
const WIDGET = "/orgs/acme/packages/npm/widget/versions";

describe("PackageVersion provider: a lost answer is not a false verdict", function () {
  // Octokit's retry plugin waits 1, 4 and 9 s before its retries.
  this.timeout(60_000);
  const fx = useProvider();
  const deletedAt = (packageName: string, id: number) =>
    fx.emu
      .state()
      .packages.find((p) => p.name === packageName)
      ?.versions.find((v) => v.id === id)?.deletedAt;

  it("a restore whose answer was lost, retried into a 404, is a success", async () => {
    fx.emu.setFaults([{ method: "POST", path: "/restore$", dropResponse: true, times: 1 }]);
    const { outs } = await fx.provider.create({ ...api, versionId: 1000, state: "present" });
    assert.equal(outs?.state, "present");
    assert.equal(deletedAt("api", 1000), undefined, "the version is active on GitHub");
    assert.deepEqual(fx.log(), [
      `GET ${API}?state=active&per_page=100 200`, // the deployment's listing
      `GET ${API}/1000 404`,
      `POST ${API}/1000/restore 0 (dropped 204)`,
      `POST ${API}/1000/restore 404`, // the retried write
      `GET ${API}/1000 200`, // the re-observation
    ]);
  });

  it("the same on update, where the recorded deletion once made it 'restore window has passed'", async () => {
    const deleted = await fx.provider.create({ ...api, versionId: 1003, state: "deleted" });
    assert.ok(deleted.outs?.deletedAt !== undefined);
    fx.emu.clearRequests();
    fx.emu.setFaults([{ method: "POST", path: "/restore$", dropResponse: true, times: 1 }]);
    const restored = await fx.provider.update(deleted.id, deleted.outs!, { ...api, versionId: 1003, state: "present" });
    assert.equal(restored.outs?.state, "present");
    assert.equal(restored.outs?.deletedAt, undefined);
    assert.equal(deletedAt("api", 1003), undefined);
    // The listing was made by the create (and updated by its DELETE): not listed again.
    assert.deepEqual(fx.log(), [
      `GET ${API}/1003 404`,
      `POST ${API}/1003/restore 0 (dropped 204)`,
      `POST ${API}/1003/restore 404`,
      `GET ${API}/1003 200`,
    ]);
  });

  it("a restore whose answers were lost several times, by name", async () => {
    fx.emu.setFaults([{ method: "POST", path: "/restore$", dropResponse: true, times: 2 }]);
    const { outs } = await fx.provider.create({ ...widget, version: "1.4.1", state: "present" });
    assert.equal(outs?.state, "present");
    assert.equal(outs?.versionId, 2004);
    assert.equal(deletedAt("widget", 2004), undefined);
    assert.deepEqual(fx.log(), [
      `GET ${WIDGET}?state=active&per_page=100 200`,
      `GET ${WIDGET}?state=deleted&per_page=100 200`,
      `POST ${WIDGET}/2004/restore 0 (dropped 204)`,
      `POST ${WIDGET}/2004/restore 0 (dropped 404)`,
      `POST ${WIDGET}/2004/restore 404`,
      `GET ${WIDGET}/2004 200`,
    ]);
  });

  it("a delete whose answer was lost, retried into a 404, is a success with the deletion recorded", async () => {
    fx.emu.setFaults([{ method: "DELETE", dropResponse: true, times: 1 }]);
    const { outs } = await fx.provider.create({ ...api, versionId: 1001, state: "deleted" });
    assert.equal(outs?.state, "deleted");
    assert.equal(outs?.deletedAt, NOW);
    assert.equal(deletedAt("api", 1001), NOW);
    assert.deepEqual(fx.log(), [
      `GET ${API}?state=active&per_page=100 200`, // the deployment's listing
      `DELETE ${API}/1001 0 (dropped 204)`,
      `DELETE ${API}/1001 404`,
      `GET ${API}/1001 404`,
      `GET ${API}?state=deleted&per_page=100 200`,
    ]);
  });

  it("a delete on destroy whose answers were lost twice", async () => {
    const created = await fx.provider.create({ ...api, versionId: 1003, state: "present" });
    fx.emu.clearRequests();
    fx.emu.setFaults([{ method: "DELETE", dropResponse: true, times: 2 }]);
    await fx.provider.delete(created.id, created.outs!);
    assert.ok(deletedAt("api", 1003) !== undefined);
    assert.deepEqual(
      fx.log().filter((l) => l.startsWith("DELETE")),
      [`DELETE ${API}/1003 0 (dropped 204)`, `DELETE ${API}/1003 0 (dropped 404)`, `DELETE ${API}/1003 404`],
    );
    assert.equal(fx.log().at(-2), `GET ${API}/1003 404`, "observed again after the failed write");
  });

  it("answers lost at random (bounded in count) on many writes: every version ends as declared", async () => {
    const faults = [
      { method: "DELETE", dropResponse: true, probability: 0.5, times: 2 },
      { method: "POST", path: "/restore$", dropResponse: true, probability: 0.5, times: 2 },
    ];
    fx.emu.setFaults(faults);
    const declared: (PackageVersionInputs & { versionId: number })[] = [
      { ...api, versionId: 1001, state: "deleted" },
      { ...api, versionId: 1003, state: "deleted" },
      { ...api, versionId: 1000, state: "present" },
      { ...widget, versionId: 2004, state: "present" },
      { ...widget, versionId: 2000, state: "deleted" },
      { ...tool, versionId: 5001, state: "present" },
    ];
    for (const inputs of declared) {
      const { outs } = await fx.provider.create(inputs);
      assert.equal(outs?.state, inputs.state, `version ${inputs.versionId}`);
    }
    const state = fx.emu.state();
    for (const inputs of declared) {
      const version = state.packages.find((p) => p.name === inputs.packageName)?.versions.find((v) => v.id === inputs.versionId);
      assert.equal(version?.deletedAt !== undefined, inputs.state === "deleted", `version ${inputs.versionId} on GitHub`);
    }
    const requests = fx.emu.requests();
    const writes = requests.filter((r) => r.method !== "GET");
    const dropped = writes.filter((r) => r.droppedStatus !== undefined);
    assert.ok(dropped.length <= 4);
    assert.equal(writes.length, declared.length + dropped.length, "each lost answer was followed by exactly one retried write");
    for (const lost of dropped) {
      const after = requests.slice(requests.indexOf(lost) + 1);
      assert.ok(
        after.some((r) => r.method === "GET" && r.path.startsWith(lost.path.replace(/\/restore$/, ""))),
        `observed again after ${lost.method} ${lost.path}`,
      );
    }
    console.log(`      ${dropped.length} of ${writes.length} writes lost their answer`);
  });

  it("a restore refused with 404 while GitHub still lists the version as deleted says so, not 'window passed'", async () => {
    fx.emu.setFaults([{ method: "POST", path: "/restore$", status: 404, message: "Package version not found." }]);
    const error = await failureOf(fx.provider.create({ ...api, versionId: 1000, state: "present" }));
    assert.ok(error instanceof PackageVersionError);
    assert.equal(error.reason, "unexpected-answer");
    assert.match(
      error.message,
      /Observed again afterwards: it is still deleted and restorable until 2026-12-19T00:00:00Z, so its restore window has not passed\./,
    );
    assert.doesNotMatch(error.message, /publish it again/);
    assert.deepEqual(fx.log(), [
      `GET ${API}?state=active&per_page=100 200`,
      `GET ${API}/1000 404`,
      `POST ${API}/1000/restore 404`,
      `GET ${API}/1000 404`,
      `GET ${API}?state=deleted&per_page=100 200`,
    ]);
  });

  it("a write that really failed is reported with what was observed afterwards", async () => {
    fx.emu.setFaults([{ method: "DELETE", status: 422, message: "Validation Failed" }]);
    const error = await failureOf(fx.provider.create({ ...api, versionId: 1001, state: "deleted" }));
    assert.ok(error instanceof PackageVersionError);
    assert.equal(error.reason, "invalid-request");
    assert.match(error.message, /Cannot delete version sha256:bb22 \(id 1001\).*Observed again afterwards: it is still active\./);
    assert.equal(deletedAt("api", 1001), undefined);
    assert.equal(fx.log().at(-1), `GET ${API}/1001 200`);
  });
});
