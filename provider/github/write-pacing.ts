import Bottleneck from "bottleneck";
import { REAL_TIME, type WaitClock } from "../core/wait-clock";

/** The id the throttling plugin keys its write limiter by: one client, one key. */
export const THROTTLE_ID = "pulumi-github-package-versions";
/** However often GitHub asks to slow down, writes go on at a quarter of the configured rate at least (and 6 a minute). */
const SLOWEST_FRACTION = 4;
const SLOWEST_WRITES_PER_MINUTE = 6;

/**
 * How fast one client writes (DELETE, restore): one write at a time, started at most
 * `writesPerMinute` times a minute. The throttling plugin schedules every write here, a retried
 * one too, before sending it. When GitHub answers a write with a secondary rate limit, no write
 * starts until its retry-after has passed, and the rest of the deployment writes at half the rate
 * (never under a quarter of the configured rate, nor 6 a minute): GitHub's advice is to slow down, and a refused write costs a request.
 */
export class WritePacing {
  /**
   * Given to the throttling plugin as `throttle.write`. The plugin calls only
   * `key(THROTTLE_ID).schedule(options, job)`, before each write; the jobs run one at a time, each
   * after its turn in the spacing, waited on the client's clock (Bottleneck's own minTime would wait on real timers).
   */
  readonly group: Bottleneck.Group;
  private readonly limiter = new Bottleneck({ maxConcurrent: 1, minTime: 0 });
  private rate: number;
  private heldUntil = 0;
  /** When the next write may start (ms on the clock). */
  private nextStartMs = 0;

  constructor(
    readonly configuredPerMinute: number,
    /** The time writes are spaced and held by (real time but in tests). */
    private readonly clock: WaitClock = REAL_TIME,
  ) {
    this.rate = configuredPerMinute;
    const paced = {
      schedule: <R>(options: Bottleneck.JobOptions, job: () => Promise<R>): Promise<R> =>
        this.limiter.schedule(options, async () => {
          await this.turn();
          return job();
        }),
    };
    this.group = { key: () => paced } as unknown as Bottleneck.Group;
  }

  /** The writes a minute now: the configured rate, or less after GitHub asked to slow down. */
  get writesPerMinute(): number {
    return this.rate;
  }

  /**
   * GitHub refused a write with a secondary rate limit asking to wait `retryAfterSeconds`. Holds
   * every write not yet started until then and halves the rate, once for requests refused
   * together. Returns the new rate when it changed.
   */
  secondaryLimited(retryAfterSeconds: number, now = this.clock.now()): number | undefined {
    const until = now + retryAfterSeconds * 1000;
    if (until < this.heldUntil + 1000) return undefined; // refused together with a write already held for (within its second)
    const holdMs = until - Math.max(now, this.heldUntil);
    this.heldUntil = until;
    // Priority 0 goes before queued writes; the slot it takes keeps them waiting (retried writes weigh nothing and pass).
    void this.limiter.schedule({ priority: 0 }, () => this.clock.sleep(holdMs, "writes held for a secondary rate limit"));
    const floor = Math.min(
      this.configuredPerMinute,
      Math.max(SLOWEST_WRITES_PER_MINUTE, Math.ceil(this.configuredPerMinute / SLOWEST_FRACTION)),
    );
    const slower = Math.max(floor, Math.floor(this.rate / 2));
    if (slower === this.rate) return undefined;
    this.rate = slower;
    return slower;
  }

  /** Waits for this write's turn: writes start at least 60 / rate seconds apart. */
  private async turn(): Promise<void> {
    const now = this.clock.now();
    const start = Math.max(now, this.nextStartMs);
    this.nextStartMs = start + Math.ceil(60_000 / this.rate);
    if (start > now) await this.clock.sleep(start - now, `write spacing (${this.rate} a minute)`);
  }
}
