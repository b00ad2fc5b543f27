/** "A tag keeps what it names", with the real CLI: the `docker manifest create` layout, where platform images carry tags of their own. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { useStack } from "../support/stack-fixture";
import { manifestCreateSeed, promotedSeed, TOOLS, TOOLS_POLICY } from "../support/manifest-create-seed";

const { v1, v2 } = TOOLS;
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

  async function upDeletes(expected: number[]): Promise<void> {
    await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites().sort(), expected.map((id) => `DELETE /orgs/acme/packages/container/tools/versions/${id}`).sort());
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
    await upDeletes([v1.index, v1.indexSignature, v1.amd64, v1.amd64Signature]);
  });
});

describe("e2e: untagging is planned and shown, never claimed (a release also tagged pr-9)", function () {
  this.timeout(300_000);
  const fx = useStack({ seed: promotedSeed });

  it("preview shows an untag row naming the tag; up deletes only what the rules delete and keeps v2 with all its parts", async () => {
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
    await fx.sandbox.stack.up();
    assert.deepEqual(
      fx.takeWrites().sort(),
      [v1.index, v1.indexSignature].map((id) => `DELETE /orgs/acme/packages/container/tools/versions/${id}`).sort(),
    );
    for (const id of [v2.index, v2.amd64, v2.arm64, v2.indexSignature, v2.amd64Signature, v2.arm64Signature])
      assert.equal(fx.isActive("tools", id), true, `${id} stays`);
  });
});
