/**
 * Issue 18: a refusal stops the whole run before anything changes, under every way of running it:
 * `pulumi up --skip-preview` (what pulumi/actions runs), the Automation API's `up` (no preview
 * either) and a plain `pulumi up`.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { commandFailure, useStack, type StackFixture } from "../support/stack-fixture";
import { seedWithNpmPackage } from "../support/provider-fixture";
import { imagesSeed } from "../support/images-seed";

/** acme's npm package `lots`: 40 active versions (ids 7000 to 7039), beside the base seed's packages. */
const seed = () => seedWithNpmPackage("lots", { active: 40, firstId: 7000, createdFrom: "2026-09-01T00:00:00Z" });

const lots = { org: "acme", packageType: "npm", packageName: "lots" };
/** Valid declarations beside the refused ones: each would write if the run went ahead. */
const VALID_VERSIONS = [{ org: "acme", packageType: "container", packageName: "api", versionId: 1001, state: "deleted" }];
const VALID_POLICY = {
  name: "api-keep-1",
  org: "acme",
  packageType: "container",
  packageName: "single",
  keepLatest: 1,
  untagged: "delete",
};

/** Runs the real CLI in the stack's project, as a workflow step does; its exit code and output. */
function cli(fx: StackFixture, args: string[], env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  const workspace = fx.sandbox.stack.workspace as LocalWorkspace;
  return new Promise((resolve) => {
    execFile(
      "pulumi",
      [...args, "--stack", "e2e", "--non-interactive"],
      { cwd: fx.sandbox.dir, env: { ...process.env, ...workspace.envVars, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, output: `${stdout}\n${stderr}` }),
    );
  });
}

async function configure(fx: StackFixture, policies: unknown[], versions: unknown[] = VALID_VERSIONS): Promise<void> {
  await fx.sandbox.stack.setAllConfig({
    "package-versions:retentionPolicies": { value: JSON.stringify(policies) },
    "package-versions:versions": { value: JSON.stringify(versions) },
  });
}

