/**
 * The provider at scale, with the real `pulumi` CLI against the emulator at GitHub's default
 * secondary limits (a large primary budget): a fresh emulator and a fresh stack per scenario,
 * then a table of requests by method, refusals (403/429 in the emulator's log), wall time, the
 * provider process's peak memory, and the ratios measured in the same run. Not a test.
 *
 *   npm run bench [-- --versions 1000 --keep 10 --rounds 3 --scenarios by-id,by-name,trivial,retention-60,retention-180]
 *
 * Scenarios: `by-id` (adopt by id, then no-op preview and up, then refresh --skip-preview),
 * `by-name` (adopt by name), `trivial` (the same number of trivial dynamic resources: create,
 * no-op preview and up, the baseline of the engine-overhead ratio), `retention-60` and
 * `retention-180` (a retention policy keeping the newest `--keep`, at the default write rate
 * and with `github:writesPerMinute` 180). With both `by-id` and `trivial`, their no-op
 * previews and ups alternate for `--rounds` rounds, so that the two sides of each ratio run
 * under the same load of a shared machine; the ratio reported is the median of the rounds.
 * `--node-modules <dir>` runs the project with another node_modules, e.g. one holding an earlier
 * build of this package, to measure it the same way.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_RATE_LIMITS, type Emulator, type EmulatorSeed, type RequestLogEntry, startEmulator } from "../emulator";
import { createSandbox } from "./pulumi-sandbox";

const TOKEN = "ghp_benchtoken0000000000000000000000000";
/** The program (scripts/bench-project/index.js) derives the same ids and names from the count. */
const FIRST_ID = 100_000;
const SCENARIOS = ["by-id", "by-name", "trivial", "retention-60", "retention-180", "large"] as const;
/** What runs without --scenarios: every scenario but `large` (about 15 minutes of its own). */
const DEFAULT_SCENARIOS = SCENARIOS.filter((s) => s !== "large");
type ScenarioName = (typeof SCENARIOS)[number];

interface Options {
  versions: number;
  keep: number;
  rounds: number;
  /** The node_modules the bench project runs with (another build of the package); the repository's when absent. */
  nodeModules: string | undefined;
  scenarios: ScenarioName[];
  large: LargeOptions;
}

/** The `large` scenario's sizes and rates (see runLarge). */
interface LargeOptions {
  /** The package's versions in the first steps (default 100,000). */
  versions: number;
  /** The versions of the small package whose no-op preview is the baseline (default 1,000). */
  smallVersions: number;
  deletionsPerRun: number;
  writesPerMinute: number;
  /** GitHub's secondary limit, points a minute per endpoint (default 900, GitHub's). */
  secondaryPoints: number;
  /** A directory for `--cpu-prof` profiles of every node process of the runs (program and provider). */
  cpuProf: string | undefined;
}

/** One pulumi command of a scenario, as measured. */
interface Measurement {
  scenario: ScenarioName;
  command: string;
  requests: Record<string, number>;
  refused: number;
  seconds: number;
  /** Peak resident memory (VmHWM) of the dynamic provider process, in MiB; undefined if none ran. */
  providerPeakMiB: number | undefined;
  /** Successful DELETEs a minute, between the first and the last one seen. */
  deletionsPerMinute?: number;
  /** CPU seconds (user + system) the command's processes used, by part (see cpuPartOf). */
  cpu: CpuSeconds;
  /** Peak resident memory (VmHWM) by part, in MiB: the highest of the part's processes. */
  peakMiB: Partial<Record<CpuPart, number>>;
  /** The stack's checkpoint file after the command, in bytes (the large scenario). */
  stateBytes?: number;
  failure?: string;
}

/** The processes of a pulumi command, by part: what the CPU time of a run is spent on. */
const CPU_PARTS = ["engine", "program", "provider", "other"] as const;
type CpuPart = (typeof CPU_PARTS)[number];
type CpuSeconds = Record<CpuPart, number>;

/**
 * Which part a process is: the \`pulumi\` CLI (the engine, the local backend), the program's node
 * process (the language host's \`run\`), the dynamic provider's node process, or anything else
 * (the language host, plugin shims, shells).
 */
function cpuPartOf(cmdline: string[]): CpuPart {
  const [exe = "", ...args] = cmdline;
  if (args.some((arg) => arg.includes("dynamic-provider"))) return "provider";
  if (path.basename(exe) === "node" && args.some((arg) => /@pulumi[/\\]pulumi[/\\]cmd[/\\]run/.test(arg))) return "program";
  if (path.basename(exe) === "pulumi") return "engine";
  return "other";
}

