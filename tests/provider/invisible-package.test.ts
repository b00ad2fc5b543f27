import { strict as assert } from "node:assert";
import type { PackageVersionError, PackageVersionInputs } from "pulumi-github-package-versions";
import { OUTSIDER_TOKEN, refusal, useProvider } from "../support/provider-fixture";

const widget = { org: "acme", packageType: "npm", packageName: "widget" } as const;
const WIDGET = "/orgs/acme/packages/npm/widget";

/** The promise of a refusal for a deleted declaration whose package answered 404. */
function assertBothCauses(error: PackageVersionError, expected: { login: string; target: RegExp }): void {
  assert.equal(error.reason, "package-not-found");
  assert.equal(error.details.declaredDeleted, true);
  assert.equal(error.details.tokenLogin, expected.login);
  assert.match(error.message, expected.target, "names the owner, the package and the version selector");
  assert.match(error.message, /GitHub said \(404\): "Package not found\."/);
  assert.match(error.message, /404 both when a package does not exist and when the token may not see it/);
  assert.match(error.message, /not recorded as deleted/);
  assert.match(error.message, /Either there is no .+ \(check the owner, packageType and packageName/, "cause 1: no such package");
  assert.match(
    error.message,
    new RegExp(`or the token, of user ${expected.login}, may not see it`),
    "cause 2: a token that may not see it, naming its user",
  );
  assert.match(error.message, /Nothing was changed\.$/);
}

describe("404 is not deleted: a version declared deleted whose package answers 404", () => {
  const fx = useProvider();
  const writes = () => fx.calls().filter((call) => !call.startsWith("GET "));

  it("another org's token: create fails naming both causes and the token's user, with 0 writes", async () => {
    await fx.configure(OUTSIDER_TOKEN);
    const error = await refusal(fx.provider.create({ ...widget, version: "1.4.2", state: "deleted" }));
    assertBothCauses(error, {
      login: "hubot",
      target: /^Cannot delete version 1\.4\.2 of npm package widget of org acme: the package was not found\./,
    });
    assert.deepEqual(fx.log(), [`GET ${WIDGET}/versions?state=active&per_page=100 404`, "GET /user 200"]);
    assert.deepEqual(writes(), []);
    assert.equal(
      fx.emu
        .state()
        .packages.find((p) => p.name === "widget")
        ?.versions.find((v) => v.id === 2005)?.deletedAt,
      undefined,
      "still active",
    );
  });

  it("a typo in packageName or org, or a user owner: the same refusal, naming the declaration as written", async () => {
    const typoName = await refusal(fx.provider.create({ ...widget, packageName: "widgte", versionId: 2005, state: "deleted" }));
    assertBothCauses(typoName, { login: "octocat", target: /^Cannot delete version id 2005 of npm package widgte of org acme: / });
    const typoOrg = await refusal(fx.provider.create({ ...widget, org: "acmee", version: "1.4.2", state: "deleted" }));
    assertBothCauses(typoOrg, { login: "octocat", target: /^Cannot delete version 1\.4\.2 of npm package widget of org acmee: / });
    const userOwned = await refusal(
      fx.provider.create({ user: "octocat", packageType: "npm", packageName: "tol", version: "3.0.0", state: "deleted" }),
    );
    assertBothCauses(userOwned, { login: "octocat", target: /^Cannot delete version 3\.0\.0 of npm package tol of user octocat: / });
    assert.equal(fx.calls().filter((call) => call === "GET /user").length, 1, "the token's user is asked once");
    assert.deepEqual(writes(), []);
  });

  it("many declarations with one wrong token: each refused, after one listing and one GET /user", async () => {
    await fx.configure(OUTSIDER_TOKEN);
    const declared: PackageVersionInputs[] = ["1.4.2", "1.0.0", "0.9.0"].map((version) => ({
      ...widget,
      version,
      state: "deleted" as const,
    }));
    const errors = await Promise.all(declared.map((inputs) => refusal(fx.provider.create(inputs))));
    for (const error of errors) assert.equal(error.details.tokenLogin, "hubot");
    assert.deepEqual(fx.calls().sort(), [`GET ${WIDGET}/versions`, "GET /user"].sort());
  });

  it("an update from present to deleted is refused too: the state never saw it deleted", async () => {
    const { id, outs } = await fx.provider.create({ ...widget, version: "1.4.2", state: "present" });
    await fx.configure(OUTSIDER_TOKEN);
    const error = await refusal(fx.provider.update(id, outs!, { ...widget, version: "1.4.2", state: "deleted" }));
    assertBothCauses(error, { login: "hubot", target: /npm package widget of org acme/ });
    assert.deepEqual(writes(), []);
  });

  it("an update of a version the state recorded deleted stays done: no error, no write", async () => {
    const { id, outs } = await fx.provider.create({ ...widget, version: "1.4.1", state: "deleted" });
    assert.equal(outs?.state, "deleted");
    assert.ok(outs?.deletedAt !== undefined);
    await fx.configure(OUTSIDER_TOKEN);
    fx.emu.clearRequests();
    const updated = await fx.provider.update(id, outs!, { ...widget, version: "1.4.1", state: "deleted", observedState: "present" });
    assert.equal(updated.outs?.state, "deleted");
    assert.deepEqual(writes(), []);
    assert.ok(!fx.calls().includes("GET /user"), "nothing to explain");
  });

  it("a retention policy's child the program just observed deleted is recorded deleted: no error, no write", async () => {
    await fx.configure(OUTSIDER_TOKEN);
    const { outs } = await fx.provider.create({ ...widget, versionId: 2004, state: "deleted", observedState: "deleted" });
    assert.equal(outs?.state, "deleted");
    assert.deepEqual(writes(), []);
  });

  it("a package that exists without the version (404 Package version not found) is adopted as gone, as before", async () => {
    const { outs } = await fx.provider.create({ ...widget, version: "9.9.9", state: "deleted" });
    assert.equal(outs?.state, "deleted");
    assert.equal(outs?.versionId, undefined);
    assert.deepEqual(writes(), []);
    assert.ok(!fx.calls().includes("GET /user"));
  });

  it("when GET /user fails, the refusal says why the token's user is not known, still without the token", async () => {
    fx.emu.setFaults([{ method: "GET", path: "^/user$", status: 403, message: "Resource not accessible by integration" }]);
    await fx.configure(OUTSIDER_TOKEN);
    const error = await refusal(fx.provider.create({ ...widget, version: "1.4.2", state: "deleted" }));
    assert.equal(error.reason, "package-not-found");
    assert.equal(error.details.tokenLogin, undefined);
    assert.equal(error.details.tokenLoginUnknown, 'GET /user answered 403 "Resource not accessible by integration"');
    assert.match(
      error.message,
      /or the token \(whose user could not be read: GET \/user answered 403 "Resource not accessible by integration"\) may not see it/,
    );
    assert.deepEqual(writes(), []);
  });
});
