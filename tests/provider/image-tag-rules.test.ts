/** Issue 23 through a real policy against the emulator: tagged parts, digests in deleteTags, untagging planned (docker manifest create layout). */
import { strict as assert } from "node:assert";
import { PackageRetentionPolicy } from "pulumi-github-package-versions";
import { useEnvEmulator } from "../support/env-emulator";
import { promotedSeed, TOOLS, TOOLS_POLICY } from "../support/manifest-create-seed";
import { useMockedEngine, valueOf } from "../support/mocked-engine";
import { appDigest } from "../support/multiarch-seed";

const { name: _name, ...policyArgs } = TOOLS_POLICY;
const { v1, v2 } = TOOLS;

describe("container retention: a tag keeps what it names, digests and untagging, read from the emulator", () => {
  const fx = useEnvEmulator(promotedSeed);
  useMockedEngine();

  it("deleteTags by digest deletes v1's index and its signature; its tagged platform images stay; v2 is to lose pr-9 only, its parts untouched", async () => {
    const policy = new PackageRetentionPolicy("tools", {
      ...policyArgs,
      packageType: "container",
      keepLatest: 10,
      deleteTags: ["pr-*", appDigest(v1.index)],
    });
    const decisions = await valueOf(policy.decisions);
    const byId = new Map(decisions.map((d) => [d.versionId, d]));
    assert.deepEqual([...(await valueOf(policy.deletedIds))].sort(), [v1.index, v1.indexSignature].sort());
    assert.equal(byId.get(v1.index)?.reason, `deleted: its digest matches deleteTags pattern ${appDigest(v1.index)}`);
    assert.match(byId.get(v1.amd64)?.reason ?? "", /^kept: among the newest 10 images \(#\d\)$/);
    assert.match(byId.get(v1.amd64Signature)?.reason ?? "", /^kept with image v1-amd64 \(sha256:[0-9a-f]{12}…\): signature/);
    assert.deepEqual(byId.get(v2.index)?.untag, ["pr-9"]);
    assert.equal(byId.get(v2.index)?.action, "keep");
    assert.match(
      byId.get(v2.index)?.reason ?? "",
      /^kept, untag pr-9: tag pr-9 matches deleteTags pattern pr-\*; the version stays for its other tags \(among the newest 10 images \(#1\)\)$/,
    );
    for (const id of [v2.amd64, v2.arm64, v2.indexSignature, v2.amd64Signature, v2.arm64Signature]) {
      assert.equal(byId.get(id)?.action, "keep", `${id} stays`);
      assert.equal(byId.get(id)?.untag, undefined, `${id} keeps its tags`);
    }
    assert.deepEqual(
      fx.emu.requests().filter((r) => r.method !== "GET"),
      [],
      "the component plans; its children write",
    );
  });
});
