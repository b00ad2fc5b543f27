/**
 * An Automation API inline program: the program runs in the automation process itself, once per
 * `up`. A second run in the same process must start afresh (its own listings, its own registry of
 * policies), as a second `pulumi up` does in a new process.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { getPackageVersions, holdWritesUntil, PackageRetentionPolicy, PackageVersion } from "pulumi-github-package-versions";
import { type Emulator, startEmulator } from "../../emulator";
import { withGitHubEnv } from "../support/github-env";
import { ADMIN_TOKEN, seedWithNpmPackage } from "../support/provider-fixture";
import { OFFLINE_ENV } from "../../scripts/pulumi-sandbox";
import { REPO_ROOT } from "../support/stack-fixture";

const lots = { org: "acme", packageType: "npm", packageName: "lots" } as const;

describe("e2e: an Automation API inline program run twice in one process", function () {
  this.timeout(300_000);
  let emu: Emulator;
  let dir: string;
  let restoreEnv: () => void = () => undefined;

  beforeEach(async () => {
    emu = await startEmulator({ seed: seedWithNpmPackage("lots", { active: 6, firstId: 8000, createdFrom: "2026-10-01T00:00:00Z" }) });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpv-inline-"));
    // The program runs here, in the test process: it reads the token and the API from this environment.
    restoreEnv = withGitHubEnv({ GITHUB_TOKEN: ADMIN_TOKEN, GITHUB_BASE_URL: emu.url });
  });
  afterEach(async () => {
    restoreEnv();
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const withOutputs = async () => {
    const policy = new PackageRetentionPolicy("lots", { ...lots, keepLatest: 3 });
    const listed = await getPackageVersions({ ...lots, state: "active" });
    return { deletedIds: policy.deletedIds, activeWhenRunStarted: listed.versions.map((v) => v.name) };
  };

  async function inlineStack(program: () => Promise<Record<string, unknown> | void> = withOutputs): Promise<Stack> {
    const workDir = path.join(dir, "work");
    fs.mkdirSync(workDir);
    fs.mkdirSync(path.join(dir, "backend"));
    // The dynamic provider's plugin starts in the work directory and needs @pulumi/pulumi there.
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(workDir, "node_modules"), "dir");
    return LocalWorkspace.createOrSelectStack(
      { stackName: "dev", projectName: "inline-retention", program },
      {
        workDir,
        projectSettings: { name: "inline-retention", runtime: "nodejs" },
        envVars: {
          ...OFFLINE_ENV,
          PULUMI_BACKEND_URL: `file://${path.join(dir, "backend")}`,
          PULUMI_HOME: path.join(dir, "home"),
          GITHUB_TOKEN: ADMIN_TOKEN,
          GITHUB_BASE_URL: emu.url,
        },
      },
    );
  }

  it("the second run lists afresh and plans again, instead of finding the first run's policy and listings", async () => {
    const stack = await inlineStack();
    const first = await stack.up();
    assert.deepEqual(first.outputs["deletedIds"]?.value, [8002, 8001, 8000]);
    assert.deepEqual(first.outputs["activeWhenRunStarted"]?.value, ["1.0.5", "1.0.4", "1.0.3", "1.0.2", "1.0.1", "1.0.0"]);

    // Between the runs, someone deletes the newest version by hand.
    const byHand = await fetch(`${emu.url}/orgs/acme/packages/npm/lots/versions/8005`, {
      method: "DELETE",
      headers: { authorization: `token ${ADMIN_TOKEN}` },
    });
    assert.equal(byHand.status, 204);
    emu.clearRequests();

    const second = await stack.up();
    assert.deepEqual(
      second.outputs["activeWhenRunStarted"]?.value,
      ["1.0.4", "1.0.3"],
      "listed again: the first run's listing is not reused",
    );
    assert.deepEqual(second.outputs["deletedIds"]?.value, [], "nothing left to delete");
    assert.ok(
      emu.requests().some((r) => r.method === "GET" && r.path === "/orgs/acme/packages/npm/lots/versions"),
      "the program listed the package again",
    );
    assert.deepEqual(
      emu.requests().filter((r) => r.method !== "GET"),
      [],
      "the second run writes nothing",
    );
  });

  it("undo (restoreDeletedSince) in an inline program: each run reads the state as it is then, not an earlier run's answer", async () => {
    let restoreDeletedSince: string | undefined;
    const stack = await inlineStack(async () => {
      const policy = new PackageRetentionPolicy("lots", {
        ...lots,
        keepLatest: 3,
        perVersionChildren: false,
        ...(restoreDeletedSince !== undefined ? { restoreDeletedSince } : {}),
      });
      return { restoredIds: policy.restoredIds };
    });
    const oldest = [8000, 8001, 8002];
    const deletes = oldest.map((id) => `DELETE /orgs/acme/packages/npm/lots/versions/${id}`);
    const restores = oldest.map((id) => `POST /orgs/acme/packages/npm/lots/versions/${id}/restore`);
    const upWrites = async (since: string | undefined): Promise<{ writes: string[]; restored: number[] }> => {
      restoreDeletedSince = since;
      emu.clearRequests();
      const result = await stack.up();
      return { writes: writes().sort(), restored: [...(result.outputs["restoredIds"]?.value as number[])].sort() };
    };
    const first = new Date(Date.now() - 1000).toISOString();
    assert.deepEqual((await upWrites(undefined)).writes, deletes);
    assert.deepEqual(await upWrites(first), { writes: restores, restored: oldest });
    // Without the undo the rules delete them again; an undo since that run brings them back. An
    // answer kept from the second run (the state before it) would not know the third run's deletions.
    const third = new Date(Date.now() - 1000).toISOString();
    assert.deepEqual((await upWrites(undefined)).writes, deletes);
    assert.deepEqual(await upWrites(third), { writes: restores, restored: oldest });
    assert.deepEqual(await upWrites(third), { writes: [], restored: [] }, "the record says restored: nothing to write");
  });

  it("a program that neither awaits nor returns its policy still declares every child before the run ends", async () => {
    const stack = await inlineStack(async () => {
      new PackageRetentionPolicy("lots", { ...lots, keepLatest: 3, perVersionChildren: true });
    });
    const preview = await stack.preview();
    // The stack, the policy and one child per version: the run waited for the policy's listing.
    assert.equal(preview.changeSummary["create"], 2 + 6, JSON.stringify(preview.changeSummary));
    await stack.up();
    assert.deepEqual(
      emu
        .requests()
        .filter((r) => r.method !== "GET")
        .map((r) => r.path)
        .sort(),
      [8000, 8001, 8002].map((id) => `/orgs/acme/packages/npm/lots/versions/${id}`),
    );
  });

  const writes = () =>
    emu
      .requests()
      .filter((r) => r.method !== "GET")
      .map((r) => `${r.method} ${r.path}`);

  it("the library used directly: a PackageVersion the provider would refuse keeps every other write of the run from being sent", async () => {
    const stack = await inlineStack(async () => {
      new PackageVersion("oldest", { ...lots, versionId: 8000, state: "deleted" });
      new PackageVersion("typo", { ...lots, versionId: 8001, state: "deletd" as "deleted" });
    });
    // Whichever the engine reports first (its own check of typo, or the held write refused with the
    // program's finding), the field is named and nothing is written.
    await assert.rejects(stack.up(), (error: Error) => {
      assert.match(error.message, /typo/);
      assert.match(error.message, /`state` must be "present" \(keep or restore the version\) or "deleted"/);
      return true;
    });
    assert.deepEqual(writes(), [], "0 writes: the valid deletion waited for the whole program's checks");
  });

  it("work a program awaits before declaring a policy, passed to holdWritesUntil, is waited for: a refused plan after it writes nothing", async () => {
    const stack = await inlineStack(async () => {
      new PackageVersion("oldest", { ...lots, versionId: 8000, state: "deleted" });
      // The program's own slow work (here, a timer) before it declares its policy.
      await holdWritesUntil(new Promise((resolve) => setTimeout(resolve, 2_000)));
      new PackageRetentionPolicy("lots", { ...lots, keepLatest: 1, maxDeletions: 2 });
    });
    await assert.rejects(stack.up(), /more than maxDeletions \(2\)\. [^]*Nothing was changed/);
    assert.deepEqual(writes(), [], "the declared deletion was held until the policy had planned, and then refused");
  });

  it("a policy that needs a PackageVersion's recorded version while every engine step is held refuses the run, naming --parallel", async () => {
    const stack = await inlineStack(async () => {
      // Declared first, by version name: each is a create that holds one of the engine's 2 steps.
      new PackageVersion("first", { ...lots, version: "1.0.0", state: "deleted" });
      new PackageVersion("second", { ...lots, version: "1.0.1", state: "deleted" });
      new PackageVersion("third", { ...lots, version: "1.0.5" });
      new PackageRetentionPolicy("lots", { ...lots, keepLatest: 5 });
    });
    await assert.rejects(stack.up({ parallel: 2 }), (error: Error) => {
      assert.match(error.message, /all 2 steps the engine runs at once are held/);
      assert.match(error.message, /--parallel/);
      return true;
    });
    assert.deepEqual(writes(), []);
    // With room for every declaration, the same program runs, and the policy leaves the declared versions alone.
    emu.clearRequests();
    await stack.up({ parallel: 8 });
    assert.deepEqual(writes().sort(), [
      "DELETE /orgs/acme/packages/npm/lots/versions/8000",
      "DELETE /orgs/acme/packages/npm/lots/versions/8001",
    ]);
  });

  it("a refusal that ends after the writes started (work the library was not told of) says so, never that nothing was changed", async () => {
    const stack = await inlineStack(async () => {
      new PackageVersion("oldest", { ...lots, versionId: 8000, state: "deleted" });
      await new Promise((resolve) => setTimeout(resolve, 3_000)); // not passed to holdWritesUntil
      new PackageRetentionPolicy("lots", { ...lots, keepLatest: 1, maxDeletions: 2 });
    });
    await assert.rejects(stack.up(), (error: Error) => {
      assert.match(error.message, /more than maxDeletions \(2\)/);
      assert.match(error.message, /writes already sent stay/);
      assert.doesNotMatch(error.message, /Nothing was changed/);
      return true;
    });
    assert.deepEqual(writes(), ["DELETE /orgs/acme/packages/npm/lots/versions/8000"], "the write sent before the policy was declared");
  });

  it("a PackageVersion made from the outputs of one this run writes, in a policy's package: refused before any write, naming both", async () => {
    const stack = await inlineStack(async () => {
      const oldest = new PackageVersion("oldest", { ...lots, versionId: 8000, state: "deleted" });
      new PackageVersion("pinned", { ...lots, version: oldest.name.apply(() => "1.0.5") });
      new PackageRetentionPolicy("lots", { ...lots, keepLatest: 3 });
    });
    await assert.rejects(stack.up(), (error: Error) => {
      assert.match(error.message, /PackageVersion pinned has inputs made from the outputs of oldest, which writes in this run/);
      return true;
    });
    assert.deepEqual(writes(), []);
  });
});