/** Clock ticks a second, the unit of utime and stime in /proc/<pid>/stat. */
const CLOCK_TICKS = 100;

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: npm run bench -- [--versions 1000] [--keep 10] [--rounds 3] [--node-modules <dir>] [--scenarios ${SCENARIOS.join(",")}]\n` +
      "  large: [--large-versions 100000] [--small-versions 1000] [--deletions-per-run 2000] [--writes-per-minute 180] [--secondary-points 900] [--cpu-prof <dir>]\n",
  );
  process.exit(2);
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      versions: { type: "string", default: process.env["BENCH_VERSIONS"] ?? "1000" },
      keep: { type: "string", default: process.env["BENCH_KEEP"] ?? "10" },
      rounds: { type: "string", default: process.env["BENCH_ROUNDS"] ?? "3" },
      "node-modules": { type: "string" },
      scenarios: { type: "string", default: process.env["BENCH_SCENARIOS"] ?? DEFAULT_SCENARIOS.join(",") },
      scenario: { type: "string" },
      "large-versions": { type: "string", default: "100000" },
      "small-versions": { type: "string", default: "1000" },
      "deletions-per-run": { type: "string", default: "2000" },
      "writes-per-minute": { type: "string", default: "180" },
      "secondary-points": { type: "string", default: String(DEFAULT_RATE_LIMITS.pointsPerEndpoint) },
      "cpu-prof": { type: "string" },
    },
  });
  const whole = (key: keyof typeof values, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const n = Number(values[key]);
    if (!Number.isSafeInteger(n) || n < min || n > max)
      usage(`--${key} must be a whole number from ${min} to ${max}, got ${String(values[key])}`);
    return n;
  };
  const large: LargeOptions = {
    versions: whole("large-versions", 11),
    smallVersions: whole("small-versions", 1),
    deletionsPerRun: whole("deletions-per-run", 1),
    writesPerMinute: whole("writes-per-minute", 1, 180),
    secondaryPoints: whole("secondary-points", 1),
    cpuProf: values["cpu-prof"] === undefined ? undefined : path.resolve(values["cpu-prof"]),
  };
  const versions = Number(values.versions);
  const keep = Number(values.keep);
  if (!Number.isSafeInteger(versions) || versions < 1) usage(`--versions must be a whole number of at least 1, got ${values.versions}`);
  if (!Number.isSafeInteger(keep) || keep < 1 || keep > versions)
    usage(`--keep must be a whole number from 1 to --versions, got ${values.keep}`);
  const rounds = Number(values.rounds);
  if (!Number.isSafeInteger(rounds) || rounds < 1) usage(`--rounds must be a whole number of at least 1, got ${values.rounds}`);
  const scenarios = (values.scenario ?? values.scenarios).split(",").map((s) => s.trim());
  for (const s of scenarios) if (!(SCENARIOS as readonly string[]).includes(s)) usage(`unknown scenario ${JSON.stringify(s)}`);
  return { versions, keep, rounds, nodeModules: values["node-modules"], scenarios: scenarios as ScenarioName[], large };
}

function seed(versions: number): EmulatorSeed {
  const start = Date.parse("2025-01-01T00:00:00Z");
  return {
    now: "2026-12-01T00:00:00Z",
    tokens: [{ token: TOKEN, login: "bench", scopes: ["read:packages", "write:packages", "delete:packages"], orgAdmin: ["acme"] }],
    packages: [
      {
        owner: "acme",
        ownerType: "org",
        packageType: "npm",
        name: "widget",
        versions: Array.from({ length: versions }, (_, i) => ({
          id: FIRST_ID + i,
          name: `1.0.${i}`,
          createdAt: new Date(start + i * 3_600_000).toISOString(),
        })),
      },
    ],
  };
}

/** Pids of this process's descendants, from /proc. */
function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = /^PPid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${entry}/status`, "utf8"))?.[1];
      if (ppid !== undefined) parents.set(Number(entry), Number(ppid));
    } catch {
      // the process ended meanwhile
    }
  }
  const found: number[] = [];
  for (const pid of parents.keys()) {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) {
      if (p === root) {
        found.push(pid);
        break;
      }
    }
  }
  return found;
}

/**
 * Samples, while a command runs: the peak memory of the dynamic provider's node process (VmHWM
 * in /proc/<pid>/status is the process's own high-water mark) and when DELETEs happen.
 */
