/** Container images as images (multi-arch, attestations, signatures), read from the registry, with the real CLI. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent, LocalWorkspace } from "@pulumi/pulumi/automation";
import { ADMIN_TOKEN, commandFailure, useStack } from "../support/stack-fixture";
import { APP_IDS, APP_POLICY, appDigest, multiarchSeed } from "../support/multiarch-seed";

const ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

const { v1, v2, v3 } = APP_IDS;
const KEPT = [v3.index, v3.amd64, v3.shared, v3.attestation, v3.signature];
const DELETED = [
  v2.index,
  v2.amd64,
  v2.attestation,
  v2.signature,
  v1.index,
  v1.amd64,
  v1.arm64,
  v1.attestation,
  v1.signature,
  v1.cosignAttestation,
  APP_IDS.untaggedImage,
  APP_IDS.orphanSignature,
];

describe("e2e: container images as images, read from the registry", function () {
  this.timeout(300_000);
  const fx = useStack({ seed: multiarchSeed });

  /** A client of the emulator's registry, as `docker pull` talks to it: token exchange, then manifests. */
  async function pullManifest(reference: string): Promise<{ status: number; body: { manifests?: { digest: string }[] } | undefined }> {
    const auth = `Basic ${Buffer.from(`octocat:${ADMIN_TOKEN}`).toString("base64")}`;
    const tokenResponse = await fetch(`${fx.emu.url}/token?service=registry&scope=repository:acme/app:pull`, {
      headers: { authorization: auth },
    });
    const { token } = (await tokenResponse.json()) as { token: string };
    const response = await fetch(`${fx.emu.url}/v2/acme/app/manifests/${reference}`, {
      headers: { authorization: `Bearer ${token}`, accept: ACCEPT },
    });
    return { status: response.status, body: response.ok ? ((await response.json()) as { manifests?: { digest: string }[] }) : undefined };
  }

  async function usePolicy(extra: Record<string, unknown> = {}): Promise<void> {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([{ ...APP_POLICY, ...extra }]) });
  }

  it("preview names each part's image; up deletes old images with all their parts and keeps v3 pullable", async () => {
    await usePolicy();
    const events: EngineEvent[] = [];
    // The plan table shows each action's newest and oldest rows; the plan file holds every decision.
    const planDir = path.join(fx.sandbox.dir, "plan");
    (fx.sandbox.stack.workspace as LocalWorkspace).envVars["PACKAGE_VERSIONS_PLAN_DIR"] = planDir;
    const preview = await fx.sandbox.stack.preview({ onEvent: (event) => events.push(event) });
    assert.deepEqual(fx.takeWrites(), [], "the preview is a dry run");
    assert.match(preview.stdout, /… 2 more delete rows not shown/);
    const out = `${preview.stdout}\n${fs.readFileSync(path.join(planDir, "retention-plan-app.tsv"), "utf8")}`;
    const short = (id: number) => appDigest(id).slice(0, "sha256:".length + 12);
    // Each deleted part names its image, and a kept image's parts say so.
    assert.match(out, /delete\s+deleted with image v1 \(sha256:[0-9a-f]+…?\): platform linux\/arm64/);
    assert.match(out, /deleted with image v1 \(sha256:[0-9a-f]+…?\): signature/);
    assert.match(out, /kept with image v3 \(sha256:[0-9a-f]+…?\): platform linux\/amd64/);
    assert.match(
      out,
      /deleted with image v1 \(sha256:[0-9a-f]+…\): attestation \(sha256-[0-9a-f]+….att\)/,
      "the cosign attestation (subject and .att tag)",
    );
    assert.match(out, /deleted: orphan signature of sha256:[0-9a-f]+…, which is not an active version \(untagged: "delete"\)/);
    assert.match(out, /deleted: orphan, no image references it, beyond the newest 1 images/);
    assert.match(out, /kept: shared with image v3/);
    assert.ok(out.includes(short(v3.index)) || out.includes(appDigest(v3.index)), "the kept index is in the table");

    const up = await fx.sandbox.stack.up();
    const retention = (up.outputs["retention"]?.value as Record<string, { kept: number[]; deleted: number[] }>)["app"]!;
    assert.deepEqual([...retention.kept].sort(), [...KEPT].sort());
    assert.deepEqual([...retention.deleted].sort(), [...DELETED].sort());
    assert.deepEqual(fx.takeWrites().sort(), DELETED.map((id) => `DELETE /orgs/acme/packages/container/app/versions/${id}`).sort());
    for (const id of KEPT) assert.equal(fx.isActive("app", id), true, `${id} is kept`);
    for (const id of DELETED) assert.equal(fx.isActive("app", id), false, `${id} is deleted`);

    // v3 is still pullable: its index and every manifest it references are served.
    const index = await pullManifest("v3");
    assert.equal(index.status, 200);
    const referenced = index.body?.manifests?.map((m) => m.digest) ?? [];
    assert.equal(referenced.length, 3);
    for (const digest of referenced) assert.equal((await pullManifest(digest)).status, 200, `${digest} is served`);
    assert.equal((await pullManifest("v1")).status, 404, "v1 is gone");

    // The next run changes nothing.
    const again = await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites(), []);
    assert.equal(again.summary.resourceChanges?.["create"] ?? 0, 0);
  });

  it("a registry that cannot be read deletes nothing and says which registry and why", async () => {
    await usePolicy();
    await fx.sandbox.stack.setConfig("github:registryUrl", { value: "http://127.0.0.1:9" });
    const message = await commandFailure(fx.sandbox.stack.up());
    assert.match(message, /http:\/\/127\.0\.0\.1:9/);
    assert.match(message, /container package app of org acme/);
    assert.doesNotMatch(message, /^\s+at /m, "no stack trace");
    assert.ok(!message.includes(ADMIN_TOKEN));
    assert.deepEqual(fx.takeWrites(), [], "nothing deleted");
    for (const id of [...KEPT, ...DELETED]) assert.equal(fx.isActive("app", id), true);
  });
});
