/**
 * The program run's write gate: no write of a run is sent until every check of the whole program
 * has passed. `pulumi up --skip-preview`, `pulumi/actions` and the Automation API run no preview:
 * the engine starts a resource's step as soon as the program registers it, while the rest of the
 * program is still being declared, listed and planned. So every resource that may write
 * (PackageVersion, and so every policy's child) carries a `beforeCreate`/`beforeUpdate` resource
 * hook that waits here: the engine calls it in the program process right before the provider's
 * create or update, and a hook that fails fails the step before the provider is called.
 *
 * What the gate waits for, once the program has declared everything it declares on its first
 * turns:
 * - every check the library tracks (a policy's listing and plan with its `maxDeletions`, a pattern
 *   policy's package look-up, a PackageVersion's inputs, the one-owner rule between declarations
 *   and policies, work a program hands to `holdWritesUntil`);
 * - the program's main code: a program that throws refuses the run;
 * - then the run is quiet for a turn of the event loop (no new check), and it opens.
 * Any refusal (a check rejected, the program failed) keeps it shut for the whole run: every hook
 * fails with the refusal, and nothing is written. Steps that write nothing (no change) run no hook
 * and are not held.
 *
 * Kept per program run (program-run.ts). Outside a run (the provider process, tests calling the
 * provider directly) there is no engine to hold, and checks are made where they always were.
 */
import * as os from "node:os";
import * as pulumi from "@pulumi/pulumi";
import { known, resourcesBehind } from "./output-internals";
import { ProgramError } from "./program-error";
import { runScoped } from "./program-run";

/** Every write of the run was refused: what was refused, and that nothing was written. */
export class RunRefusedError extends ProgramError {
  override readonly name = "RunRefusedError";

  constructor(readonly refusals: readonly Error[]) {
    super(
      `Not written: this run was refused before its first write, so nothing was changed. ` +
        `${refusals.length === 1 ? "The refusal" : `The ${refusals.length} refusals`}:\n  ${refusals.map((e) => e.message.replace(/\n/g, "\n  ")).join("\n  ")}`,
    );
  }
}

/** What a refusal that came after the run's writes had started says of them. */
const LATE_REFUSAL =
  "This check ended after the run's writes had started (the program declared it after awaiting work the library does not " +
  "know of): writes already sent stay. Pass that work to holdWritesUntil so the run waits for it.";

/** The resource hook's arguments this module reads. */
export interface HookCall {
  readonly urn: string;
  readonly oldOutputs?: Record<string, unknown> | undefined;
}

/**
 * The engine runs at most `--parallel` steps at once, and a step held here keeps its place. Read
 * from the options the language host passed to the program (not in the SDK's typings); the
 * engine's own default when absent.
 */
function engineParallelism(): number {
  try {
    // Not in the SDK's public typings or exports map: loaded at run time, and absent in some hosts.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { settings?: { options?: { parallel?: number } } } };
    const parallel = state.getStore().settings?.options?.parallel;
    if (typeof parallel === "number" && parallel > 0) return parallel;
  } catch {
    // An SDK without that module: the engine's default below.
  }
  // The CLI's language host passes `--parallel` to a program it runs as PULUMI_NODEJS_PARALLEL.
  for (const name of ["PULUMI_NODEJS_PARALLEL", "PULUMI_PARALLEL"]) {
    const fromEnv = Number(process.env[name]);
    if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  }
  return 4 * os.availableParallelism();
}

/**
 * The program waits for the engine's record of a resource (a PackageVersion's adopted version)
 * while every step the engine may run at once is held by this gate: neither can go on.
 */
export class EngineStalledError extends ProgramError {
  override readonly name = "EngineStalledError";

  constructor(parallel: number, waitingFor: readonly string[]) {
    super(
      `Cannot check this run before its first write: a retention policy needs to know which version ${waitingFor.join(", ")} ` +
        `adopted (the engine says so when it runs its step), but all ${parallel} steps the engine runs at once are held until the ` +
        "whole program is checked. Run with a larger --parallel (or PULUMI_PARALLEL), more than the number of PackageVersions " +
        "the program declares.",
    );
  }
}

/** A check waits for the outputs of a resource whose write waits for that check. */
export class WaitsOnHeldWriteError extends ProgramError {
  override readonly name = "WaitsOnHeldWriteError";

  constructor(waiting: string, heldUrns: readonly string[]) {
    super(
      `Cannot check this run before its first write: ${waiting} has inputs made from the outputs of ` +
        `${heldUrns.map((urn) => urn.slice(urn.lastIndexOf("::") + 2)).join(", ")}, which writes in this run, and a retention policy ` +
        "must know which version it selects before any write. Give it plain values (a versionId, a version name, a package name), " +
        "or declare it in a run of its own.",
    );
  }
}