function startSampler(emu: Emulator) {
  let peakKiB: number | undefined;
  const peakKiBByPart: Partial<Record<CpuPart, number>> = {};
  /** The last utime + stime seen of each process, with its part. */
  const cpuTicks = new Map<number, { part: CpuPart; ticks: number }>();
  let firstDelete: { at: number; count: number } | undefined;
  let lastDelete: { at: number; count: number } | undefined;
  const tick = () => {
    for (const pid of descendants(process.pid)) {
      try {
        const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
        // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const ticks = Number(fields[11]) + Number(fields[12]);
        // The part as the process is now (a plugin's shell shim becomes node when it execs); an
        // exiting process shows no command line, and stays what it was.
        const args = cmdline.split("\0").filter((arg) => arg !== "");
        const part = args.length === 0 ? (cpuTicks.get(pid)?.part ?? "other") : cpuPartOf(args);
        if (Number.isFinite(ticks)) cpuTicks.set(pid, { part, ticks });
        // Each part's memory, while its command line still says what it is.
        if (args.length === 0) continue;
        const hwm = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
        if (hwm === undefined) continue;
        peakKiBByPart[part] = Math.max(peakKiBByPart[part] ?? 0, Number(hwm));
        if (part === "provider") peakKiB = Math.max(peakKiB ?? 0, Number(hwm));
      } catch {
        // ended meanwhile
      }
    }
    const deletes = emu.requests().filter((r) => r.method === "DELETE" && r.status === 204).length;
    if (deletes > 0 && firstDelete === undefined) firstDelete = { at: Date.now(), count: deletes };
    if (deletes > (lastDelete?.count ?? 0)) lastDelete = { at: Date.now(), count: deletes };
  };
  const timer = setInterval(tick, 250);
  return {
    stop: () => {
      clearInterval(timer);
      tick();
      const span = firstDelete !== undefined && lastDelete !== undefined ? (lastDelete.at - firstDelete.at) / 60_000 : 0;
      const cpu: CpuSeconds = { engine: 0, program: 0, provider: 0, other: 0 };
      for (const { part, ticks } of cpuTicks.values()) cpu[part] += ticks / CLOCK_TICKS;
      return {
        cpu,
        peakMiB: Object.fromEntries(Object.entries(peakKiBByPart).map(([part, kib]) => [part, kib / 1024])) as Partial<
          Record<CpuPart, number>
        >,
        providerPeakMiB: peakKiB === undefined ? undefined : peakKiB / 1024,
        deletionsPerMinute: span > 0 ? (lastDelete!.count - firstDelete!.count) / span : undefined,
      };
    },
  };
}

function countRequests(entries: readonly RequestLogEntry[]): { requests: Record<string, number>; refused: number } {
  const requests: Record<string, number> = {};
  let refused = 0;
  for (const entry of entries) {
    requests[entry.method] = (requests[entry.method] ?? 0) + 1;
    if (entry.status === 403 || entry.status === 429) refused++;
  }
  return { requests, refused };
}

async function measure(scenario: ScenarioName, command: string, emu: Emulator, run: () => Promise<unknown>): Promise<Measurement> {
  emu.clearRequests();
  const sampler = startSampler(emu);
  const started = Date.now();
  let failure: string | undefined;
  try {
    await run();
  } catch (error) {
    failure =
      (error instanceof Error ? error.message : String(error))
        .split("\n")
        .find((line) => /error/i.test(line))
        ?.trim() ?? "failed";
  }
  const seconds = (Date.now() - started) / 1000;
  const sampled = sampler.stop();
  const measurement: Measurement = {
    scenario,
    command,
    ...countRequests(emu.requests()),
    seconds,
    providerPeakMiB: sampled.providerPeakMiB,
    cpu: sampled.cpu,
    peakMiB: sampled.peakMiB,
    ...(sampled.deletionsPerMinute !== undefined ? { deletionsPerMinute: sampled.deletionsPerMinute } : {}),
    ...(failure !== undefined ? { failure } : {}),
  };
  process.stderr.write(
    `  ${scenario} ${command}: ${seconds.toFixed(1)} s, ${emu.requests().length} requests${failure !== undefined ? `, FAILED: ${failure}` : ""}\n`,
  );
  return measurement;
}

