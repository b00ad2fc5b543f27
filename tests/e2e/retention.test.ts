import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { EmulatorSeed } from "../../emulator";
import { ADMIN_TOKEN, REPO_ROOT, commandFailure, useStack } from "../support/stack-fixture";
import { NOW } from "../support/clock";
import { imagesSeed } from "../support/images-seed";

const retentionSeed = imagesSeed;

const RULES = {
  "retention:org": "acme",
  "retention:packageType": "container",
  "retention:packageName": "images",
  "retention:policyName": "images",
  "retention:keepLatest": "3",
  "retention:deleteOlderThan": "30d",
  "retention:keep": '["v1.0"]',
  "retention:untagged": "delete",
  "retention:restoreKept": "true",
  // A PackageVersion child per version: what most tests here check (the default, one resource for the package, is checked apart).
  "retention:perVersionChildren": "true",
};

/** The child PackageVersions a preview or update plans, by version id, with their declared state. */
function plannedStates(events: EngineEvent[]): Map<number, { op: string; state: unknown }> {
  const planned = new Map<number, { op: string; state: unknown }>();
  for (const event of events) {
    const step = event.resourcePreEvent?.metadata;
    const match = step === undefined ? null : /::images-(\d+)$/.exec(step.urn);
    if (step !== undefined && match !== null) planned.set(Number(match[1]), { op: step.op, state: step.new?.inputs?.["state"] });
  }
  return planned;
}

