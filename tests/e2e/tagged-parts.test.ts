/** "A tag keeps what it names", with the real CLI: the `docker manifest create` layout, where platform images carry tags of their own. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { useStack, type StackFixture } from "../support/stack-fixture";
import { manifestCreateSeed, promotedSeed, TOOLS, TOOLS_POLICY } from "../support/manifest-create-seed";

const { v1, v2 } = TOOLS;

/** The versions of package tools as the emulator holds them now. */
function versionsOf(fx: StackFixture): { id: number; tags: string[]; deletedAt?: string | undefined }[] {
  return fx.emu.state().packages.find((p) => p.name === "tools")!.versions;
}

/**
 * `pulumi up`, then its writes: exactly the DELETEs of `deleted`, and for each tag in `untagged`
 * one manifest PUT under it (a placeholder the tag moves to) and the DELETE of the placeholder's
 * new version (blob uploads and HEADs aside).
 */
async function upWrites(fx: StackFixture, deleted: number[], untagged: string[]): Promise<void> {
  const before = new Set(versionsOf(fx).map((v) => v.id));
  await fx.sandbox.stack.up();
  const writes = fx.takeWrites().filter((w) => !w.startsWith("HEAD ") && !w.includes("/blobs/"));
  const placeholders = versionsOf(fx).filter((v) => !before.has(v.id));
  assert.equal(placeholders.length, untagged.length, "one placeholder version per tag removed");
  for (const p of placeholders) assert.notEqual(p.deletedAt, undefined, `placeholder ${p.id} is deleted`);
  assert.deepEqual(
    writes.sort(),
    [
      ...[...deleted, ...placeholders.map((p) => p.id)].map((id) => `DELETE /orgs/acme/packages/container/tools/versions/${id}`),
      ...untagged.map((tag) => `PUT /v2/acme/tools/manifests/${tag}`),
    ].sort(),
  );
}
const ALL = [v2, v1].flatMap((r) => [r.index, r.amd64, r.arm64, r.indexSignature, r.amd64Signature, r.arm64Signature]);

describe("e2e: a tag keeps what it names (docker manifest create layout)", function () {
  this.timeout(300_000);
  const fx = useStack({ seed: manifestCreateSeed });

  async function previewPlan(rules: Record<string, unknown>): Promise<string> {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([{ ...TOOLS_POLICY, ...rules }]) });
    const planDir = path.join(fx.sandbox.dir, "plan");
    (fx.sandbox.stack.workspace as LocalWorkspace).envVars["PACKAGE_VERSIONS_PLAN_DIR"] = planDir;
    const preview = await fx.sandbox.stack.preview();
    assert.deepEqual(fx.takeWrites(), [], "the preview is a dry run");
    return `${preview.stdout}\n${fs.readFileSync(path.join(planDir, "retention-plan-tools.tsv"), "utf8")}`;
  }

  async function upDeletes(expected: number[], untagged: string[] = []): Promise<void> {
    await upWrites(fx, expected, untagged);
    for (const id of ALL)
      assert.equal(fx.isActive("tools", id), !expected.includes(id), `${id} is ${expected.includes(id) ? "deleted" : "kept"}`);
    await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites(), [], "the next run changes nothing");
  }

  it("deleteTags on an index deletes the index and its signature; the tagged platform images stay with their signatures, and preview says why", async () => {
    const out = await previewPlan({ keepLatest: 10, deleteTags: ["v1"] });
    assert.match(out, /deleted: tag v1 matches deleteTags pattern v1/);
    assert.match(out, /deleted with image v1 \(sha256:[0-9a-f]+…\): signature \(sha256-[0-9a-f]+….sig\)/);
    assert.match(out, /kept: among the newest 10 images \(#\d\)/);
    assert.match(out, /kept with image v1-amd64 \(sha256:[0-9a-f]+…\): signature/);
    await upDeletes([v1.index, v1.indexSignature]);
  });

  it("a kept index keeps its tagged parts although the rules select them; an index the rules drop leaves its tagged parts to their own rules", async () => {
    const out = await previewPlan({ keepLatest: 0, deleteOlderThan: "1d", keep: ["v2", "v1-arm64"], deleteTags: ["v2-amd64"] });
    assert.match(
      out,
      /kept, untag v2-amd64: tag v2-amd64 matches deleteTags pattern v2-amd64 and older than 1d \(created 2 days ago\), but it is platform linux\/amd64 of kept image v2 \(sha256:[0-9a-f]+…\), which needs it/,
    );
    assert.match(out, /kept: tag v1-arm64 matches keep pattern v1-arm64/);
    assert.match(out, /deleted: older than 1d \(created 40 days ago\)/);
    // v2-amd64 loses its tag (the placeholder way: pushed under the tag, its version deleted); the image stays.
    await upDeletes([v1.index, v1.indexSignature, v1.amd64, v1.amd64Signature], ["v2-amd64"]);
    assert.deepEqual(versionsOf(fx).find((v) => v.id === v2.amd64)?.tags, []);
  });
});

describe("e2e: untagging in the per-version form (a release also tagged pr-9)", function () {
  this.timeout(300_000);
  const fx = useStack({ seed: promotedSeed });

  it("preview shows an untag row naming the tag; up removes pr-9 only, deletes what the rules delete and keeps v2 with all its parts", async () => {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", {
      value: JSON.stringify([{ ...TOOLS_POLICY, keepLatest: 10, deleteTags: ["pr-*", "v1"] }]),
    });
    const preview = await fx.sandbox.stack.preview();
    assert.deepEqual(fx.takeWrites(), [], "the preview is a dry run");
    assert.match(preview.stdout, /10 kept \(1 of them to untag: tags matching deleteTags\), 2 deleted/);
    assert.match(
      preview.stdout,
      /v2,pr-9\s+\d+d\s+untag\s+kept, untag pr-9: tag pr-9 matches deleteTags pattern pr-\*; the version stays for its other tags/,
    );
    await upWrites(fx, [v1.index, v1.indexSignature], ["pr-9"]);
    for (const id of [v2.index, v2.amd64, v2.arm64, v2.indexSignature, v2.amd64Signature, v2.arm64Signature])
      assert.equal(fx.isActive("tools", id), true, `${id} stays`);
    assert.deepEqual(versionsOf(fx).find((v) => v.id === v2.index)?.tags, ["v2"], "v2 keeps v2, loses pr-9");
  });
});
