/**
 * The retention plan with the real CLI on images that crane pushed into the emulator (no seeded
 * manifests): two multi-arch releases with their cosign-style signatures; `pulumi up` keeps the
 * newest release whole and deletes the older one with its parts, and what is kept still pulls
 * with its digests verified by crane.
 */
import { strict as assert } from "node:assert";
import { NOW } from "../support/clock";
import { type OciClients, ToolFailure, ociClients, ociClientsDir } from "../support/oci-clients";
import { pushCosignSignature, pushMultiArch } from "../support/pushed-images";
import { ADMIN_TOKEN, useStack } from "../support/stack-fixture";

const POLICY = {
  name: "shop",
  org: "acme",
  packageType: "container",
  packageName: "shop",
  keepLatest: 1,
  untagged: "delete",
  now: "2026-11-28T00:00:00Z",
};

describe("e2e: retention on images crane pushed", function () {
  this.timeout(600_000);
  before(() => {
    ociClientsDir();
  });
  const fx = useStack();
  let c: OciClients;
  afterEach(() => c?.close());

  it("keeps the newest release with its platform images and signature, deletes the older one whole; the kept one still pulls verified", async () => {
    assert.equal(
      fx.emu
        .now()
        .toISOString()
        .replace(/\.000Z$/, "Z"),
      NOW,
    );
    c = await ociClients(fx.emu.url, ADMIN_TOKEN);
    const v1 = await pushMultiArch(c, "acme/shop", "v1");
    const v1Signature = await pushCosignSignature(c, "acme/shop", v1.index);
    fx.emu.setClock({ advanceDays: 1 });
    const v2 = await pushMultiArch(c, "acme/shop", "v2");
    const v2Signature = await pushCosignSignature(c, "acme/shop", v2.index);
    const idOf = new Map(
      fx.emu
        .state()
        .packages.find((p) => p.name === "shop")!
        .versions.map((v) => [v.name, v.id]),
    );
    const ids = (digests: string[]): number[] => digests.map((d) => idOf.get(d)!).sort((a, b) => a - b);
    const kept = ids([v2.index, v2.amd64, v2.arm64, v2Signature]);
    const deleted = ids([v1.index, v1.amd64, v1.arm64, v1Signature, v1.first, v2.first]);
    assert.equal(idOf.size, kept.length + deleted.length, "every pushed manifest is a version");

    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([POLICY]) });
    fx.takeRequests();
    await fx.sandbox.stack.preview();
    assert.deepEqual(fx.takeWrites(), [], "the preview is a dry run");
    const up = await fx.sandbox.stack.up();
    const retention = (up.outputs["retention"]?.value as Record<string, { kept: number[]; deleted: number[] }>)["shop"]!;
    assert.deepEqual(
      [...retention.kept].sort((a, b) => a - b),
      kept,
    );
    assert.deepEqual(
      [...retention.deleted].sort((a, b) => a - b),
      deleted,
    );
    assert.deepEqual(fx.takeWrites().sort(), deleted.map((id) => `DELETE /orgs/acme/packages/container/shop/versions/${id}`).sort());

    // crane pulls what was kept, checking every manifest and blob against its digest; v1 is gone.
    const repo = `${c.registry}/acme/shop`;
    await c.crane("validate", "--remote", `${repo}:v2`);
    assert.equal((await c.crane("digest", `${repo}:v2`)).trim(), v2.index);
    await assert.rejects(c.crane("manifest", `${repo}:v1`), (e: unknown) => e instanceof ToolFailure && /MANIFEST_UNKNOWN/.test(e.stderr));
    assert.ok(!fx.sandbox.stateText().includes(ADMIN_TOKEN));
  });
});
