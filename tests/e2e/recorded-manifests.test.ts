/**
 * Issue 19, container packages: a compact policy (perVersionChildren: false) reads a manifest at
 * most once per digest for the life of the stack. What it learned is kept in the state of its
 * PackagePlanWrites, so every later run, in a new process as on a fresh CI runner, reads only the
 * manifests of versions it has not seen. With the real CLI against the emulator.
 */
import { strict as assert } from "node:assert";
import { useStack, type StackFixture } from "../support/stack-fixture";
import { APP_POLICY, appDigest, multiarchSeed } from "../support/multiarch-seed";
import { OCI_MANIFEST } from "../support/image-fixtures";

/** The registry requests since `since`: manifests served (200) by digest, and token exchanges. */
function registryReads(fx: StackFixture, since: number): { manifests: string[]; tokens: number } {
  const requests = fx.emu.requests().slice(since);
  return {
    manifests: requests
      .filter((r) => r.method === "GET" && r.status === 200 && r.path.startsWith("/v2/acme/app/manifests/"))
      .map((r) => r.path.split("/").pop()!),
    tokens: requests.filter((r) => r.path === "/token").length,
  };
}

describe("e2e: a compact container policy reads each manifest once for the life of the stack", function () {
  this.timeout(300_000);
  const fx = useStack({ seed: multiarchSeed });

  it("the first up reads every active version's manifest; later runs read none but those of new versions, and the plan is the same", async () => {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", {
      value: JSON.stringify([{ ...APP_POLICY, perVersionChildren: false }]),
    });
    const activeAtStart = fx.emu.requests().length;
    const first = await fx.sandbox.stack.up();
    const firstReads = registryReads(fx, activeAtStart);
    const retention = (first.outputs["retention"]?.value as Record<string, { kept: number[]; deleted: number[] }>)["app"]!;
    assert.ok(retention.deleted.length > 0, "the first up deletes old images");
    const seeded = multiarchSeed().packages![0]!.versions!.length;
    assert.equal(firstReads.manifests.length, seeded, "one read per active version, each digest once");
    assert.equal(new Set(firstReads.manifests).size, seeded);
    const writes = fx.takeWrites();
    assert.equal(writes.length, retention.deleted.length);

    // A new process, the state as the only memory: nothing is read from the registry, nothing written.
    let since = fx.emu.requests().length;
    const second = await fx.sandbox.stack.up();
    assert.deepEqual(registryReads(fx, since), { manifests: [], tokens: 0 }, "every kept version's manifest is recorded");
    assert.deepEqual(fx.takeWrites(), []);
    assert.equal(second.summary.resourceChanges?.["update"] ?? 0, 0, "nothing learned, nothing written: no update");
    const kept = (second.outputs["retention"]?.value as Record<string, { kept: number[] }>)["app"]!.kept;
    assert.deepEqual([...kept].sort(), [...retention.kept].sort(), "the plan from recorded manifests keeps what the first one kept");

    // A new image is pushed: the preview reads its manifest only; the up records it; then none again.
    // (A seed replaces the package: its versions are seeded again as they are now, the deleted ones deleted.)
    const pushed = 9400;
    const [app] = multiarchSeed().packages!;
    const deletedAt = fx.emu.now().toISOString();
    fx.emu.seed({
      packages: [
        {
          ...app!,
          versions: [
            ...app!.versions!.map((v) => (retention.deleted.includes(v.id!) ? { ...v, deletedAt } : v)),
            { id: pushed, name: appDigest(pushed), tags: ["v4"], createdAt: "2026-11-25T00:00:00Z", manifest: { mediaType: OCI_MANIFEST } },
          ],
        },
      ],
    });
    assert.equal(fx.isActive("app", retention.kept[0]!), true);
    since = fx.emu.requests().length;
    await fx.sandbox.stack.preview();
    assert.deepEqual(registryReads(fx, since).manifests, [appDigest(pushed)], "the preview reads the new version's manifest only");
    since = fx.emu.requests().length;
    const third = await fx.sandbox.stack.up();
    assert.deepEqual(registryReads(fx, since).manifests, [appDigest(pushed)], "the up reads it (a preview records nothing)");
    const afterPush = (third.outputs["retention"]?.value as Record<string, { kept: number[] }>)["app"]!;
    assert.ok(afterPush.kept.includes(pushed), "v4, read this run, is planned with the recorded ones");
    fx.takeWrites();
    since = fx.emu.requests().length;
    await fx.sandbox.stack.preview();
    assert.deepEqual(registryReads(fx, since), { manifests: [], tokens: 0 }, "recorded by the up: no read");
  });
});