describe("e2e: retention as code (examples/retention) with the real pulumi CLI", function () {
  this.timeout(300_000);
  const fx = useStack({
    projectDir: path.join(REPO_ROOT, "examples", "retention"),
    include: ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"],
    seed: retentionSeed,
  });

  /** Two new versions pushed after the first run (4, 5, 6 deleted by it), and the clock on 2026-12-15. */
  function pushNewVersions(): void {
    const seed = retentionSeed();
    const images = seed.packages![0]!;
    images.versions = [
      ...images.versions!.filter((v) => v.id !== 4 && v.id !== 5 && v.id !== 6),
      { id: 4, name: "sha256:04", tags: ["v1.3"], createdAt: "2026-10-15T00:00:00Z", deletedAt: NOW },
      { id: 5, name: "sha256:05", tags: [], createdAt: "2026-10-01T00:00:00Z", deletedAt: NOW },
      { id: 6, name: "sha256:06", tags: ["v1.2"], createdAt: "2026-09-01T00:00:00Z", deletedAt: NOW },
      { id: 9, name: "sha256:09", tags: ["v1.6"], createdAt: "2026-12-10T00:00:00Z" },
      { id: 10, name: "sha256:10", tags: [], createdAt: "2026-12-12T00:00:00Z" },
    ];
    fx.emu.seed({ ...seed, now: "2026-12-15T00:00:00Z" });
  }

  async function configure(extra: Record<string, string> = {}): Promise<void> {
    const values = { ...RULES, "retention:now": fx.emu.now().toISOString(), ...extra };
    await fx.sandbox.stack.setAllConfig(Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { value }])));
  }

  it("preview lists exactly the versions the rules delete and writes nothing; up deletes them", async () => {
    await configure();
    const events: EngineEvent[] = [];
    const preview = await fx.sandbox.stack.preview({ onEvent: (event) => events.push(event) });
    const planned = plannedStates(events);
    const deleted = [...planned]
      .filter(([, p]) => p.state === "deleted")
      .map(([id]) => id)
      .sort();
    assert.deepEqual(deleted, [4, 5, 6, 8], "4, 5, 6 deleted by the rules; 8 stays deleted");
    assert.deepEqual(
      [...planned]
        .filter(([, p]) => p.state === "present")
        .map(([id]) => id)
        .sort(),
      [1, 2, 3, 7],
    );
    assert.equal(preview.changeSummary["create"], 10, "stack, policy and 8 versions");
    assert.deepEqual(fx.takeWrites(), [], "the preview is a dry run");

    const up = await fx.sandbox.stack.up();
    assert.deepEqual(up.outputs["deletedIds"]?.value, [4, 5, 6]);
    assert.deepEqual(up.outputs["keptIds"]?.value, [1, 2, 3, 7]);
    assert.deepEqual(fx.takeWrites().sort(), [
      "DELETE /orgs/acme/packages/container/images/versions/4",
      "DELETE /orgs/acme/packages/container/images/versions/5",
      "DELETE /orgs/acme/packages/container/images/versions/6",
    ]);
  });

  it("after new versions are pushed and the clock moves on, the next up deletes the newly expired ones only", async () => {
    await configure();
    await fx.sandbox.stack.up();
    fx.takeWrites();
    pushNewVersions();
    await configure();
    const up = await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites().sort(), [
      "DELETE /orgs/acme/packages/container/images/versions/2",
      "DELETE /orgs/acme/packages/container/images/versions/3",
    ]);
    assert.deepEqual(up.outputs["keptIds"]?.value, [10, 9, 1, 7]);
  });

  it("a kept version deleted by hand is restored by the next up", async () => {
    await configure();
    await fx.sandbox.stack.up();
    const response = await fetch(`${fx.emu.url}/orgs/acme/packages/container/images/versions/2`, {
      method: "DELETE",
      headers: { authorization: `token ${ADMIN_TOKEN}` },
    });
    assert.equal(response.status, 204);
    fx.takeWrites();
    const up = await fx.sandbox.stack.up();
    assert.deepEqual(up.outputs["restoredIds"]?.value, [2]);
    assert.deepEqual(fx.takeWrites(), ["POST /orgs/acme/packages/container/images/versions/2/restore"]);
    assert.equal(fx.isActive("images", 2), true);
  });

  it("maxDeletions stops a plan at preview, with the count", async () => {
    await configure({ "retention:maxDeletions": "2" });
    const message = await commandFailure(fx.sandbox.stack.preview());
    assert.match(message, /container package images of org acme deletes 3 versions, more than maxDeletions \(2\)/);
    assert.doesNotMatch(message, /^\s+at /m, "no stack trace");
    assert.deepEqual(fx.takeWrites(), []);
  });

  it("a plan that fails on a later up changes nothing and drops nothing from the state", async () => {
    await configure();
    await fx.sandbox.stack.up();
    const before = fx.sandbox.stateText().match(/::images-\d+"/g)?.length;
    fx.takeWrites();
    pushNewVersions(); // versions 2 and 3 now fall out of the newest 3 and are over 30 days old
    await configure({ "retention:maxDeletions": "1" });
    const message = await commandFailure(fx.sandbox.stack.up());
    assert.match(message, /deletes 2 versions, more than maxDeletions \(1\)/);
    assert.deepEqual(fx.takeWrites(), []);
    assert.equal(fx.sandbox.stateText().match(/::images-\d+"/g)?.length, before);
    assert.equal(fx.isActive("images", 2), true);
  });
});

describe("e2e: retention policies in the root project's stack configuration", function () {
  this.timeout(300_000);
  const fx = useStack({ seed: retentionSeed });

  function publicImages(): EmulatorSeed {
    const seed = retentionSeed();
    const images = seed.packages![0]!;
    images.visibility = "public";
    images.versions = images.versions!.map((v) => (v.id === 5 ? { ...v, downloads: 9000 } : v));
    return seed;
  }

  it("declares a policy beside single versions; a version GitHub refuses fails its own step while the others proceed", async () => {
    fx.emu.seed(publicImages());
    const policy = {
      name: "images",
      org: "acme",
      packageType: "container",
      packageName: "images",
      keepLatest: 3,
      deleteOlderThan: "30d",
      keep: ["v1.0"],
      untagged: "delete",
      now: fx.emu.now().toISOString(),
      perVersionChildren: true, // a version GitHub refuses fails its own child's step
    };
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([policy]) });
    await fx.setVersions([{ org: "acme", packageType: "container", packageName: "images", tag: "v1.0", protect: true }]);
    const message = await commandFailure(fx.sandbox.stack.up({ continueOnError: true }));
    assert.match(
      message,
      /Cannot delete version sha256:05 \(id 5\) of container package images of org acme: it is public and has more than 5,000 downloads/,
    );
    assert.deepEqual(
      fx
        .takeWrites()
        .filter((w) => w.startsWith("DELETE"))
        .sort(),
      [
        "DELETE /orgs/acme/packages/container/images/versions/4",
        "DELETE /orgs/acme/packages/container/images/versions/5",
        "DELETE /orgs/acme/packages/container/images/versions/6",
      ],
    );
    assert.equal(fx.isActive("images", 4), false);
    assert.equal(fx.isActive("images", 6), false);
    assert.equal(fx.isActive("images", 5), true);

    // The README's exemption: keep it by name.
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", {
      value: JSON.stringify([{ ...policy, keep: ["v1.0", "sha256:05"] }]),
    });
    const up = await fx.sandbox.stack.up();
    const images = (up.outputs["retention"]?.value as Record<string, { kept: number[]; deleted: number[] }>)["images"];
    assert.ok(images?.kept.includes(5), "5 is kept now");
    assert.deepEqual(images?.deleted, [], "4 and 6 were deleted by the first run");
    assert.deepEqual(fx.takeWrites(), []);
    assert.equal(fx.isActive("images", 5), true);
  });

  it("a bad policy fails preview with the entry and field named, and makes no request", async () => {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", {
      value: JSON.stringify([
        { org: "acme", packageType: "npm", packageName: "widget", keepLatest: 5, untagged: "delete" },
        { org: "acme", packageType: "container", packageName: "images", deleteOlderThan: "3m" },
        {
          name: "images-2",
          org: "acme",
          packageType: "container",
          packageName: "images",
          keepLatest: 3,
          keep: ["!v1.0"],
          keepLatestUntagged: 2,
        },
      ]),
    });
    const message = await commandFailure(fx.sandbox.stack.preview());
    assert.match(message, /retentionPolicies\[0\]\.untagged: /);
    assert.match(message, /retentionPolicies\[1\]\.deleteOlderThan: .*write "mo" or "months"/);
    assert.match(message, /retentionPolicies\[2\]\.keepLatestUntagged: .*set untagged: "delete" with it/);
    assert.deepEqual(fx.takeRequests(), []);
  });
});