/** A fresh emulator and a fresh stack of the bench project, configured for one scenario. */
async function withStack<T>(
  options: Options,
  config: Record<string, string>,
  body: (stack: Stack, emu: Emulator) => Promise<T>,
): Promise<T> {
  const emu = await startEmulator({
    seed: seed(options.versions),
    rateLimits: {
      ...DEFAULT_RATE_LIMITS,
      // A large primary budget: the runs measure requests, not the hourly budget.
      primaryLimit: 10_000_000,
      // DELETE and restore do not count toward the content-creating limits (the emulator's
      // default, deleteRestoreCountAsContent: false); the points per endpoint (900 a minute,
      // DELETE 5 points) apply.
    },
  });
  const sandbox = await createSandbox({
    projectDir: path.join(repoRoot(), "scripts", "bench-project"),
    stackName: "bench",
    ...(options.nodeModules !== undefined ? { nodeModulesDir: path.resolve(options.nodeModules) } : {}),
  });
  try {
    installTrivialProvider(path.dirname(sandbox.dir));
    await sandbox.stack.setConfig("github:token", { value: TOKEN, secret: true });
    await sandbox.stack.setConfig("github:baseUrl", { value: emu.url });
    await sandbox.stack.setConfig("bench:versions", { value: String(options.versions) });
    await sandbox.stack.setConfig("bench:keepLatest", { value: String(options.keep) });
    for (const [key, value] of Object.entries(config)) await sandbox.stack.setConfig(key, { value });
    return await body(sandbox.stack, emu);
  } finally {
    sandbox.cleanup();
    await emu.close();
  }
}

/**
 * Installs the trivial baseline's provider (scripts/bench-trivial-provider) as a package in a
 * node_modules folder above the project, where both the program and the dynamic provider process
 * (whose working directory is the project) resolve it: Pulumi then records it in each resource's
 * `__provider` as a require(), as it records PackageVersion's provider, not as its source.
 */
function installTrivialProvider(dir: string): void {
  const target = path.join(dir, "node_modules", "bench-trivial-provider");
  fs.mkdirSync(target, { recursive: true });
  for (const file of ["index.js", "package.json"])
    fs.copyFileSync(path.join(repoRoot(), "scripts", "bench-trivial-provider", file), path.join(target, file));
}

function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "scripts", "bench-project", "Pulumi.yaml"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

const BY_ID = { "bench:scenario": "by-id" };
const TRIVIAL = { "bench:scenario": "trivial" };

/** Adopting by id and the trivial baseline, side by side: their no-op runs alternate, round by round. */
async function overheadPair(options: Options): Promise<Measurement[]> {
  const out: Measurement[] = [];
  await withStack(options, BY_ID, (ours, oursEmu) =>
    withStack(options, TRIVIAL, async (base, baseEmu) => {
      out.push(await measure("by-id", `up (create ${options.versions})`, oursEmu, () => ours.up()));
      out.push(await measure("trivial", `up (create ${options.versions})`, baseEmu, () => base.up()));
      for (let round = 1; round <= options.rounds; round++) {
        for (const command of ["preview", "up"] as const) {
          for (const [name, stack, emu] of [
            ["by-id", ours, oursEmu],
            ["trivial", base, baseEmu],
          ] as const) {
            out.push(await measure(name, `${command} (no-op) #${round}`, emu, () => (command === "up" ? stack.up() : stack.preview())));
          }
        }
      }
      out.push(await measure("by-id", "refresh --skip-preview", oursEmu, () => ours.refresh()));
    }),
  );
  return out;
}

async function runScenario(name: ScenarioName, options: Options): Promise<Measurement[]> {
  const out: Measurement[] = [];
  const n = options.versions;
  switch (name) {
    case "by-id":
    case "trivial":
      await withStack(options, name === "by-id" ? BY_ID : TRIVIAL, async (stack, emu) => {
        out.push(await measure(name, `up (create ${n})`, emu, () => stack.up()));
        out.push(await measure(name, "preview (no-op) #1", emu, () => stack.preview()));
        out.push(await measure(name, "up (no-op) #1", emu, () => stack.up()));
        if (name === "by-id") out.push(await measure(name, "refresh --skip-preview", emu, () => stack.refresh()));
      });
      break;
    case "by-name":
      await withStack(options, { "bench:scenario": "by-name" }, async (stack, emu) => {
        out.push(await measure(name, `up (create ${n})`, emu, () => stack.up()));
      });
      break;
    case "large":
      break; // runLarge, with its own table
    case "retention-60":
    case "retention-180": {
      const config: Record<string, string> = { "bench:scenario": "retention" };
      if (name === "retention-180") config["github:writesPerMinute"] = "180";
      await withStack(options, config, async (stack, emu) => {
        out.push(await measure(name, `up (keep ${options.keep} of ${n})`, emu, () => stack.up()));
      });
      break;
    }
  }
  return out;
}