describe("e2e: a refusal stops the whole run before anything changes", function () {
  this.timeout(300_000);
  const fx = useStack({ seed });

  it("two policies over one package: up --skip-preview exits 1 naming both, with 0 writes", async () => {
    await configure(fx, [{ name: "p1", ...lots, keepLatest: 5 }, { name: "p2", ...lots, keepLatest: 3 }, VALID_POLICY]);
    const run = await cli(fx, ["up", "--yes", "--skip-preview"]);
    assert.notEqual(run.code, 0, run.output);
    assert.match(run.output, /Retention policies p1 and p2 both manage npm package lots/);
    assert.deepEqual(fx.takeWrites(), [], "nothing written, the valid declaration and policy included");
    assert.ok(
      !fx.takeRequests().some((request) => request.includes("/packages/npm/lots")),
      "the overlap is refused before any request for the package",
    );
  });

  it("a plan over maxDeletions beside valid policies and declarations: up --skip-preview writes nothing and says so truly", async () => {
    await configure(fx, [{ name: "lots", ...lots, keepLatest: 5, maxDeletions: 10 }, VALID_POLICY]);
    const run = await cli(fx, ["up", "--yes", "--skip-preview"]);
    assert.notEqual(run.code, 0, run.output);
    assert.match(run.output, /deletes 35 versions, more than maxDeletions \(10\)\. [^]*Nothing was changed/);
    assert.deepEqual(
      fx.takeWrites(),
      [],
      "0 writes: the valid policy's and the declaration's deletions wait for the whole program's checks",
    );
    assert.equal(fx.isActive("api", 1001), true);
    assert.equal(fx.isActive("single", 3000), true);
  });

  it("the same through the Automation API's up (no preview), and a plain pulumi up", async () => {
    await configure(fx, [{ name: "lots", ...lots, keepLatest: 5, maxDeletions: 10 }, VALID_POLICY]);
    const message = await commandFailure(fx.sandbox.stack.up());
    assert.match(message, /more than maxDeletions \(10\)\. [^]*Nothing was changed/);
    assert.deepEqual(fx.takeWrites(), []);
    const plain = await cli(fx, ["up", "--yes"]);
    assert.notEqual(plain.code, 0, plain.output);
    assert.deepEqual(fx.takeWrites(), []);
  });

  it("a policy waiting for PackageVersions' recorded versions while the CLI's --parallel steps are all held: refused, not hung", async () => {
    const byName = (version: string, state?: string) => ({
      org: "acme",
      packageType: "npm",
      packageName: "lots",
      version,
      ...(state !== undefined ? { state } : {}),
    });
    await configure(
      fx,
      [{ name: "lots", ...lots, keepLatest: 30 }],
      [byName("1.0.0", "deleted"), byName("1.0.1", "deleted"), byName("1.0.39")],
    );
    const run = await cli(fx, ["up", "--yes", "--skip-preview", "--parallel", "2"]);
    assert.notEqual(run.code, 0, run.output);
    assert.match(run.output, /all 2 steps the engine runs at once are held/);
    assert.deepEqual(fx.takeWrites(), []);
  });

  it("the job summary of a refused run says it was refused and that nothing changed", async () => {
    await configure(fx, [{ name: "lots", ...lots, keepLatest: 5, maxDeletions: 10 }, VALID_POLICY]);
    const summaryFile = path.join(fx.sandbox.dir, "summary.md");
    const run = await cli(fx, ["up", "--yes", "--skip-preview"], { GITHUB_STEP_SUMMARY: summaryFile });
    assert.notEqual(run.code, 0, run.output);
    const summary = fs.readFileSync(summaryFile, "utf8");
    assert.match(summary, /## Package versions: pulumi up on e2e: refused, nothing changed/);
    assert.match(summary, /more than maxDeletions \(10\)/);
    assert.doesNotMatch(summary, /\| deleted \|/, "no plan reads as done");
    assert.deepEqual(fx.takeWrites(), []);
  });

  it("a bad PackageVersion argument beside valid ones: up --skip-preview writes nothing", async () => {
    await configure(
      fx,
      [VALID_POLICY],
      [...VALID_VERSIONS, { org: "acme", packageType: "npm", packageName: "widget", versionId: 2005, state: "gone" }],
    );
    const run = await cli(fx, ["up", "--yes", "--skip-preview"]);
    assert.notEqual(run.code, 0, run.output);
    assert.match(run.output, /state/);
    assert.deepEqual(fx.takeWrites(), []);
  });

  it("once every check passes, up --skip-preview writes as planned", async () => {
    await configure(fx, [{ name: "lots", ...lots, keepLatest: 38 }, VALID_POLICY]);
    const run = await cli(fx, ["up", "--yes", "--skip-preview"]);
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(fx.takeWrites().sort(), [
      "DELETE /orgs/acme/packages/container/api/versions/1001",
      "DELETE /orgs/acme/packages/container/single/versions/3000",
      "DELETE /orgs/acme/packages/npm/lots/versions/7000",
      "DELETE /orgs/acme/packages/npm/lots/versions/7001",
    ]);
  });
});

describe("e2e: a pattern from a user cannot stall the run", function () {
  this.timeout(300_000);
  /** The images package plus a tag anyone could push: 40 a's and a hyphen, the worst case of /(a+)+$/ for a backtracking engine. */
  const fx = useStack({
    seed: () => {
      const seeded = imagesSeed();
      seeded.packages![0]!.versions!.push({ id: 9, name: "sha256:09", tags: [`${"a".repeat(40)}-`], createdAt: "2026-11-24T00:00:00Z" });
      return seeded;
    },
  });

  it('keep: ["/(a+)+$/"] against that tag plans at once (RE2 runs in linear time) and keeps nothing it does not match', async () => {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", {
      value: JSON.stringify([
        { name: "images", org: "acme", packageType: "container", packageName: "images", keepLatest: 1, keep: ["/(a+)+$/"] },
      ]),
    });
    const preview = await fx.sandbox.stack.preview();
    assert.match(preview.stdout, /Retention plan images/);
    assert.match(preview.stdout, /sha256:09/, "the version with that tag is planned like any other");
    assert.deepEqual(fx.takeWrites(), []);
  });
});
