/**
 * Whether the Pulumi engine that started this provider process is still there, checked right
 * before every write.
 *
 * The engine starts the dynamic provider as a plugin: `pulumi-resource-pulumi-nodejs [flags]
 * 127.0.0.1:<port>`, a shell script (shipped in @pulumi/pulumi) that runs `node
 * .../@pulumi/pulumi/cmd/dynamic-provider/index.js [flags] 127.0.0.1:<port>` as its child (it
 * does not exec), where `127.0.0.1:<port>` is the engine's own gRPC server. When a run ends the
 * engine kills its plugins. Killed itself (`kill -9`, an out-of-memory kill, a CI runner torn
 * down), it kills nothing: the provider went on with the steps the engine had already handed it
 * (one per `--parallel` slot), DELETEs included, though no run would ever record them, then
 * waited for calls that never come.
 *
 * The engine is gone when the process that started this one is (the parent pid changed), or when
 * the engine's address refuses a connection: its listening socket closes with its process, and a
 * loopback connect is answered at once either way (well under a millisecond), so the check costs
 * nothing beside a paced write. A connection that neither opens nor is refused within a second
 * counts as alive: only a certain answer stops a run.
 *
 * Active only in the provider process the engine started (the script is @pulumi/pulumi's
 * `cmd/dynamic-provider`, and its last argument is a loopback address): tests that call the
 * provider's methods in their own process, and programs, are never checked. There it also
 * watches the engine every second and ends the process once the engine is gone.
 */
import * as net from "node:net";
import type { PackageCoordinates } from "./package-version-types";
import { packageLabel } from "./version-label";

/** The engine this provider process was started by. */
export interface EngineLink {
  /** The engine's gRPC address, as the engine passed it ("127.0.0.1:35729"). */
  readonly address: string;
  readonly host: string;
  readonly port: number;
  /** The parent process when the provider started (the plugin's shell script, or the engine). */
  readonly parentPid: number;
}

/** The script the engine's `pulumi-resource-pulumi-nodejs` plugin runs. */
const DYNAMIC_PROVIDER_SCRIPT = /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]dynamic-provider(?:[\\/]index(?:\.js)?)?$/;
/** The engine listens on the loopback interface only (pulumi's host server: "127.0.0.1:<port>"). */
const LOOPBACK_ADDRESS = /^(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})$/;

/**
 * The engine link of a process started with `argv` whose parent is `parentPid`: defined only when
 * the process is @pulumi/pulumi's dynamic provider host and its last loopback argument is the
 * engine's address (flags such as `--tracing <address>` come before it).
 */
export function engineLinkOf(argv: readonly string[], parentPid: number): EngineLink | undefined {
  const script = argv[1];
  if (script === undefined || !DYNAMIC_PROVIDER_SCRIPT.test(script)) return undefined;
  for (let i = argv.length - 1; i >= 2; i -= 1) {
    const match = LOOPBACK_ADDRESS.exec(argv[i] ?? "");
    if (match === null) continue;
    const port = Number(match[2]);
    if (port < 1 || port > 65535) return undefined;
    const host = match[1] === "[::1]" ? "::1" : match[1]!;
    return { address: argv[i]!, host, port, parentPid };
  }
  return undefined;
}

/** What a loopback connect to the engine's address says: "open", "refused", or "unknown" (no answer in time, another error). */
export type ProbeAnswer = "open" | "refused" | "unknown";

export function probeAddress(host: string, port: number, timeoutMs = 1000): Promise<ProbeAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answer: ProbeAnswer): void => {
      socket.removeAllListeners();
      socket.on("error", () => undefined);
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done("unknown"));
    socket.once("connect", () => done("open"));
    socket.once("error", (error: NodeJS.ErrnoException) => done(error.code === "ECONNREFUSED" ? "refused" : "unknown"));
  });
}

/** The write a gone engine kept from being sent. */
export interface RefusedWrite {
  action: "delete" | "restore";
  coordinates: PackageCoordinates;
  versionId: number | string;
}

/**
 * A write not sent because the Pulumi engine that started this provider is gone (its CLI was
 * killed): no run would record it. Names the version, its package and owner, and how the engine
 * was found gone.
 */
export class EngineGoneError extends Error {
  override readonly name = "EngineGoneError";