/**
 * The `large` scenario's package: `versions` npm versions, one a minute up to a day before the
 * emulator's `now` (so that every version is older than now, whatever the count), ids from
 * FIRST_ID, named 1.0.<i>.
 */
function largeSeed(versions: number): EmulatorSeed {
  const now = Date.parse("2026-12-01T00:00:00Z");
  const last = now - 86_400_000;
  const base = seed(1);
  return {
    ...base,
    packages: [
      {
        ...base.packages![0]!,
        versions: Array.from({ length: versions }, (_, i) => ({
          id: FIRST_ID + i,
          name: `1.0.${i}`,
          createdAt: new Date(last - (versions - 1 - i) * 60_000).toISOString(),
        })),
      },
    ],
  };
}

/** Requests by kind, from the emulator's log: listing pages (active, deleted), writes, other reads. */
interface RequestKinds {
  listActive: number;
  listDeleted: number;
  DELETE: number;
  POST: number;
  otherGET: number;
  other: number;
  refused: number;
  /** Milliseconds the emulator spent answering the listing pages (the log's durationMs, summed). */
  listMs: number;
}

function requestKinds(entries: readonly RequestLogEntry[]): RequestKinds {
  const kinds: RequestKinds = { listActive: 0, listDeleted: 0, DELETE: 0, POST: 0, otherGET: 0, other: 0, refused: 0, listMs: 0 };
  for (const entry of entries) {
    if (entry.status === 403 || entry.status === 429) kinds.refused++;
    if (entry.method === "GET" && /\/versions$/.test(entry.path)) {
      kinds.listMs += entry.durationMs;
      if (entry.query["state"] === "deleted") kinds.listDeleted++;
      else kinds.listActive++;
    } else if (entry.method === "GET") kinds.otherGET++;
    else if (entry.method === "DELETE") kinds.DELETE++;
    else if (entry.method === "POST") kinds.POST++;
    else kinds.other++;
  }
  return kinds;
}

interface LargeStep extends Measurement {
  /** How many versions the package had (active and deleted) when the step ran. */
  versions: number;
  kinds: RequestKinds;
  /** The engine's change summary (preview and up), e.g. { same: 2 } for a no-op. */
  changes: Record<string, number> | undefined;
  /** Bytes of the PackagePlanWrites resource's recorded `record` (gzip, base64) and of its `deletions` input, after the step. */
  recordBytes?: number;
  deletionsInputBytes?: number;
  /** The requests the targets allow: ceil(active/100) listing pages, plus the writes, plus the deleted listing's pages. */
  floor: { active: number; deleted: number };
}