class WriteGate {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly refusals: Error[] = [];
  /** Grows with every check tracked: the gate opens only after a turn in which it did not. */
  private generation = 0;
  private opening: Promise<void> | undefined;
  private open = false;
  /** What the hooks heard of each resource about to be written: its recorded version id, by URN. */
  private readonly recordedByUrn = new Map<string, number | undefined>();
  private readonly recordWaiters = new Map<string, ((versionId: number | undefined) => void)[]>();
  /** Hooks waiting in whenOpen: each holds one of the engine's steps. */
  private heldSteps = 0;
  /** Checks waiting for the engine, by what they wait for ("PackageVersion b"), with the URNs of the resources they wait on when known. */
  private readonly engineWaits = new Set<{ readonly what: string; readonly on: readonly string[] }>();
  /** The URNs of the resources whose writes are held here now. */
  private readonly heldUrns = new Set<string>();
  /** Wakes the settling loop when steps are held or engine waits begin. */
  private wake: () => void = () => undefined;
  /** The run's one named hook, made when the first resource asks. */
  hook: pulumi.ResourceHook | undefined;
  /** Read in the program's context: the hooks run outside it (an inline program's options are its own). */
  private readonly parallel = engineParallelism();

  constructor() {
    // The program's main code: a program that throws refuses the run. The root Stack's data settles
    // when the program's main code has returned and the stack outputs are known, or at once when
    // the main code throws; only the failure is awaited.
    const stack = pulumi.runtime.getStackResource() as unknown as { getData?: () => Promise<unknown> } | undefined;
    stack?.getData?.().catch((error: unknown) => this.refuse(asError(error)));
  }

  /** Work whose failure refuses the run; the gate waits for it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.generation += 1;
    const entry = work.then(
      () => undefined,
      (error: unknown) => this.refuse(asError(error)),
    );
    this.pending.add(entry);
    void entry.finally(() => this.pending.delete(entry));
    return work;
  }

  /** A tracked check waiting for the engine (a resource's record or outputs), on the resources `on` names. */
  async awaitEngine<T>(what: string, record: Promise<T>, on: readonly string[] = []): Promise<T> {
    const wait = { what, on };
    this.engineWaits.add(wait);
    this.wake();
    try {
      return await record;
    } finally {
      this.engineWaits.delete(wait);
    }
  }

  /**
   * Records a refusal. The library's own errors (ProgramError) are told what is true of the run
   * before anyone prints them: nothing was changed, or the writes had already started.
   */
  refuse(error: Error): void {
    if (this.refusals.includes(error)) return;
    this.refusals.push(error);
    if (error instanceof ProgramError && !(error instanceof RunRefusedError)) {
      // An error that already says "Nothing was changed." gets the reason instead of the words twice.
      error.message = this.open
        ? `${error.message}\n${LATE_REFUSAL}`
        : `${error.message.replace(/ Nothing was changed\.$/, "")} Nothing was changed: no write of this run is sent before every check has passed.`;
      error.stack = error.message;
    }
    this.wake();
  }

  /** Whether the run is refused already (a policy checks before its first request). */
  get refused(): boolean {
    return this.refusals.length > 0;
  }

  /** Resolves when the run may write; rejects with RunRefusedError when it may not. */
  async whenOpen(urn: string): Promise<void> {
    this.opening ??= this.settle();
    this.heldSteps += 1;
    this.heldUrns.add(urn);
    this.wake();
    try {
      await this.opening;
    } finally {
      this.heldSteps -= 1;
      this.heldUrns.delete(urn);
    }
    if (this.refusals.length > 0 && !this.open) throw new RunRefusedError(this.refusals);
  }

  /** Once the run's checks have ended: the refusals, none when it may write (a job summary asks; no step is held). */
  async outcome(): Promise<readonly Error[]> {
    this.opening ??= this.settle();
    await this.opening;
    return this.open ? [] : this.refusals;
  }

  private async settle(): Promise<void> {
    for (;;) {
      const seen = this.generation;
      const woken = new Promise<void>((resolve) => (this.wake = resolve));
      await Promise.race([Promise.all([...this.pending]), woken]);
      if (this.refusals.length > 0) return;
      if (this.stalled()) return;
      if (this.pending.size > 0) continue;
      await nextTurn();
      await nextTurn();
      if (this.refusals.length > 0) return;
      if (this.pending.size === 0 && this.generation === seen) break;
    }
    this.open = true;
  }

  /** Checks wait for the engine while every step it runs at once is held here: refuse, naming them. */
  private stalled(): boolean {
    for (const { what, on } of this.engineWaits) {
      const held = on.filter((urn) => this.heldUrns.has(urn));
      if (held.length > 0) {
        this.refuse(new WaitsOnHeldWriteError(what, held));
        return true;
      }
    }
    if (this.engineWaits.size === 0 || this.heldSteps < this.parallel) return false;
    this.refuse(new EngineStalledError(this.parallel, [...new Set([...this.engineWaits].map((wait) => wait.what))]));
    return true;
  }

  /**
   * Called by the hook before the gate is awaited: the version id the engine recorded for the
   * resource (none for a create). A policy's children are not asked for.
   */
  heard(call: HookCall): void {
    if (call.urn.includes("PackageRetentionPolic")) return;
    const recorded = call.oldOutputs?.["versionId"];
    const versionId = typeof recorded === "number" ? recorded : undefined;
    this.recordedByUrn.set(call.urn, versionId);
    for (const resolve of this.recordWaiters.get(call.urn) ?? []) resolve(versionId);
    this.recordWaiters.delete(call.urn);
  }