  constructor(
    readonly write: RefusedWrite,
    readonly engineAddress: string,
    /** "its address 127.0.0.1:35729 refuses connections", "the process that started this provider (pid 123) has exited". */
    readonly how: string,
  ) {
    super(
      `Not sent: the ${write.action} of version id ${write.versionId} of ${packageLabel(write.coordinates)}. ` +
        `The Pulumi engine that started this provider is gone (${how}), so no run would record the write; ` +
        `the provider sends no more writes and exits. See "When a run was killed" in docs/safety.md to recover.`,
    );
    this.stack = this.message;
  }
}

export interface EngineWatchOptions {
  /** The current parent pid (process.ppid, read anew each time). */
  parentPid?: () => number;
  probe?: (host: string, port: number) => Promise<ProbeAnswer>;
  /** Called once, when the engine is first found gone. */
  onGone?: (how: string) => void;
}

/** Watches one engine link; once gone, it stays gone. */
export class EngineWatch {
  private goneHow: string | undefined;
  private readonly parentPid: () => number;
  private readonly probe: (host: string, port: number) => Promise<ProbeAnswer>;
  private readonly onGone: (how: string) => void;

  constructor(
    readonly link: EngineLink,
    options: EngineWatchOptions = {},
  ) {
    this.parentPid = options.parentPid ?? (() => process.ppid);
    this.probe = options.probe ?? probeAddress;
    this.onGone = options.onGone ?? (() => undefined);
  }

  /** Why the engine is gone, once it was found gone. */
  get gone(): string | undefined {
    return this.goneHow;
  }

  /** Looks again: undefined while the engine is there, else how it was found gone. */
  async check(): Promise<string | undefined> {
    if (this.goneHow !== undefined) return this.goneHow;
    const parent = this.parentPid();
    if (parent !== this.link.parentPid)
      return this.markGone(`the process that started this provider (pid ${this.link.parentPid}) has exited`);
    const answer = await this.probe(this.link.host, this.link.port);
    if (answer === "refused") return this.markGone(`its address ${this.link.address} refuses connections`);
    return this.goneHow;
  }

  /** Resolves when the write may be sent; rejects with EngineGoneError when the engine is gone. */
  async beforeWrite(write: RefusedWrite): Promise<void> {
    const how = await this.check();
    if (how !== undefined) throw new EngineGoneError(write, this.link.address, how);
  }

  private markGone(how: string): string {
    if (this.goneHow === undefined) {
      this.goneHow = how;
      this.onGone(how);
    }
    return how;
  }
}

/** How often the provider process looks at its engine while nothing asks it to write. */
const WATCH_INTERVAL_MS = 1000;
/** A write refused for a gone engine fails its step first; the process ends this long after. */
const EXIT_DELAY_MS = 200;
/** Exit status of a provider process that ended because its engine was gone. */
export const ENGINE_GONE_EXIT_CODE = 70;

let processWatch: EngineWatch | null | undefined;

/**
 * This process's engine watch: undefined unless this is the provider process the engine started.
 * The first call starts the watch (every second; the process exits once the engine is gone).
 */
export function engineWatch(): EngineWatch | undefined {
  if (processWatch === undefined) {
    const link = engineLinkOf(process.argv, process.ppid);
    processWatch = link === undefined ? null : new EngineWatch(link, { onGone: endProcessSoon });
    if (processWatch !== null) {
      const watch = processWatch;
      const timer = setInterval(() => void watch.check(), WATCH_INTERVAL_MS);
      // The provider's gRPC server keeps the process running; the watch alone should not.
      timer.unref();
    }
  }
  return processWatch ?? undefined;
}

/**
 * Nothing more will be asked of this process nor read from it (its stdout and stderr went with
 * the engine): end it, after the step that found the engine gone has failed.
 */
function endProcessSoon(): void {
  setTimeout(() => process.exit(ENGINE_GONE_EXIT_CODE), EXIT_DELAY_MS);
}

/**
 * Right before a write is sent: resolves at once outside the provider process the engine started,
 * and while its engine is there; rejects with EngineGoneError once it is gone.
 */
export async function beforeWrite(write: RefusedWrite): Promise<void> {
  const watch = engineWatch();
  if (watch !== undefined) await watch.beforeWrite(write);
}