/** A fresh emulator holding `versions` versions and a fresh bench-project stack, for the large scenario. */
async function withLargeStack<T>(
  options: Options,
  versions: number,
  config: Record<string, string>,
  body: (stack: Stack, emu: Emulator, stateText: () => string) => Promise<T>,
): Promise<T> {
  const started = Date.now();
  const emu = await startEmulator({
    seed: largeSeed(versions),
    rateLimits: { ...DEFAULT_RATE_LIMITS, primaryLimit: 10_000_000, pointsPerEndpoint: options.large.secondaryPoints },
  });
  process.stderr.write(`  large: emulator seeded with ${versions} versions in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  const env: Record<string, string> = {};
  if (options.large.cpuProf !== undefined) {
    fs.mkdirSync(options.large.cpuProf, { recursive: true });
    env["NODE_OPTIONS"] = `--cpu-prof --cpu-prof-dir=${options.large.cpuProf}`;
  }
  const sandbox = await createSandbox({
    projectDir: path.join(repoRoot(), "scripts", "bench-project"),
    stackName: "bench",
    env,
    ...(options.nodeModules !== undefined ? { nodeModulesDir: path.resolve(options.nodeModules) } : {}),
  });
  try {
    await sandbox.stack.setConfig("github:token", { value: TOKEN, secret: true });
    await sandbox.stack.setConfig("github:baseUrl", { value: emu.url });
    await sandbox.stack.setConfig("github:writesPerMinute", { value: String(options.large.writesPerMinute) });
    await sandbox.stack.setConfig("bench:scenario", { value: "large" });
    await sandbox.stack.setConfig("bench:versions", { value: String(versions) });
    for (const [key, value] of Object.entries(config)) await sandbox.stack.setConfig(key, { value });
    return await body(sandbox.stack, emu, () => sandbox.stateText());
  } finally {
    sandbox.cleanup();
    await emu.close();
  }
}

/** Runs one step of the large scenario and adds what the large table shows. */
/** The listing requests a step needs at least: its active and deleted versions' pages. */
type LargeFloor = { active: number; deleted: number };
/** A Pulumi command of a large step: a preview's change summary or an up's resource changes. */
type LargeRun = () => Promise<{
  changeSummary?: Record<string, number> | undefined;
  summary?: { resourceChanges?: Record<string, number> | undefined };
}>;

async function largeStep(
  command: string,
  emu: Emulator,
  stateText: () => string,
  versions: number,
  floor: LargeFloor,
  run: LargeRun,
): Promise<LargeStep> {
  let changes: Record<string, number> | undefined;
  const m = await measure("large", command, emu, async () => {
    const result = await run();
    changes = result.changeSummary ?? result.summary?.resourceChanges;
  });
  const entries = emu.requests();
  const state = stateText();
  let recordBytes: number | undefined;
  let deletionsInputBytes: number | undefined;
  if (state !== "") {
    type Resource = { type?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
    const checkpoint = JSON.parse(state) as { checkpoint?: { latest?: { resources?: Resource[] } } };
    const writes = (checkpoint.checkpoint?.latest?.resources ?? []).find((r) => r.type?.endsWith("PackagePlanWrites") === true);
    const record = writes?.outputs?.["record"];
    const deletions = writes?.inputs?.["deletions"];
    if (typeof record === "string") recordBytes = record.length;
    if (typeof deletions === "string") deletionsInputBytes = deletions.length;
  }
  return {
    ...m,
    versions,
    kinds: requestKinds(entries),
    changes,
    stateBytes: Buffer.byteLength(state),
    ...(recordBytes !== undefined ? { recordBytes } : {}),
    ...(deletionsInputBytes !== undefined ? { deletionsInputBytes } : {}),
    floor,
  };
}

const pages = (n: number) => Math.ceil(n / 100);

/**
 * One package of `--large-versions` (100,000) npm versions and a policy with perVersionChildren:
 * false keeping `--keep` (10) with deletionsPerRun (2,000) at writesPerMinute (180): `preview`,
 * `up`; then the policy keeps everything (keepLatest 100000): an `up` (no writes), then a no-op
 * `preview` at that size, and on a fresh stack of `--small-versions` (1,000) versions after its first `up`, the
 * two alternating for `--rounds` rounds.
 */
async function runLarge(options: Options): Promise<LargeStep[]> {
  const { versions, deletionsPerRun } = options.large;
  const keep = Math.min(options.keep, versions);
  const out: LargeStep[] = [];
  const deletions = Math.min(deletionsPerRun, versions - keep);
  const config = { "bench:keepLatest": String(keep), "bench:deletionsPerRun": String(deletionsPerRun) };
  await withLargeStack(options, versions, config, async (big, bigEmu, bigState) => {
    const step = (command: string, floor: LargeFloor, run: LargeRun) => largeStep(command, bigEmu, bigState, versions, floor, run);
    out.push(
      await step(`preview (keep ${keep}, deletionsPerRun ${deletionsPerRun})`, { active: versions, deleted: 0 }, () => big.preview()),
    );
    out.push(
      await step(`up (${deletions} deletions, ${versions - keep - deletions} pending)`, { active: versions, deleted: 0 }, () => big.up()),
    );
    const deleted = out.at(-1)!.kinds.DELETE;
    for (const [key, value] of Object.entries(KEEP_ALL)) await big.setConfig(key, { value });
    // The policy's own arguments change here (a component's inputs): one up with them, so that the previews after it are no-ops.
    const floor = { active: versions - deleted, deleted };
    out.push(await step("up (keepLatest 100000, no writes)", floor, () => big.up()));
    out.push(
      ...(await alternatingNoOpPreviews(options, (round) =>
        step(`preview (no-op, keepLatest 100000) #${round}`, floor, () => big.preview()),
      )),
    );
  });
  return out;
}

/** The policy keeping everything: a fresh stack of `--small-versions`, its first `up`, then its no-op previews alternating with the large stack's. */
async function alternatingNoOpPreviews(options: Options, bigPreview: (round: number) => Promise<LargeStep>): Promise<LargeStep[]> {
  const { smallVersions } = options.large;
  const out: LargeStep[] = [];
  await withLargeStack(options, smallVersions, KEEP_ALL, async (small, smallEmu, smallState) => {
    const floor = { active: smallVersions, deleted: 0 };
    const step = (command: string, run: LargeRun) => largeStep(command, smallEmu, smallState, smallVersions, floor, run);
    out.push(await step("up (keepLatest 100000, no writes)", () => small.up()));
    for (let round = 1; round <= options.rounds; round++) {
      out.push(await bigPreview(round));
      out.push(await step(`preview (no-op, keepLatest 100000) #${round}`, () => small.preview()));
    }
  });
  return out;
}

