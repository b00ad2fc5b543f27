/**
 * `kill -9` of the `pulumi` CLI in the middle of an `up` that deletes, with the real CLI: the
 * dynamic provider process it started sends no write after the kill and exits, and the commands
 * of the README's "When a run was killed" bring the stack back with nothing lost.
 */
import { strict as assert } from "node:assert";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import { performance } from "node:perf_hooks";
import type { RequestLogEntry } from "../../emulator";
import { seedWithNpmPackage } from "../support/provider-fixture";
import { useStack } from "../support/stack-fixture";

const bulk = { org: "acme", packageType: "npm", packageName: "bulk" } as const;
const FIRST_ID = 7000;
/** 7000..7019 declared deleted, 7020..7029 declared present. */
const DELETED_IDS = Array.from({ length: 20 }, (_, i) => FIRST_ID + i);
const PRESENT_IDS = Array.from({ length: 10 }, (_, i) => FIRST_ID + 20 + i);
/** One write every 2 s: a DELETE in flight at the kill is over long before the next would start. */
const WRITES_PER_MINUTE = 30;
/** DELETEs the run has made when the CLI is killed. */
const DELETES_BEFORE_KILL = 3;
/** A write whose engine check passed just before the kill arrives within this after it (it is in flight at the kill). */
const IN_FLIGHT_SLACK_MS = 250;

interface ProcessInfo {
  pid: number;
  ppid: number;
  state: string;
  args: string;
}

/** Every process, from /proc (this test runs on Linux, as the e2e suite does). */
function processes(): ProcessInfo[] {
  const all: ProcessInfo[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const args = fs.readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" ").trim();
      all.push({ pid: Number(name), ppid: Number(ppid), state: state ?? "?", args });
    } catch {
      // It ended while being read.
    }
  }
  return all;
}

/** The processes started by `pid`, its children's children too. */
function descendantsOf(pid: number): ProcessInfo[] {
  const all = processes();
  const found: ProcessInfo[] = [];
  let parents = new Set([pid]);
  while (parents.size > 0) {
    const children = all.filter((p) => parents.has(p.ppid));
    found.push(...children);
    parents = new Set(children.map((p) => p.pid));
  }
  return found;
}

/** Running (not ended, not a zombie waiting to be reaped). */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] !== "Z";
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Milliseconds until `condition` held, or undefined when it did not within `timeoutMs`. */
async function timeUntil(condition: () => boolean, timeoutMs: number): Promise<number | undefined> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) return undefined;
    await sleep(20);
  }
  return performance.now() - start;
}

/**
 * The emulator's request log, read every 20 ms in this process (the emulator runs here too): each
 * entry with when it was first seen. An entry is logged when its request ends, `durationMs` after
 * it arrived, so a request first seen at a read arrived no earlier than the read before it minus
 * its duration.
 */
function watchRequestLog(requests: () => RequestLogEntry[]): {
  seen: { entry: RequestLogEntry; arrivedNoEarlierThan: number }[];
  stop(): void;
} {
  const seen: { entry: RequestLogEntry; arrivedNoEarlierThan: number }[] = [];
  let lastRead = performance.now();
  const read = (): void => {
    const now = performance.now();
    for (const entry of requests().slice(seen.length)) seen.push({ entry, arrivedNoEarlierThan: lastRead - entry.durationMs });
    lastRead = now;
  };
  read();
  const timer = setInterval(read, 20);
  return {
    seen,
    stop: () => {
      clearInterval(timer);
      read();
    },
  };
}

interface CommandResult {
  code: number;
  output: string;
}

