/**
 * Issue 20, "Undo": `restoreDeletedSince` restores what a stack's policies deleted since a time, in
 * one run, with the real Pulumi CLI against the emulator. The program reads the policy's record in
 * the stack's state (provider/plan-writes/recorded-runs.ts, provider/core/recorded-outputs.ts), plans the restores and shows them at preview;
 * `pulumi up` sends one POST per version, deletes nothing, and fails at the end naming what could
 * not be restored.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { ADMIN_TOKEN, REPO_ROOT, useStack, type StackFixture } from "../support/stack-fixture";
import { seedWithNpmPackage } from "../support/provider-fixture";

const run = promisify(execFile);
const seed = () => seedWithNpmPackage("lots", { active: 60, firstId: 9000, createdFrom: "2026-09-01T00:00:00Z" });
const lots = { name: "lots", org: "acme", packageType: "npm", packageName: "lots", perVersionChildren: false };
const VERSIONS = "/orgs/acme/packages/npm/lots/versions";
const restorePath = (id: number) => `POST /orgs/acme/packages/npm/lots/versions/${id}/restore`;
const range = (from: number, to: number, except: number[] = []) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((id) => !except.includes(id));

/**
 * The repo's node_modules as a user's install lays it out: every package linked, and the
 * package's command in node_modules/.bin, so that `npx pulumi-github-package-versions-record` runs
 * the installed command as docs/undo.md shows (npx finds it locally: nothing is downloaded).
 */
function nodeModulesWithBin(): string {
  const repoModules = path.join(REPO_ROOT, "node_modules");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpv-modules-"));
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(path.join(modules, ".bin"), { recursive: true });
  for (const entry of fs.readdirSync(repoModules))
    if (entry !== ".bin") fs.symlinkSync(path.join(repoModules, entry), path.join(modules, entry));
  for (const entry of fs.readdirSync(path.join(repoModules, ".bin")))
    fs.symlinkSync(fs.realpathSync(path.join(repoModules, ".bin", entry)), path.join(modules, ".bin", entry));
  const pkg = path.join(repoModules, "pulumi-github-package-versions");
  const bin = (JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")) as { bin: Record<string, string> }).bin[
    "pulumi-github-package-versions-record"
  ]!;
  fs.symlinkSync(path.join(pkg, bin), path.join(modules, ".bin", "pulumi-github-package-versions-record"));
  return modules;
}

async function configure(fx: StackFixture, policy: Record<string, unknown>): Promise<void> {
  await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([{ ...lots, ...policy }]) });
}

/**
 * A shell command in the project directory, as a person runs it: the stack's environment (backend,
 * passphrase), without the `npm_*` variables of the `npx mocha` running this test (an inherited
 * npm_config_local_prefix sends npx to the repository's node_modules instead of the project's).
 */
async function shell(
  fx: StackFixture,
  command: string,
  extraEnv: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string }> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_")));
  const env = { ...inherited, ...(fx.sandbox.stack.workspace as LocalWorkspace).envVars, ...extraEnv };
  return run("bash", ["-c", `set -o pipefail; ${command}`], { cwd: fx.sandbox.dir, env, maxBuffer: 64 << 20 }).catch(
    (error: Error & { stdout?: string; stderr?: string }) => {
      error.message += `\n${error.stdout ?? ""}\n${error.stderr ?? ""}`;
      throw error;
    },
  );
}

/** A command's failure (exit code not 0): its stdout and stderr. */
async function failing(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => assert.fail("the command succeeded"),
    (e: { stdout?: string; stderr?: string; message?: string }) => e,
  );
  return `${error.stdout ?? ""}\n${error.stderr ?? ""}\n${error.message ?? ""}`;
}

/** Deletes a version as a person would, through the API, outside the stack. */
async function deleteByHand(fx: StackFixture, id: number): Promise<void> {
  const answer = await fetch(`${fx.emu.url}/orgs/acme/packages/npm/lots/versions/${id}`, {
    method: "DELETE",
    headers: { authorization: `token ${ADMIN_TOKEN}` },
  });
  assert.equal(answer.status, 204);
}

/**
 * Publishes a new active version of `lots` named `name` (the emulator's package is seeded again with
 * all it holds plus the new version, as a registry publish would add it).
 */