const KEEP_ALL = { "bench:keepLatest": "100000" };

const mib = (n: number | undefined) => (n === undefined ? "-" : `${n.toFixed(0)}`);

function largeTable(steps: readonly LargeStep[]): string {
  const rows = [
    [
      "versions",
      "command",
      "changes",
      "list active / deleted (floor)",
      "emulator s listing",
      "DELETE",
      "POST",
      "other GET",
      "refused",
      "wall",
      "CPU program / provider / CLI / other",
      "peak MiB program / provider / CLI",
      "state bytes",
      "record / deletions input bytes",
    ],
  ];
  for (const m of steps) {
    const k = m.kinds;
    rows.push([
      m.versions.toLocaleString("en-US"),
      m.command + (m.failure !== undefined ? ` FAILED: ${m.failure}` : ""),
      m.changes === undefined
        ? "-"
        : Object.entries(m.changes)
            .map(([op, n]) => `${op} ${n}`)
            .join(", "),
      `${k.listActive} / ${k.listDeleted} (${pages(m.floor.active)} / ${pages(m.floor.deleted) || 1})`,
      (k.listMs / 1000).toFixed(1),
      String(k.DELETE),
      String(k.POST),
      String(k.otherGET),
      String(k.refused),
      `${m.seconds.toFixed(1)} s`,
      `${[m.cpu.program, m.cpu.provider, m.cpu.engine, m.cpu.other].map((c) => c.toFixed(1)).join(" / ")} s`,
      [m.peakMiB.program, m.peakMiB.provider, m.peakMiB.engine].map(mib).join(" / "),
      (m.stateBytes ?? 0).toLocaleString("en-US"),
      `${m.recordBytes?.toLocaleString("en-US") ?? "-"} / ${m.deletionsInputBytes?.toLocaleString("en-US") ?? "-"}`,
    ]);
  }
  return rows.map((row, i) => `| ${row.join(" | ")} |${i === 0 ? `\n|${row.map(() => "---").join("|")}|` : ""}`).join("\n");
}

/** The issue's targets, checked against the large scenario's steps. */
function largeTargets(steps: readonly LargeStep[], options: Options): string[] {
  const lines: string[] = [];
  const noop = (versions: number) =>
    steps.filter((s) => s.command.startsWith("preview (no-op") && s.versions === versions && s.failure === undefined);
  const big = noop(options.large.versions);
  const small = noop(options.large.smallVersions);
  const rounds = Math.min(big.length, small.length);
  if (rounds > 0) {
    const each = Array.from({ length: rounds }, (_, i) => big[i]!.seconds / small[i]!.seconds);
    const ratio = median(each);
    lines.push(
      `no-op preview, ${options.large.versions} over ${options.large.smallVersions} versions: ${ratio.toFixed(2)}x (median of ${rounds}: ${each.map((r) => r.toFixed(2)).join(", ")}); target at most 3x: ${ratio <= 3 ? "met" : "MISSED"}`,
    );
  }
  const maxState = Math.max(...steps.map((s) => s.stateBytes ?? 0));
  lines.push(`state: at most ${maxState.toLocaleString("en-US")} bytes; target at most 5 MB: ${maxState <= 5_000_000 ? "met" : "MISSED"}`);
  for (const s of steps) {
    const k = s.kinds;
    const floor = pages(s.floor.active) + k.DELETE + k.POST;
    const withDeleted = floor + Math.max(1, pages(s.floor.deleted));
    const total = k.listActive + k.listDeleted + k.DELETE + k.POST + k.otherGET + k.other;
    const verdict =
      total <= floor ? "met" : total <= withDeleted ? "met only with the deleted listing (which keepLatest alone does not need)" : "MISSED";
    lines.push(
      `requests, ${s.versions} versions, ${s.command}: ${total} (floor ${floor}, ${withDeleted} with the deleted listing): ${verdict}`,
    );
  }
  const peak = Math.max(...steps.flatMap((s) => [s.peakMiB.program ?? 0, s.peakMiB.provider ?? 0, s.peakMiB.engine ?? 0]));
  lines.push(`peak memory of any one process: ${peak.toFixed(0)} MiB; target under 1 GiB: ${peak < 1024 ? "met" : "MISSED"}`);
  return lines;
}