describe("e2e: a run killed with kill -9 (the real pulumi CLI)", function () {
  this.timeout(600_000);
  let started: ChildProcess | undefined;
  /** Every process of the killed run. */
  let runProcesses: ProcessInfo[] = [];
  let stopLog: () => void = () => undefined;

  // Ends what the killed run left behind (Pulumi's language host lingers too), before the fixture closes the emulator.
  afterEach(() => {
    stopLog();
    stopLog = () => undefined;
    if (started?.exitCode === null && started.signalCode === null) started.kill("SIGKILL");
    for (const p of runProcesses) if (isRunning(p.pid)) process.kill(p.pid, "SIGKILL");
    started = undefined;
    runProcesses = [];
  });
  // Registered after the hook above, so that hook runs first, even when the fixture's own checks fail.
  const fx = useStack({ seed: () => seedWithNpmPackage("bulk", { active: 30, firstId: FIRST_ID, createdFrom: "2026-10-01T00:00:00Z" }) });

  const env = (): NodeJS.ProcessEnv => ({ ...process.env, ...fx.sandbox.stack.workspace.envVars });

  /** A pulumi command as the README gives it, in the project's directory. */
  const pulumi = (...args: string[]): Promise<CommandResult> =>
    new Promise((resolve) => {
      execFile(
        "pulumi",
        [...args, "--non-interactive"],
        { cwd: fx.sandbox.dir, env: env(), maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, output: `${stdout}${stderr}` });
        },
      );
    });

  const checkpoint = () =>
    JSON.parse(fx.sandbox.stateText()) as {
      checkpoint: {
        latest?: {
          resources?: { urn: string; type: string; outputs?: Record<string, unknown> }[];
          pending_operations?: { type: string; resource: { urn: string } }[];
        };
      };
    };
  /** `<backend>/.pulumi/stacks/<project>/<stack>.json.attrs`, written beside the checkpoint on every save. */
  const checkpointAttributesFile = () => {
    const stacksDir = `${fx.sandbox.backendDir}/.pulumi/stacks`;
    const found = fs
      .readdirSync(stacksDir, { recursive: true, encoding: "utf8" })
      .find((file) => file.endsWith(".json.attrs") && !file.endsWith(".bak.attrs"));
    assert.ok(found !== undefined, `no checkpoint attributes file under ${stacksDir}`);
    return `${stacksDir}/${found}`;
  };
  const pendingOperations = () => checkpoint().checkpoint.latest?.pending_operations ?? [];
  const deletesOf = (calls: string[]) => calls.filter((call) => call.startsWith("DELETE "));
  const versionIdOf = (call: string) => Number(call.split("/").pop());
  const presentStayActive = (when: string) => {
    for (const id of PRESENT_IDS) assert.equal(fx.isActive("bulk", id), true, `version ${id}, declared present, is active ${when}`);
  };

  it("a provider whose CLI was killed sends no write after the kill and exits; cancel, refresh --clear-pending-creates and up then converge with nothing lost", async () => {
    await fx.setVersions([
      ...DELETED_IDS.map((versionId) => ({ ...bulk, versionId, state: "deleted" })),
      ...PRESENT_IDS.map((versionId) => ({ ...bulk, versionId })),
    ]);
    await fx.sandbox.stack.setConfig("github:writesPerMinute", { value: String(WRITES_PER_MINUTE) });

    // 1. `pulumi up` deletes, one write every 2 s; after the third DELETE, kill -9 the CLI.
    const emu = fx.emu; // read after the fixture has closed it, when a step fails
    const log = watchRequestLog(() => emu.requests());
    stopLog = log.stop;
    const cli = spawn("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive"], {
      cwd: fx.sandbox.dir,
      env: env(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    started = cli;
    let cliOutput = "";
    cli.stdout.on("data", (chunk: Buffer) => (cliOutput += chunk.toString()));
    cli.stderr.on("data", (chunk: Buffer) => (cliOutput += chunk.toString()));
    const ended = new Promise<void>((resolve) => cli.once("exit", () => resolve()));
    const cliPid = cli.pid!;
    const deleting = await timeUntil(
      () => log.seen.filter((s) => s.entry.method === "DELETE").length >= DELETES_BEFORE_KILL || cli.exitCode !== null,
      180_000,
    );
    assert.ok(deleting !== undefined, `no ${DELETES_BEFORE_KILL} DELETEs in 180 s:\n${cliOutput}`);
    assert.equal(cli.exitCode, null, `the run ended before it was killed:\n${cliOutput}`);
    runProcesses = descendantsOf(cliPid);
    const providers = runProcesses.filter((p) => p.args.includes("dynamic-provider"));
    assert.ok(providers.length > 0, `no provider process under the CLI: ${JSON.stringify(runProcesses)}`);
    cli.kill("SIGKILL");
    const killedAt = performance.now();
    await ended;
    const deletesAtKill = log.seen.filter((s) => s.entry.method === "DELETE").length;

    // 2. The provider ends by itself (its shell wrapper with it), and sends nothing after the kill.
    const exitedAfterMs = await timeUntil(() => providers.every((p) => !isRunning(p.pid)), 10_000);
    await sleep((3 * 60_000) / WRITES_PER_MINUTE); // three more write slots: a provider that went on would write in each
    log.stop();
    const late = log.seen.filter((s) => s.entry.method !== "GET" && s.arrivedNoEarlierThan > killedAt + IN_FLIGHT_SLACK_MS);
    assert.deepEqual(
      late.map((s) => `${s.entry.method} ${s.entry.path}`),
      [],
      "writes that arrived after the kill",
    );
    const deletesAfterKill = log.seen.filter((s) => s.entry.method === "DELETE").length - deletesAtKill;
    assert.ok(deletesAfterKill <= 1, `${deletesAfterKill} DELETEs ended after the kill; at most the one in flight may`);
    const lingering = providers.filter((p) => isRunning(p.pid)).map((p) => p.args);
    assert.ok(exitedAfterMs !== undefined, `the provider process is still running 10 s after the kill: ${lingering.join("; ")}`);
    console.log(
      `      ${deletesAtKill} DELETEs before the kill, ${deletesAfterKill} in flight at it; provider gone ${Math.round(exitedAfterMs)} ms after the kill`,
    );
    presentStayActive("after the kill");
    const deletedByKilledRun = deletesOf(fx.takeRequests());

    // 2b. A kill in the middle of a checkpoint write can leave the file backend's attributes file of
    // the checkpoint empty (gocloud's fileblob truncates it, then writes it, not atomically): every
    // command then fails with "failed to load checkpoint: EOF" until the README's step removes it.
    const attributes = checkpointAttributesFile();
    if (fs.statSync(attributes).size === 0) {
      const cut = await pulumi("up", "--yes", "--skip-preview");
      assert.notEqual(cut.code, 0, cut.output);
      assert.match(cut.output, /failed to load checkpoint: EOF/);
      assert.deepEqual(fx.takeRequests(), [], "an up that cannot load the checkpoint sends no request");
      fs.rmSync(attributes); // the README's `rm .../<stack>.json.attrs`
      console.log("      the kill cut the checkpoint's attributes file short; removed as the README says");
    }

    // 3. The next `up` is refused: the killed CLI's lock is still there. It sends nothing.
    const locked = await pulumi("up", "--yes", "--skip-preview");
    assert.notEqual(locked.code, 0, locked.output);
    assert.match(locked.output, /the stack is currently locked by 1 lock\(s\)/);
    assert.match(locked.output, new RegExp(`\\(pid ${cliPid}\\)`), "the lock names the killed CLI's pid");
    assert.deepEqual(fx.takeRequests(), [], "a locked up sends no request");

    // 4. `pulumi cancel` removes the lock (on the file backend it deletes the stack's lock files).
    const cancel = await pulumi("cancel", "--yes");
    assert.equal(cancel.code, 0, cancel.output);
    assert.match(cancel.output, /has been canceled/);

    // 5. The steps in flight at the kill are pending creates in the state; refresh --clear-pending-creates drops them.
    const pending = pendingOperations();
    assert.ok(pending.length > 0, "the killed run left pending operations");
    assert.ok(
      pending.every((op) => op.type === "creating"),
      JSON.stringify(pending.map((op) => op.type)),
    );
    const refresh = await pulumi("refresh", "--clear-pending-creates", "--yes", "--skip-preview");
    assert.equal(refresh.code, 0, refresh.output);
    assert.deepEqual(pendingOperations(), [], "refresh --clear-pending-creates leaves no pending operation");
    assert.deepEqual(fx.takeWrites(), [], "refresh writes nothing");

    // 6. The next `up` finishes the deletions, once each, and nothing declared present was touched.
    const up = await pulumi("up", "--yes", "--skip-preview");
    assert.equal(up.code, 0, up.output);
    const deletedByNextUp = deletesOf(fx.takeWrites());
    assert.deepEqual(fx.takeWrites(), []);
    const allDeleted = [...deletedByKilledRun, ...deletedByNextUp].map(versionIdOf).sort((a, b) => a - b);
    assert.deepEqual(allDeleted, DELETED_IDS, "every version declared deleted was deleted exactly once, and no other");
    for (const id of DELETED_IDS) assert.equal(fx.isActive("bulk", id), false, `version ${id} is deleted`);
    presentStayActive("after the next up");
    const versions = (checkpoint().checkpoint.latest?.resources ?? []).filter((r) => r.type.endsWith(":PackageVersion"));
    assert.equal(versions.length, DELETED_IDS.length + PRESENT_IDS.length, "one PackageVersion per declaration in the state");
    for (const r of versions) {
      const id = r.outputs?.["versionId"] as number;
      assert.equal(r.outputs?.["state"], PRESENT_IDS.includes(id) ? "present" : "deleted", r.urn);
    }
    assert.deepEqual(pendingOperations(), []);

    // 7. And the stack has converged: a preview expects no change.
    const preview = await pulumi("preview", "--expect-no-changes");
    assert.equal(preview.code, 0, preview.output);
    assert.deepEqual(fx.takeWrites(), []);
  });
});
