import Bottleneck from "bottleneck";

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
  /** Given to the throttling plugin as `throttle.write`. */
  readonly group = new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
  private rate: number;
  private heldUntil = 0;

  constructor(
    readonly configuredPerMinute: number,
    /** Milliseconds per second of spacing and hold: 1000, or less in tests (setGitHubClientTimings). */
    private readonly unitMs = 1000,
  ) {
    this.rate = configuredPerMinute;
    this.limiter().updateSettings({ minTime: this.intervalMs(this.rate) });
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
  secondaryLimited(retryAfterSeconds: number, now = Date.now()): number | undefined {
    const until = now + retryAfterSeconds * this.unitMs;
    if (until <= this.heldUntil + this.unitMs) return undefined; // refused together with a write already held for
    const holdMs = until - Math.max(now, this.heldUntil);
    this.heldUntil = until;
    // Priority 0 goes before queued writes; the slot it takes keeps them waiting (retried writes weigh nothing and pass).
    void this.limiter().schedule({ priority: 0 }, () => new Promise<void>((resolve) => setTimeout(resolve, holdMs)));
    const floor = Math.min(
      this.configuredPerMinute,
      Math.max(SLOWEST_WRITES_PER_MINUTE, Math.ceil(this.configuredPerMinute / SLOWEST_FRACTION)),
    );
    const slower = Math.max(floor, Math.floor(this.rate / 2));
    if (slower === this.rate) return undefined;
    this.rate = slower;
    this.limiter().updateSettings({ minTime: this.intervalMs(slower) });
    return slower;
  }

  private intervalMs(perMinute: number): number {
    return Math.ceil((60 * this.unitMs) / perMinute);
  }

  private limiter(): Bottleneck {
    return this.group.key(THROTTLE_ID);
  }
}