function table(measurements: readonly Measurement[]): string {
  const rows = [
    [
      "scenario",
      "command",
      "GET",
      "DELETE",
      "POST",
      "refused",
      "wall",
      "CPU engine / program / provider / other",
      "provider peak",
      "deletions/min",
    ],
  ];
  for (const m of measurements) {
    rows.push([
      m.scenario,
      m.command + (m.failure !== undefined ? " FAILED" : ""),
      String(m.requests["GET"] ?? 0),
      String(m.requests["DELETE"] ?? 0),
      String(m.requests["POST"] ?? 0),
      String(m.refused),
      `${m.seconds.toFixed(1)} s`,
      `${CPU_PARTS.map((part) => m.cpu[part].toFixed(1)).join(" / ")} s`,
      m.providerPeakMiB === undefined ? "-" : `${m.providerPeakMiB.toFixed(0)} MiB`,
      m.deletionsPerMinute === undefined ? "-" : m.deletionsPerMinute.toFixed(0),
    ]);
  }
  return rows.map((row, i) => `| ${row.join(" | ")} |${i === 0 ? `\n|${row.map(() => "---").join("|")}|` : ""}`).join("\n");
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function ratios(measurements: readonly Measurement[]): string[] {
  const ok = (scenario: ScenarioName, command: string) =>
    measurements.filter((m) => m.scenario === scenario && m.command.startsWith(command) && m.failure === undefined);
  const lines: string[] = [];
  for (const command of ["up (no-op)", "preview (no-op)"]) {
    const ours = ok("by-id", command);
    const base = ok("trivial", command);
    const rounds = Math.min(ours.length, base.length);
    if (rounds === 0) continue;
    const each = Array.from({ length: rounds }, (_, i) => ours[i]!.seconds / base[i]!.seconds);
    lines.push(
      `engine overhead, ${command}: ${median(each).toFixed(2)}x the trivial baseline (median of ${rounds}; ` +
        `${each.map((r, i) => `${ours[i]!.seconds.toFixed(1)} s / ${base[i]!.seconds.toFixed(1)} s = ${r.toFixed(2)}x`).join(", ")})`,
    );
    const cpu = (side: readonly Measurement[], part: CpuPart) => median(side.map((m) => m.cpu[part])).toFixed(1);
    lines.push(
      `  CPU, ${command} (median s, by-id / trivial): ${CPU_PARTS.map((part) => `${part} ${cpu(ours, part)} / ${cpu(base, part)}`).join(", ")}`,
    );
  }
  return lines;
}

async function main(): Promise<void> {
  const options = parseOptions();
  const cpus = os.cpus();
  process.stderr.write(
    `bench: ${options.versions} versions, keep ${options.keep}, scenarios ${options.scenarios.join(",")}` +
      `${options.nodeModules !== undefined ? `, node_modules ${options.nodeModules}` : ""}; ` +
      `${cpus.length} × ${cpus[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}\n`,
  );
  const measurements: Measurement[] = [];
  const paired = options.scenarios.includes("by-id") && options.scenarios.includes("trivial");
  if (paired) measurements.push(...(await overheadPair(options)));
  for (const scenario of options.scenarios) {
    if (paired && (scenario === "by-id" || scenario === "trivial")) continue;
    measurements.push(...(await runScenario(scenario, options)));
  }
  if (measurements.length > 0)
    process.stdout.write(
      `${new Date().toISOString().slice(0, 10)}, ${cpus.length} cores, ${options.versions} versions\n\n${table(measurements)}\n\n`,
    );
  for (const line of ratios(measurements)) process.stdout.write(`${line}\n`);
  if (options.scenarios.includes("large")) {
    const { large } = options;
    process.stderr.write(
      `bench large: ${large.versions} versions (and ${large.smallVersions}), keep ${options.keep}, deletionsPerRun ${large.deletionsPerRun}, ` +
        `writesPerMinute ${large.writesPerMinute}, secondary limit ${large.secondaryPoints} points a minute, ${options.rounds} rounds\n`,
    );
    const steps = await runLarge(options);
    process.stdout.write(
      `\nlarge: ${new Date().toISOString().slice(0, 10)}, ${cpus.length} cores, ${large.versions} versions, keep ${options.keep}, deletionsPerRun ${large.deletionsPerRun}, ` +
        `writesPerMinute ${large.writesPerMinute}, secondary limit ${large.secondaryPoints} points a minute\n\n${largeTable(steps)}\n\n`,
    );
    for (const line of largeTargets(steps, options)) process.stdout.write(`${line}\n`);
    measurements.push(...steps);
  }
  if (measurements.some((m) => m.failure !== undefined)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
