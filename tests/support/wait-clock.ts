/**
 * A clock for the provider's waits that advances at once: each sleep is recorded and ends, in the
 * order the sleeps are due, once the process is idle (no HTTP request of this process's fetch in
 * flight, and the event loop has run what was pending), with the clock moved to its end: as if
 * requests took no time. The emulator's rate-limit windows read the same clock, so a wait for a
 * reset ends the window it waited for, without spending real time.
 */
import { subscribe } from "node:diagnostics_channel";
import { REAL_TIME, setGitHubClientClock, type WaitClock } from "pulumi-github-package-versions/testing";

/** One wait as the client asked for it. */
export interface RecordedWait {
  /** How long, in ms. */
  readonly ms: number;
  /** What for: "primary rate limit before GET /orgs/acme/...", "write spacing (90 a minute)", ... */
  readonly reason: string;
  /** When it started, in ms on this clock. */
  readonly from: number;
}

/** Requests of the global fetch (Octokit's) sent and not yet answered in full, from undici's diagnostics channels. */
let inFlight = 0;
let subscribed = false;
const settled: (() => void)[] = [];
function countRequests(): void {
  if (subscribed) return;
  subscribed = true;
  subscribe("undici:request:create", () => inFlight++);
  const done = (): void => {
    inFlight = Math.max(0, inFlight - 1);
    if (inFlight === 0) for (const wake of settled.splice(0)) wake();
  };
  subscribe("undici:request:trailers", done);
  subscribe("undici:request:error", done);
}
/** Turns of the event loop's timers without a request in flight before the clock moves: an answer's handling may send the next request. */
const IDLE_TURNS = 3;
/** A request hung longer than this (real ms, e.g. held by a test's proxy) no longer holds the clock. */
const HUNG_MS = 50;

interface Sleeper {
  readonly until: number;
  readonly order: number;
  readonly wake: () => void;
}

export class FakeWaitClock implements WaitClock {
  /** Every sleep asked for, in the order asked. */
  readonly waits: RecordedWait[] = [];
  private current: number;
  private sleepers: Sleeper[] = [];
  private asked = 0;
  private stepping = false;

  /** Starts at the real time, so that GitHub's (the emulator's) reset times look as they would. */
  constructor(start = Date.now()) {
    this.current = start;
    countRequests();
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, reason: string): Promise<void> {
    this.waits.push({ ms, reason, from: this.current });
    return new Promise<void>((wake) => {
      this.sleepers.push({ until: this.current + Math.max(0, ms), order: this.asked++, wake });
      this.scheduleStep();
    });
  }

  /** Moves the clock on by `ms` at once (a test's own passing of time, e.g. for an emulator's window). */
  advance(ms: number): void {
    this.current += ms;
  }

  /** The waits whose reason starts with `prefix`. */
  waitsFor(prefix: string): RecordedWait[] {
    return this.waits.filter((w) => w.reason.startsWith(prefix));
  }

  private scheduleStep(): void {
    if (this.stepping) return;
    this.stepping = true;
    void this.idle().then(() => this.step());
  }

  /** Resolves once no request is in flight for IDLE_TURNS turns of the event loop (or one hung HUNG_MS). */
  private async idle(): Promise<void> {
    for (let turns = 0; turns < IDLE_TURNS; turns++) {
      // A timer, not setImmediate: Bottleneck (the plugins' queues) yields on timers of 0 ms, which run first.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      if (inFlight === 0) continue;
      turns = -1;
      await new Promise<void>((resolve) => {
        const hung = setTimeout(resolve, HUNG_MS);
        settled.push(() => {
          clearTimeout(hung);
          resolve();
        });
      });
      if (inFlight > 0) return;
    }
  }

  /** Ends the earliest due sleep, then the next one once the process is idle again. */
  private step(): void {
    this.stepping = false;
    this.sleepers.sort((a, b) => a.until - b.until || a.order - b.order);
    const next = this.sleepers.shift();
    if (next === undefined) return;
    this.current = Math.max(this.current, next.until);
    next.wake();
    if (this.sleepers.length > 0) this.scheduleStep();
  }
}

/**
 * Registers beforeEach/afterEach: every GitHub client made during a test waits on a fresh
 * FakeWaitClock (read it through the returned getter), and on real time again after the test.
 */
export function useFakeWaitClock(): () => FakeWaitClock {
  let clock: FakeWaitClock | undefined;
  beforeEach(() => {
    clock = new FakeWaitClock();
    setGitHubClientClock(clock);
  });
  afterEach(() => {
    setGitHubClientClock(REAL_TIME);
    clock = undefined;
  });
  return () => {
    if (clock === undefined) throw new Error("the fake wait clock exists only during a test");
    return clock;
  };
}