function publish(fx: StackFixture, id: number, name: string): void {
  const state = fx.emu.state();
  const pkg = state.packages.find((p) => p.name === "lots")!;
  const versions = pkg.versions.map(({ id: vid, name: vname, tags, createdAt, updatedAt, downloads, deletedAt }) => ({
    id: vid,
    name: vname,
    tags,
    createdAt,
    updatedAt,
    downloads,
    ...(deletedAt !== undefined ? { deletedAt } : {}),
  }));
  versions.push({ id, name, tags: [], createdAt: state.now, updatedAt: state.now, downloads: 0 });
  fx.emu.seed({
    packages: [
      {
        id: pkg.id,
        owner: pkg.owner,
        ownerType: pkg.ownerType,
        packageType: pkg.packageType,
        name: pkg.name,
        visibility: pkg.visibility,
        createdAt: pkg.createdAt,
        updatedAt: pkg.updatedAt,
        versions,
      },
    ],
  });
}

describe("e2e: undo what the policies deleted since a time (restoreDeletedSince)", function () {
  this.timeout(600_000);
  let modules: string | undefined;
  const fx = useStack({
    seed,
    nodeModulesDir: () => {
      modules ??= nodeModulesWithBin();
      return modules;
    },
  });
  after(() => {
    if (modules !== undefined) fs.rmSync(path.dirname(modules), { recursive: true, force: true });
  });

  it("the stack's restoreDeletedSince restores exactly the second run's deletions, one POST each; a version deleted by hand stays deleted", async () => {
    // The project as a user's: a package.json that depends on the package (the sandbox copied this
    // repository's, whose own `bin` npx would try first), so npx runs the installed command.
    fs.writeFileSync(
      path.join(fx.sandbox.dir, "package.json"),
      JSON.stringify({
        name: "package-versions-stack",
        private: true,
        dependencies: { "@pulumi/pulumi": "3.270.0", "pulumi-github-package-versions": "0.1.0" },
      }),
    );
    // Two runs delete 50: 40 (keepLatest 20), then 10 more (keepLatest 9); one kept version is deleted by hand between them.
    await configure(fx, { keepLatest: 20 });
    await fx.sandbox.stack.up();
    assert.equal(fx.takeWrites().length, 40);
    await deleteByHand(fx, 9045);
    fx.takeWrites();
    await configure(fx, { keepLatest: 9 });
    const secondRun = new Date().toISOString();
    await fx.sandbox.stack.up();
    const secondDeletions = range(9040, 9050, [9045]);
    assert.deepEqual(
      fx.takeWrites().sort(),
      secondDeletions.map((id) => `DELETE /orgs/acme/packages/npm/lots/versions/${id}`),
    );

    // Reading the record, as docs/undo.md shows: from the state, no request to GitHub.
    fx.takeRequests();
    const printed = await shell(fx, `pulumi stack export --stack e2e | npx pulumi-github-package-versions-record --since ${secondRun}`);
    const printedIds = printed.stdout
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((line) => Number(line.split(/ +/)[5]));
    assert.deepEqual(printedIds.sort(), secondDeletions);
    assert.match(printed.stderr, /^10 deleted, 0 restored by 1 policy in 1 run, in the runs since /);
    assert.deepEqual(fx.takeRequests(), [], "printing the record sends no request");

    // The undo for the whole stack, from the root project's configuration. The preview shows it and writes nothing.
    await fx.sandbox.stack.setConfig("package-versions:restoreDeletedSince", { value: secondRun });
    const preview = await fx.sandbox.stack.preview();
    assert.deepEqual(fx.takeWrites(), []);
    assert.match(
      preview.stdout,
      /Retention plan lots \(npm package lots of org acme, at [^)]+\): 9 kept, 0 deleted, 10 restored, 0 left deleted/,
    );
    const reason = new RegExp(
      `1\\.0\\.50 +- +\\? +restore +restored: deleted by this policy at \\S+Z, undo since ${secondRun.replace(/\./g, "\\.")}`,
    );
    assert.match(preview.stdout, reason);
    assert.match(
      preview.stdout,
      /names 10 versions it deleted in the runs since and has not restored: 10 to restore, 0 active again, 0 that cannot be restored\. Nothing is deleted while restoreDeletedSince is set/,
    );
    assert.doesNotMatch(preview.stdout, /1\.0\.45 /, "the version deleted by hand is not in the undo");
    assert.equal(
      preview.changeSummary["update"],
      2,
      "the policy (its restoreDeletedSince argument) and its PackagePlanWrites, which carries the restores",
    );

    const undo = await fx.sandbox.stack.up();
    const undoRequests = fx.takeRequests();
    assert.deepEqual(
      undoRequests.filter((r) => !r.startsWith("GET ")).sort(),
      secondDeletions.map(restorePath).sort(),
      "one POST per version restored, nothing else written",
    );
    assert.deepEqual(
      undoRequests.filter((r) => r.startsWith("GET ")),
      [`GET ${VERSIONS}`],
      "and one page of the active versions, for the plan: 11 requests in all",
    );
    for (const id of secondDeletions) assert.equal(fx.isActive("lots", id), true, `${id} restored`);
    assert.equal(fx.isActive("lots", 9045), false, "deleted by hand: stays deleted");
    for (const id of range(9000, 9039)) assert.equal(fx.isActive("lots", id), false, `${id}, deleted before the time, stays deleted`);
    assert.deepEqual((undo.outputs["retention"]?.value as Record<string, { restored: number[]; deleted: number[] }>)["lots"]?.deleted, []);
    assert.equal(fx.outputsOf("lots-writes")?.["recordedRestores"], 10);

    // The next up, with the setting still there, writes nothing: the record says those are restored.
    // A plain `pulumi up` this time (a preview pass, then the update; the Automation API's up skips the preview).
    const next = await shell(fx, "pulumi up --stack e2e --yes --non-interactive");
    assert.match(next.stdout, /names 0 versions it deleted in the runs since and has not restored/);
    assert.deepEqual(fx.takeWrites(), []);

    // After the undo: removing the setting lets the rules apply again, and the preview says what they would delete.
    await fx.sandbox.stack.removeConfig("package-versions:restoreDeletedSince");
    const again = await fx.sandbox.stack.preview();
    assert.match(again.stdout, /Retention plan lots [^\n]*: 9 kept, 10 deleted, 0 restored, 0 left deleted/);
    // Fixing the rule first keeps them.
    await configure(fx, { keepLatest: 20 });
    const fixed = await fx.sandbox.stack.preview();
    assert.match(fixed.stdout, /Retention plan lots [^\n]*: 19 kept, 0 deleted, 0 restored, 0 left deleted/);
    assert.deepEqual(fx.takeWrites(), []);
  });

  it("a pattern policy (PackageRetentionPolicies): each package's policy finds its own record under the pattern's component", async () => {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", {
      value: JSON.stringify([
        { name: "all-lots", org: "acme", packageType: "npm", packageName: "lot*", keepLatest: 55, perVersionChildren: false },
      ]),
    });
    const before = new Date(Date.now() - 1000).toISOString();
    await fx.sandbox.stack.up();
    assert.deepEqual(
      fx.takeWrites().sort(),
      range(9000, 9004).map((id) => `DELETE ${VERSIONS}/${id}`),
    );
    assert.match(
      fx.sandbox.stateText(),
      /PackageRetentionPolicies\$github-package-versions:index:PackageRetentionPolicy\$pulumi-nodejs:dynamic\/github-package-versions:PackagePlanWrites::all-lots-lots-writes"/,
    );
    await fx.sandbox.stack.setConfig("package-versions:restoreDeletedSince", { value: before });
    await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites().sort(), range(9000, 9004).map(restorePath).sort());
  });

  it("names what cannot come back (window passed, name reused) and restores the rest; the workflow's input sets the undo for one run", async () => {
    // The example workflow maps its restore-deleted-since input to the environment of both pulumi steps.
    const workflow = fs.readFileSync(path.join(REPO_ROOT, "examples/github-actions/.github/workflows/package-versions.yml"), "utf8");
    assert.match(
      workflow,
      /\n  workflow_dispatch:\n    inputs:\n(?:      .*\n|        .*\n)*      restore-deleted-since:\n        description: [^\n]+\n        required: false\n        type: string\n/,
    );
    const mapped = workflow.match(/^ {10}PACKAGE_VERSIONS_RESTORE_DELETED_SINCE: \$\{\{ inputs\.restore-deleted-since \}\}$/gm) ?? [];
    assert.equal(mapped.length, 2, "the preview's and the up's pulumi steps");

    // Run 1 deletes 9000; 20 days later (the emulator's clock) run 2 deletes 9001..9009; 11 days later 9000's window has passed.
    const beforeRuns = new Date(Date.now() - 1000).toISOString();
    await configure(fx, { keepLatest: 59 });
    await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites(), ["DELETE /orgs/acme/packages/npm/lots/versions/9000"]);
    fx.emu.setClock({ advanceDays: 20 });
    await configure(fx, { keepLatest: 50 });
    await fx.sandbox.stack.up();
    assert.equal(fx.takeWrites().length, 9);
    fx.emu.setClock({ advanceDays: 11 });
    assert.equal(fx.isActive("lots", 9000), undefined, "past its 30 days: GitHub no longer has it");
    // 1.0.5 (9005) is published again: a new version of that name.
    publish(fx, 9100, "1.0.5");
    fx.takeRequests();

    // What the workflow sets for one run: the environment variable, no configuration change.
    const env = { PACKAGE_VERSIONS_RESTORE_DELETED_SINCE: beforeRuns };
    const preview = await shell(fx, "pulumi preview --stack e2e --non-interactive", env);
    assert.match(
      preview.stdout,
      /1 version this undo was asked to restore cannot be restored; `pulumi up` restores the others, then fails naming these:/,
    );
    assert.match(
      preview.stdout,
      /1\.0\.5 \(id 9005, deleted at \S+\): its name 1\.0\.5 is used by active version 9100, published after the deletion: GitHub refuses to restore a version whose name was reused/,
    );
    assert.deepEqual(fx.takeWrites(), []);

    const failure = await failing(shell(fx, "pulumi up --stack e2e --yes --non-interactive --skip-preview", env));
    assert.match(
      failure,
      /The undo since [^ ]+ of npm package lots of org acme restored 8 of the 10 versions it was asked to restore \(those are recorded\); 2 could not be:/,
    );
    assert.match(failure, /1\.0\.5 \(id 9005, deleted at [^)]+\): its name 1\.0\.5 is used by active version 9100/);
    assert.match(failure, /1\.0\.0 \(id 9000, deleted at [^)]+\): [^\n]*restore window/);
    const restored = range(9001, 9009, [9005]);
    const requests = fx.takeRequests();
    // Besides the POSTs: the program's one page of active versions, and for the refused restore one
    // GET of the version and one page of deleted versions (to tell why); nothing per restored version.
    assert.deepEqual(
      requests.filter((r) => !r.startsWith("POST ")),
      [`GET ${VERSIONS}`, `GET ${VERSIONS}/9000`, `GET ${VERSIONS}`],
    );
    const writes = requests.filter((r) => !r.startsWith("GET "));
    assert.deepEqual(writes.sort(), [9000, ...restored].map(restorePath).sort(), "one POST per version asked, none for the reused name");
    for (const id of restored) assert.equal(fx.isActive("lots", id), true, `${id} restored`);
    assert.equal(fx.isActive("lots", 9005), false);
    assert.equal(fx.isActive("lots", 9100), true, "the new 1.0.5 is untouched");
    assert.equal(
      fx.outputsOf("lots-writes")?.["recordedRestores"],
      8,
      "the restores that went through are recorded although the run failed",
    );
    assert.ok(!failure.includes(ADMIN_TOKEN));

    // A per-version-children policy cannot be undone: refused at preview, naming the setting and the fix.
    await configure(fx, { keepLatest: 50, perVersionChildren: true });
    const refused = await failing(shell(fx, "pulumi preview --stack e2e --non-interactive", env));
    assert.match(
      refused,
      /Invalid PACKAGE_VERSIONS_RESTORE_DELETED_SINCE "[^"]+", which applies to every retention policy of the stack:\n\s+needs perVersionChildren: false: [^\n]*restoreKept: true[^\n]*\(policies: lots\)/,
    );
    assert.deepEqual(fx.takeWrites(), []);
  });
});
