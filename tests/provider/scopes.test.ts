import { strict as assert } from "node:assert";
import { READ_WRITE_TOKEN, WRITE_ONLY_TOKEN, assertMissingScopes, refusal, useProvider } from "../support/provider-fixture";

const api = { org: "acme", packageType: "container", packageName: "api" } as const;
const widget = { org: "acme", packageType: "npm", packageName: "widget" } as const;
const API = "/orgs/acme/packages/container/api/versions";

describe("PackageVersion provider: each operation needs only the scopes GitHub asks for", () => {
  const fx = useProvider();
  const deletedListings = () => fx.emu.requests().filter((r) => r.query["state"] === "deleted");
  const deletedAt = (id: number) =>
    fx.emu
      .state()
      .packages.flatMap((p) => p.versions)
      .find((v) => v.id === id)?.deletedAt;

  it("a read:packages write:packages token restores a version declared by versionId, never listing deleted versions", async () => {
    await fx.configure(READ_WRITE_TOKEN);
    const { outs } = await fx.provider.create({ ...api, versionId: 1000, state: "present" });
    assert.equal(outs?.state, "present");
    assert.equal(deletedAt(1000), undefined);
    assert.deepEqual(deletedListings(), []);
    // The active listing (read:packages), then the per-id path: no deleted listing.
    assert.deepEqual(fx.log(), [
      `GET ${API}?state=active&per_page=100 200`,
      `GET ${API}/1000 404`,
      `POST ${API}/1000/restore 204`,
      `GET ${API}/1000 200`,
    ]);
  });

  it("and restores on update the id recorded in the state (drift repaired)", async () => {
    const deleted = await fx.provider.create({ ...api, versionId: 1003, state: "deleted" });
    await fx.configure(READ_WRITE_TOKEN);
    fx.emu.clearRequests();
    const restored = await fx.provider.update(deleted.id, deleted.outs!, { ...api, versionId: 1003, state: "present" });
    assert.equal(restored.outs?.state, "present");
    assert.equal(deletedAt(1003), undefined);
    assert.deepEqual(deletedListings(), []);
    assert.deepEqual(fx.log(), [
      `GET ${API}?state=active&per_page=100 200`,
      `GET ${API}/1003 404`,
      `POST ${API}/1003/restore 204`,
      `GET ${API}/1003 200`,
    ]);
  });

  it("and adopts an active version, by id, name and tag", async () => {
    await fx.configure(READ_WRITE_TOKEN);
    for (const inputs of [
      { ...api, versionId: 1001 },
      { ...api, tag: "v2" },
      { ...widget, version: "1.4.2" },
    ]) {
      assert.equal((await fx.provider.create({ ...inputs, state: "present" })).outs?.state, "present");
    }
    assert.deepEqual(
      fx.emu.requests().filter((r) => r.method !== "GET"),
      [],
    );
  });

  it("selecting a deleted version by name needs the deleted listing: the refusal says so and names only delete:packages", async () => {
    await fx.configure(READ_WRITE_TOKEN);
    const error = await refusal(fx.provider.create({ ...widget, version: "1.4.1", state: "present" }));
    assertMissingScopes(error, { missing: ["delete:packages"], token: ["read:packages", "write:packages"] });
    assert.equal(error.details.listingDeleted, true);
    assert.match(
      error.message,
      /GitHub said \(403\): "You need at least delete:packages and read:packages scopes to get a package's deleted versions\."/,
    );
    assert.match(
      error.message,
      /The token lacks delete:packages \(it has read:packages and write:packages\)\. Finding a deleted version by name or tag lists/,
    );
    assert.match(error.message, /declared by versionId, a version is restored with read:packages and write:packages alone/);
    assert.doesNotMatch(error.message, /lacks (read:packages|write:packages)/);
    assert.deepEqual(
      fx.emu.requests().filter((r) => r.method !== "GET"),
      [],
    );
  });

  it("a delete with a read:packages write:packages token fails naming only delete:packages, and the version stays", async () => {
    await fx.configure(READ_WRITE_TOKEN);
    const error = await refusal(fx.provider.create({ ...api, versionId: 1001, state: "deleted" }));
    assertMissingScopes(error, { missing: ["delete:packages"], required: ["delete:packages", "read:packages"] });
    assert.match(
      error.message,
      /^Cannot delete version sha256:bb22 \(id 1001\) of container package api of org acme: the token is missing scopes\./,
    );
    assert.match(
      error.message,
      /Observed again afterwards: it is still active\. The token lacks delete:packages \(it has read:packages and write:packages\)\. Add delete:packages to/,
    );
    assert.equal(deletedAt(1001), undefined);
    assert.deepEqual(fx.log(), [`GET ${API}?state=active&per_page=100 200`, `DELETE ${API}/1001 403`, `GET ${API}/1001 200`]);
  });

  it("a write:packages token without read:packages fails naming only read:packages", async () => {
    await fx.configure(WRITE_ONLY_TOKEN);
    const error = await refusal(fx.provider.create({ ...api, versionId: 1000, state: "present" }));
    assertMissingScopes(error, { missing: ["read:packages"] });
    assert.match(error.message, /The token lacks read:packages \(it has write:packages\)/);
    assert.deepEqual(
      fx.emu.requests().filter((r) => r.method !== "GET"),
      [],
    );
  });

  it("a version id that never existed, with a read:packages write:packages token: says what it cannot tell", async () => {
    await fx.configure(READ_WRITE_TOKEN);
    const error = await refusal(fx.provider.create({ ...api, versionId: 999999, state: "present" }));
    assert.equal(error.reason, "version-not-found");
    assert.match(error.message, /^Cannot adopt version id 999999 of container package api of org acme: the version was not found\./);
    assert.match(error.message, /needs the list of deleted versions, which GitHub shows only to a token with delete:packages/);
  });
});