  /** The version id recorded for `urn`, once its hook has been called (it may never be). */
  recordedVersionId(urn: string): Promise<number | undefined> {
    if (this.recordedByUrn.has(urn)) return Promise.resolve(this.recordedByUrn.get(urn));
    return new Promise((resolve) => this.recordWaiters.set(urn, [...(this.recordWaiters.get(urn) ?? []), resolve]));
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** One turn of the event loop: timers, I/O and the promise chains they start run first. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

const WRITE_GATE = Symbol("write gate");

/** The current run's gate, or undefined outside a program run (there is no engine to hold). */
function runGate(): WriteGate | undefined {
  if (pulumi.runtime.getStackResource() === undefined) return undefined;
  return runScoped(WRITE_GATE, () => new WriteGate());
}

/**
 * Work the run must finish before any write: its failure refuses the whole run. Returns the work.
 * A program that declares PackageVersions or policies after awaiting work of its own (not the
 * library's look-ups, which are tracked) passes that work here.
 */
export function holdWritesUntil<T>(work: Promise<T>): Promise<T> {
  const gate = runGate();
  return gate === undefined ? work : gate.track(work);
}

/** Records a refusal of the run (a synchronous check that is about to throw). */
export function refuseRun(error: Error): void {
  runGate()?.refuse(error);
}

/** Runs a synchronous check; what it throws refuses the run, then is thrown on. */
export function refusing<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    refuseRun(asError(error));
    throw error;
  }
}

/**
 * Lets the program's synchronous code finish declaring (one turn of the event loop), then says
 * whether the run is refused already: a policy lists nothing in a run refused before its first request.
 */
export async function refusedBeforeRequests(): Promise<boolean> {
  await nextTurn();
  return runRefused();
}

/** Whether the current run has been refused already. */
export function runRefused(): boolean {
  return runGate()?.refused ?? false;
}

/** A check of the run waiting for the engine's record of a resource (see EngineStalledError). */
export function awaitEngineRecord<T>(what: string, record: Promise<T>, on: readonly string[] = []): Promise<T> {
  const gate = runGate();
  return gate === undefined ? record : gate.awaitEngine(what, record, on);
}

/**
 * Once the run's checks have ended: its refusals, none when it may write. Outside a run, none.
 * For a job summary, which must not call a refused run's plan done.
 */
export function runOutcome(): Promise<readonly Error[]> {
  return runGate()?.outcome() ?? Promise.resolve([]);
}

/** The URN the engine will give each PackageVersion of the run, known before its registration ends. */
const urnsOf = new WeakMap<object, pulumi.Output<string>>();

export function noteUrn(resource: pulumi.Resource, urn: pulumi.Output<string>): void {
  urnsOf.set(resource, urn);
}

/** The URNs of the run's resources an input is made from (those noted with noteUrn). */
export async function urnsBehind(input: unknown): Promise<string[]> {
  const urns = [...resourcesBehind(input)]
    .map((resource) => urnsOf.get(resource))
    .filter((urn): urn is pulumi.Output<string> => urn !== undefined);
  const values = await Promise.all(urns.map((urn) => known(urn)));
  return values.flatMap((urn) => (urn.known && urn.value !== undefined ? [urn.value] : []));
}

/**
 * The version id the engine had recorded for a resource, as its write hook heard it (undefined for
 * a create): known before the write, while the write waits for the gate. Never settles outside a
 * run or for a resource that is not written.
 */
export function recordedVersionIdFromHook(urn: string): Promise<number | undefined> {
  return runGate()?.recordedVersionId(urn) ?? new Promise(() => undefined);
}

export const WRITE_GATE_HOOK_NAME = "github-package-versions-write-gate";

/**
 * The hooks a resource that may write carries: one named hook per run, before create and before
 * update. Undefined outside a program run.
 */
export function writeGateHooks(): pulumi.ResourceHookBinding | undefined {
  const gate = runGate();
  if (gate === undefined) return undefined;
  gate.hook ??= new pulumi.ResourceHook(WRITE_GATE_HOOK_NAME, async (args) => {
    gate.heard({ urn: args.urn, oldOutputs: args.oldOutputs });
    await gate.whenOpen(args.urn);
  });
  return { beforeCreate: [gate.hook], beforeUpdate: [gate.hook] };
}

/** The caller's options with the write gate's hooks before its own, before create and before update. */
export function withWriteGate<T extends pulumi.CustomResourceOptions>(opts: T | undefined): T | undefined {
  const gate = writeGateHooks();
  if (gate === undefined) return opts;
  const own = opts?.hooks ?? {};
  return {
    ...(opts as T),
    hooks: {
      ...own,
      beforeCreate: [...(gate.beforeCreate ?? []), ...(own.beforeCreate ?? [])],
      beforeUpdate: [...(gate.beforeUpdate ?? []), ...(own.beforeUpdate ?? [])],
    },
  };
}
