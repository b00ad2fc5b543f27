/**
 * Issue 23's untagging with the real CLI, on images crane pushed into the emulator: a release
 * tagged v2 and pr-9 loses pr-9 only (placeholder push, then its version deleted through the
 * API), its platform images and signature stay; a release whose last tag is pr-5 is deleted whole.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { type OciClients, ociClients, ociClientsDir } from "../support/oci-clients";
import { pushCosignSignature, pushMultiArch } from "../support/pushed-images";
import { ADMIN_TOKEN, useStack } from "../support/stack-fixture";
import { READ_WRITE_TOKEN } from "../support/base-seed";

const POLICY = {
  name: "shop",
  org: "acme",
  packageType: "container",
  packageName: "shop",
  keepLatest: 10,
  deleteTags: ["pr-*"],
  untagged: "keep",
  perVersionChildren: false,
  now: "2026-11-28T00:00:00Z",
};

describe("e2e: untagging images crane pushed", function () {
  this.timeout(600_000);
  before(() => {
    ociClientsDir();
  });
  const fx = useStack();
  let c: OciClients;
  afterEach(() => c?.close());

  it("preview shows the untag on the PackagePlanWrites; up removes pr-9 only, deletes the pr-5 release, and the job summary says what was removed", async () => {
    c = await ociClients(fx.emu.url, ADMIN_TOKEN);
    const repo = `${c.registry}/acme/shop`;
    const v1 = await pushMultiArch(c, "acme/shop", "pr-5");
    fx.emu.setClock({ advanceDays: 1 });
    const v2 = await pushMultiArch(c, "acme/shop", "v2");
    await c.crane("tag", `${repo}:v2`, "pr-9");
    const v2Signature = await pushCosignSignature(c, "acme/shop", v2.index);
    const shop = () => fx.emu.state().packages.find((p) => p.name === "shop")!.versions;
    const idOf = new Map(shop().map((v) => [v.name, v.id]));
    assert.deepEqual(
      shop()
        .find((v) => v.name === v2.index)!
        .tags.sort(),
      ["pr-9", "v2"],
    );

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "summary-"));
    const summary = path.join(dir, "step-summary.md");
    fs.writeFileSync(summary, "");
    (fx.sandbox.stack.workspace as LocalWorkspace).envVars["GITHUB_STEP_SUMMARY"] = summary;
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([POLICY]) });
    fx.takeRequests();

    const preview = await fx.sandbox.stack.preview({ diff: true });
    assert.deepEqual(
      fx.takeWrites().filter((w) => !w.startsWith("HEAD ")),
      [],
      "the preview writes nothing",
    );
    // `preview --diff` shows the PackagePlanWrites' untags input: the version and the tags it loses.
    assert.match(
      preview.stdout,
      new RegExp(
        `untags\\s+: \\(json\\) \\[\\s+\\[0\\]: \\[\\s+\\[0\\]: ${idOf.get(v2.index)}\\s+\\[1\\]: "${v2.index}"\\s+\\[2\\]: \\[\\s+\\[0\\]: "pr-9"\\s+\\]\\s+\\]\\s+\\]`,
      ),
      preview.stdout,
    );
    assert.match(preview.stdout, new RegExp(`1 to untag \\(${idOf.get(v2.index)}: pr-9\\)`));
    assert.doesNotMatch(fs.readFileSync(summary, "utf8"), /Tags removed/, "nothing said removed at preview");

    const ids = shop().map((v) => v.id);
    const up = await fx.sandbox.stack.up();
    const writes = fx.takeWrites().filter((w) => !w.startsWith("HEAD "));
    const after = new Map(shop().map((v) => [v.id, v]));
    const placeholder = shop().find((v) => !ids.includes(v.id))!;
    assert.ok(placeholder !== undefined && placeholder.deletedAt !== undefined, "the placeholder version is deleted");
    assert.deepEqual(after.get(idOf.get(v2.index)!)!.tags, ["v2"], "v2's index keeps v2, loses pr-9");
    for (const digest of [v2.index, v2.amd64, v2.arm64, v2Signature])
      assert.equal(after.get(idOf.get(digest)!)!.deletedAt, undefined, `${digest} stays`);
    assert.notEqual(after.get(idOf.get(v1.index)!)!.deletedAt, undefined, "the pr-5 release is deleted (its last tag)");
    assert.ok(writes.includes("PUT /v2/acme/shop/manifests/pr-9"), writes.join("\n"));
    assert.equal(writes.filter((w) => w === `DELETE /orgs/acme/packages/container/shop/versions/${placeholder.id}`).length, 1);
    assert.equal(writes.filter((w) => w.startsWith("PUT /v2/acme/shop/manifests/")).length, 1, "one manifest PUT");
    assert.ok(
      !writes.includes(`DELETE /orgs/acme/packages/container/shop/versions/${idOf.get(v2.index)}`),
      "the original is never deleted",
    );
    assert.match(
      fs.readFileSync(summary, "utf8"),
      new RegExp(
        `Tags removed from 1 of 1 version\\(s\\) of container package shop of org acme planned to be untagged:\\n- ${idOf.get(v2.index)} \\(sha256:[0-9a-f]{12}…\\): pr-9`,
      ),
    );
    assert.equal((await c.crane("digest", `${repo}:v2`)).trim(), v2.index);
    await c.crane("validate", "--remote", `${repo}:v2`);
    assert.ok(!JSON.stringify(up.outputs).includes(ADMIN_TOKEN));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the per-version form (perVersionChildren: true) removes the tag too, through <policy>-untags beside its children; a run with nothing left to untag drops it and writes nothing", async () => {
    c = await ociClients(fx.emu.url, ADMIN_TOKEN);
    const repo = `${c.registry}/acme/shop`;
    const v2 = await pushMultiArch(c, "acme/shop", "v2");
    await c.crane("tag", `${repo}:v2`, "pr-9");
    const shop = () => fx.emu.state().packages.find((p) => p.name === "shop")!.versions;
    const indexId = shop().find((v) => v.name === v2.index)!.id;
    const perVersion = { ...POLICY, perVersionChildren: true };
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([perVersion]) });
    fx.takeRequests();
    await fx.sandbox.stack.up();
    const writes = fx.takeWrites().filter((w) => !w.startsWith("HEAD "));
    assert.deepEqual(shop().find((v) => v.id === indexId)!.tags, ["v2"], "v2's index keeps v2, loses pr-9");
    assert.equal(writes.filter((w) => w.startsWith("PUT /v2/acme/shop/manifests/")).length, 1, writes.join("\n"));
    assert.equal(writes.filter((w) => w.startsWith("DELETE ")).length, 1, "the placeholder's version only");
    assert.ok(fx.outputsOf("shop-untags") !== undefined, "the untags resource is in the state");
    assert.ok(fx.outputsOf(`shop-${indexId}`) !== undefined, "the version is still a child PackageVersion");
    const next = await fx.sandbox.stack.up();
    assert.deepEqual(
      fx.takeWrites().filter((w) => !w.startsWith("HEAD ")),
      [],
      "nothing left to untag: nothing written",
    );
    assert.equal(next.summary.resourceChanges?.["delete"], 1, "shop-untags leaves the state");
  });

  it("a classic token without delete:packages is refused at preview, naming the scope and the fix, and up writes nothing", async () => {
    c = await ociClients(fx.emu.url, ADMIN_TOKEN);
    const repo = `${c.registry}/acme/shop`;
    await pushMultiArch(c, "acme/shop", "v2");
    await c.crane("tag", `${repo}:v2`, "pr-9");
    await fx.sandbox.stack.setConfig("github:token", { value: READ_WRITE_TOKEN, secret: true });
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([POLICY]) });
    fx.takeRequests();
    for (const run of [() => fx.sandbox.stack.preview(), () => fx.sandbox.stack.up()]) {
      const start = fx.emu.requests().length;
      const error = await run().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      assert.ok(error !== undefined, "the run fails");
      assert.match(
        error.message,
        /Cannot make the retention plan's untags of 1 version\(s\) of container package shop of org acme: this token lacks delete:packages \(it has read:packages and write:packages, as GitHub's X-OAuth-Scopes says\): add it at https:\/\/github\.com\/settings\/tokens \(edit the token and check delete:packages, or make one at https:\/\/github\.com\/settings\/tokens\/new\?scopes=read:packages,write:packages,delete:packages\)\. Nothing was changed: no write of this run is sent before every check has passed\./,
      );
      assert.ok(!error.message.includes(READ_WRITE_TOKEN));
      // The API requests of the run: the plan's listing alone. The check reads the scopes GitHub sent
      // with it (X-OAuth-Scopes); before, it sent a GET …/versions?per_page=1 of its own (2 requests a run).
      const api = fx.emu
        .requests()
        .slice(start)
        .filter((r) => !r.path.startsWith("/v2/") && r.path !== "/token");
      assert.deepEqual(
        api.map((r) => `${r.method} ${r.path} per_page=${r.query["per_page"] ?? ""}`),
        ["GET /orgs/acme/packages/container/shop/versions per_page=100"],
      );
    }
    assert.deepEqual(
      fx.takeWrites().filter((w) => !w.startsWith("HEAD ")),
      [],
      "nothing written",
    );
  });
});
