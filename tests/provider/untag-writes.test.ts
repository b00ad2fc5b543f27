/**
 * Issue 23's untag write, through the PackagePlanWrites provider against the emulator over HTTP:
 * a placeholder pushed under the tag to remove, then its version deleted through the API.
 */
import { strict as assert } from "node:assert";
import {
  decodeRecord,
  EMPTY_DESCRIPTOR,
  type PlannedEntry,
  planWritesHandlers as planWrites,
  type PlanWritesInputs,
  type PlanWritesOutputs,
} from "pulumi-github-package-versions/testing";
import { startEmulator } from "../../emulator";
import { useEnvEmulator } from "../support/env-emulator";
import { promotedSeed, TOOLS } from "../support/manifest-create-seed";
import { appDigest } from "../support/multiarch-seed";
import { ADMIN_TOKEN, TEST_TOKENS, stackConfig } from "../support/provider-fixture";

const { v1, v2 } = TOOLS;
const tools = { org: "acme", packageType: "container", packageName: "tools" } as const;

describe("PackagePlanWrites provider: untagging (placeholder push, then its version deleted)", function () {
  this.timeout(60_000);
  const fx = useEnvEmulator(promotedSeed);
  const configure = (): Promise<void> =>
    planWrites.configure(stackConfig({ "github:token": ADMIN_TOKEN, "github:baseUrl": fx.emu.url, "github:registryUrl": fx.emu.url }));
  const inputs = (untags: PlannedEntry[]): PlanWritesInputs => ({
    ...tools,
    now: "2026-12-01T00:00:00Z",
    deletions: "[]",
    restores: "[]",
    untags: JSON.stringify(untags),
    summary: "untag",
  });
  const versions = () => fx.emu.state().packages.find((p) => p.name === "tools")!.versions;
  const tagsById = (): Map<number, string[]> =>
    new Map(
      versions()
        .filter((v) => v.deletedAt === undefined)
        .map((v) => [v.id, [...v.tags]]),
    );
  const log = (): string[] =>
    fx.emu
      .requests()
      .map((r) => `${r.method} ${r.path} ${r.status}${r.droppedStatus !== undefined ? ` (dropped ${r.droppedStatus})` : ""}`);
  const noToken = (text: string): void => {
    for (const token of TEST_TOKENS) assert.ok(!text.includes(token), "no token in outputs or errors");
  };

  it("a multi-tag image loses only the matched tag; its platform images and signatures stay; the placeholder version is gone; exact requests", async () => {
    await configure();
    const before = tagsById();
    const ids = versions().map((v) => v.id);
    fx.emu.clearRequests();
    const outs: PlanWritesOutputs = (await planWrites.create(inputs([[v2.index, appDigest(v2.index), ["pr-9"]]]))).outs!;

    const after = tagsById();
    assert.deepEqual(after.get(v2.index), ["v2"], "v2's index keeps v2 and loses pr-9");
    const expected = new Map(before);
    expected.set(v2.index, ["v2"]);
    assert.deepEqual(after, expected, "every other version stays active with its tags (parts, signatures, v1)");
    const placeholder = versions().find((v) => !ids.includes(v.id));
    assert.ok(placeholder !== undefined, "the push made one new version");
    assert.notEqual(placeholder.deletedAt, undefined, "the placeholder version is deleted");
    assert.deepEqual(placeholder.tags, ["pr-9"], "it carried the tag it took");
    assert.equal(versions().length, ids.length + 1);

    const blob = `/v2/acme/tools/blobs/${EMPTY_DESCRIPTOR.digest}`;
    const lines = log().map((line) => line.replace(/\/blobs\/uploads\/[^ ]+ /, "/blobs/uploads/<session> "));
    assert.deepEqual(lines, [
      `HEAD ${blob} 401`,
      "GET /token 200",
      `HEAD ${blob} 404`,
      "POST /v2/acme/tools/blobs/uploads/ 202",
      "PUT /v2/acme/tools/blobs/uploads/<session> 201",
      "PUT /v2/acme/tools/manifests/pr-9 201",
      "GET /orgs/acme/packages/container/tools/versions 200",
      `DELETE /orgs/acme/packages/container/tools/versions/${placeholder.id} 204`,
    ]);
    assert.equal(fx.emu.requests().find((r) => r.path === "/token")!.query["scope"], "repository:acme/tools:pull,push");

    assert.equal(outs.recordedUntags, 1);
    assert.deepEqual(decodeRecord(outs.record)[0]!.untagged, [[v2.index, appDigest(v2.index), ["pr-9"]]]);
    assert.deepEqual(decodeRecord(outs.record)[0]!.deleted, [], "the placeholder's deletion is not recorded as a deletion of the plan");
    noToken(JSON.stringify(outs));
  });

  it("two tags of one version move to one placeholder and go with one DELETE; the blob is not uploaded twice", async () => {
    await configure();
    fx.emu.clearRequests();
    await planWrites.create(
      inputs([
        [v1.index, appDigest(v1.index), ["v1"]],
        [v2.index, appDigest(v2.index), ["pr-9", "v2"]],
      ]),
    );
    assert.deepEqual(tagsById().get(v2.index), [], "both tags removed: v2's index stays, untagged");
    assert.deepEqual(tagsById().get(v1.index), [], "v1's index stays, untagged");
    assert.equal(tagsById().get(v2.amd64)?.length, 1, "its platform image keeps its tag");
    const calls = log();
    assert.equal(calls.filter((l) => l.startsWith("PUT /v2/acme/tools/manifests/")).length, 3);
    assert.equal(calls.filter((l) => l.startsWith("DELETE ")).length, 2, "one DELETE per untagged version");
    assert.equal(calls.filter((l) => l.startsWith("POST /v2/acme/tools/blobs/uploads/")).length, 1);
    assert.equal(calls.filter((l) => l === "GET /token 200").length, 1, "one token exchange for the package");
  });

  it("a manifest PUT whose answer is lost: the tag is read again, found on the placeholder, and the untag completes", async () => {
    await configure();
    fx.emu.clearRequests();
    fx.emu.setFaults([{ method: "PUT", path: "^/v2/acme/tools/manifests/", dropResponse: true, times: 1 }]);
    const outs = (await planWrites.create(inputs([[v2.index, appDigest(v2.index), ["pr-9"]]]))).outs!;
    assert.deepEqual(tagsById().get(v2.index), ["v2"]);
    const calls = log();
    assert.ok(calls.includes("PUT /v2/acme/tools/manifests/pr-9 0 (dropped 201)"), calls.join("\n"));
    assert.ok(calls.includes("HEAD /v2/acme/tools/manifests/pr-9 200"), "the tag is observed again");
    assert.equal(calls.filter((l) => l.startsWith("PUT /v2/acme/tools/manifests/")).length, 1, "the PUT is not sent again");
    assert.equal(outs.recordedUntags, 1);
  });

  it("a manifest PUT refused (500, not processed): the tag still names the version, which is untouched; the failure says so and nothing is deleted", async () => {
    await configure();
    fx.emu.clearRequests();
    fx.emu.setFaults([{ method: "PUT", path: "^/v2/acme/tools/manifests/", status: 500, message: "boom" }]);
    const error = await planWrites.create(inputs([[v2.index, appDigest(v2.index), ["pr-9"]]])).then(
      () => undefined,
      (e: unknown) => e as Error & { properties?: Record<string, unknown> },
    );
    assert.ok(error !== undefined, "the step fails");
    assert.match(
      error.message,
      /Untagging container package tools of org acme, version 8200 \(sha256:[0-9a-f]+\) failed at tag pr-9, which still names the version afterwards: Cannot write to the container registry http:\/\/127\.0\.0\.1:\d+ for container package tools of org acme, version 8200 \(sha256:[0-9a-f]+\), tag pr-9: the registry answered 500/,
    );
    assert.deepEqual(tagsById().get(v2.index), ["v2", "pr-9"]);
    assert.equal(log().filter((l) => l.startsWith("DELETE ")).length, 0);
    assert.equal((error.properties as PlanWritesOutputs | undefined)?.recordedUntags, 0, "the record says nothing was untagged");
    noToken(error.message);
  });

  it("the second of two tags refused: the first is still removed (its placeholder deleted), the second stays on the version, and the record says pr-9 only", async () => {
    await configure();
    fx.emu.clearRequests();
    fx.emu.setFaults([{ method: "PUT", path: "^/v2/acme/tools/manifests/v2$", status: 500, message: "boom" }]);
    const error = await planWrites.create(inputs([[v2.index, appDigest(v2.index), ["pr-9", "v2"]]])).then(
      () => undefined,
      (e: unknown) => e as Error & { properties?: Record<string, unknown> },
    );
    assert.ok(error !== undefined, "the step fails");
    assert.match(error.message, /failed at tag v2, which still names the version afterwards/);
    assert.deepEqual(tagsById().get(v2.index), ["v2"], "pr-9 removed, v2 stays");
    assert.equal(versions().filter((v) => v.deletedAt === undefined && v.tags.includes("pr-9")).length, 0, "no placeholder left with pr-9");
    assert.equal(log().filter((l) => l.startsWith("DELETE ")).length, 1);
    const outs = error.properties as unknown as PlanWritesOutputs;
    assert.deepEqual(decodeRecord(outs.record)[0]!.untagged, [[v2.index, appDigest(v2.index), ["pr-9"]]]);
  });

  it("the placeholder's DELETE answer is lost: the version is observed again, found deleted, and the untag is reported done", async () => {
    await configure();
    fx.emu.clearRequests();
    fx.emu.setFaults([{ method: "DELETE", dropResponse: true, times: 1 }]);
    const outs = (await planWrites.create(inputs([[v2.index, appDigest(v2.index), ["pr-9"]]]))).outs!;
    assert.deepEqual(tagsById().get(v2.index), ["v2"]);
    assert.equal(tagsById().size, versions().filter((v) => v.deletedAt === undefined).length);
    assert.ok(
      log().some((l) => / \(dropped 204\)$/.test(l) && l.startsWith("DELETE ")),
      log().join("\n"),
    );
    assert.equal(outs.recordedUntags, 1);
  });

  it("the placeholder's DELETE refused (403): the run fails naming the placeholder version, which keeps the tag; the original keeps its others", async () => {
    await configure();
    fx.emu.clearRequests();
    fx.emu.setFaults([{ method: "DELETE", status: 403, message: "Resource not accessible by integration" }]);
    const error = await planWrites.create(inputs([[v2.index, appDigest(v2.index), ["pr-9"]]])).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    assert.ok(error !== undefined);
    const placeholder = versions().find((v) => v.tags.includes("pr-9"))!;
    assert.notEqual(placeholder.id, v2.index);
    assert.match(
      error.message,
      new RegExp(`moved to the placeholder version ${placeholder.id} \\(sha256:[0-9a-f]{64}\\), which could not be deleted`),
    );
    assert.deepEqual(tagsById().get(v2.index), ["v2"]);
    noToken(error.message);
  });

  it("a push token that expired between two untags is renewed once (one more exchange), and the refused PUT is sent again", async () => {
    const emu = await startEmulator({ seed: promotedSeed(), registryTokenLifetimeSeconds: 60 });
    try {
      await planWrites.configure(stackConfig({ "github:token": ADMIN_TOKEN, "github:baseUrl": emu.url, "github:registryUrl": emu.url }));
      await planWrites.create(inputs([[v2.index, appDigest(v2.index), ["pr-9"]]]));
      emu.setClock({ advanceDays: 1 });
      emu.clearRequests();
      const outs = (await planWrites.create(inputs([[v2.index, appDigest(v2.index), ["v2"]]]))).outs!;
      assert.deepEqual(
        emu
          .requests()
          .filter((r) => r.path.startsWith("/v2/") || r.path === "/token")
          .map((r) => `${r.method} ${r.path} ${r.status}`),
        ["PUT /v2/acme/tools/manifests/v2 401", "GET /token 200", "PUT /v2/acme/tools/manifests/v2 201"],
      );
      assert.equal(outs.recordedUntags, 1);
      assert.deepEqual(
        emu
          .state()
          .packages.find((p) => p.name === "tools")!
          .versions.find((v) => v.id === v2.index)!.tags,
        [],
      );
    } finally {
      await emu.close();
    }
  });
});
