/**
 * A clock for the provider's waits that advances at once: each sleep is recorded and ends, in the
 * order the sleeps are due, as soon as the event loop has run what was already pending, with the
 * clock moved to its end. The emulator's rate-limit windows read the same clock, so a wait for a
 * reset ends the window it waited for, without spending real time.
 */
import type { WaitClock } from "pulumi-github-package-versions/dist/provider/core/wait-clock";
import { setGitHubClientClock } from "pulumi-github-package-versions/dist/provider/github/client";
import { REAL_TIME } from "pulumi-github-package-versions/dist/provider/core/wait-clock";

/** One wait as the client asked for it. */
export interface RecordedWait {
  /** How long, in ms. */
  readonly ms: number;
  /** What for: "primary rate limit before GET /orgs/acme/...", "write spacing (90 a minute)", ... */
  readonly reason: string;
  /** When it started, in ms on this clock. */
  readonly from: number;
}

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
    setImmediate(() => this.step());
  }

  /** Ends the earliest due sleep, then the next one on the next turn of the event loop. */
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
