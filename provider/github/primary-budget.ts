import { formatWait, isoSeconds, rateLimitHeadersOf } from "../core/rate-limit-wait";
import { REAL_TIME, type WaitClock } from "../core/wait-clock";

/** Requests refused together wait together: one line per wait, shared by the budget and the throttler's callbacks. */
export interface WaitAnnouncements {
  /** Whether a wait until `until` (ms) is news (ends `slackMs` or more after the last one told), and so worth a line; records it. */
  isNew(kind: "primary" | "secondary", until: number, slackMs?: number): boolean;
}

export function waitAnnouncements(): WaitAnnouncements {
  const announcedUntil = { primary: 0, secondary: 0 };
  return {
    isNew(kind, until, slackMs = 1000) {
      // Strictly within: a wait asked for exactly as the last one ends (no time between the answer and the retry) is a new wait.
      if (until < announcedUntil[kind] + slackMs) return false;
      announcedUntil[kind] = until;
      return true;
    },
  };
}

/**
 * The primary budget of one client (a token's requests an hour), as GitHub's answers report it
 * (x-ratelimit-remaining, -reset). A request that would find it spent waits for the reset, when
 * that is at most `maxWaitSeconds` away, with one line of progress, instead of being refused:
 * a run longer than the hour's budget finishes. A reset further away is not waited for: the
 * request goes, GitHub refuses it, and the error says when the budget resets.
 */
export class PrimaryBudget {
  private remaining: number | undefined;
  private limit: number | undefined;
  /** When the budget's window resets (ms); 0 while a new window has not answered yet. */
  private resetAtMs = 0;
  private inFlight = 0;
  private made = 0;
  private waiting = 0;
  private answeredWaiters: (() => void)[] = [];
  /** What GitHub's answers of the newest window said, without the requests counted locally. */
  private lastAnswered: AnsweredBudget | undefined;

  constructor(
    private readonly maxWaitSeconds: number,
    private readonly announcements: WaitAnnouncements,
    private readonly say: (line: string) => void = (line) => console.warn(line),
    /** The time the budget's reset is compared to and waited for (real time but in tests). */
    private readonly clock: WaitClock = REAL_TIME,
  ) {}

  /** Waits, if the budget is spent and resets soon enough, then counts the request as started. */
  async beforeRequest(label: string): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (this.remaining === undefined || this.remaining > 0) break;
      if (this.resetAtMs === 0) {
        // The window reset and its first answers are on their way: they tell the new budget.
        if (this.inFlight === 0) break;
        await new Promise<void>((resolve) => this.answeredWaiters.push(resolve));
        continue;
      }
      if (now >= this.resetAtMs) {
        // A new window, as large as the last one; its first answer tells when it resets.
        this.remaining = this.limit;
        this.resetAtMs = 0;
        continue;
      }
      const waitMs = this.resetAtMs - now + 1000; // retry after the reset, as GitHub documents
      if (waitMs > this.maxWaitSeconds * 1000) break;
      if (this.announcements.isNew("primary", this.resetAtMs + 1000)) {
        this.say(
          `GitHub primary rate limit reached (0 of ${this.limit ?? "?"} left); waiting until ${isoSeconds(this.resetAtMs + 1000)} ` +
            `(${formatWait(waitMs / 1000)}) before ${label}; ${this.made} requests made so far, ${this.waiting + 1} waiting`,
        );
      }
      this.waiting++;
      await this.clock.sleep(waitMs, `primary rate limit before ${label}`);
      this.waiting--;
    }
    if (this.remaining !== undefined) this.remaining--;
    this.inFlight++;
    this.made++;
  }

  /** An answer (or a failure without one) to a request counted by beforeRequest. */
  afterRequest(headers: Record<string, unknown> | undefined): void {
    this.inFlight--;
    const { remaining, limit, resetsAt } = rateLimitHeadersOf(headers);
    const resetMs = resetsAt !== undefined ? Date.parse(resetsAt) : undefined;
    if (remaining !== undefined && resetMs !== undefined) {
      if (limit !== undefined) this.limit = limit;
      if (this.resetAtMs !== 0 && resetMs > this.resetAtMs) {
        // A window this budget did not wait for: the answer's count is the fresh one.
        this.resetAtMs = resetMs;
        this.remaining = remaining;
      } else if (this.resetAtMs === 0 || resetMs === this.resetAtMs) {
        // This window: requests started but not answered yet are counted locally, the answered ones by GitHub.
        this.resetAtMs = resetMs;
        this.remaining = Math.min(this.remaining ?? remaining, remaining);
      }
    }
    const waiters = this.answeredWaiters;
    this.answeredWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /**
   * A call's final answer (or its failure's): keeps the lowest remaining GitHub answered in the
   * newest window (answers may arrive out of order). Called by the client's outermost hooks, when
   * the call returns to its caller, not at each attempt: a reserve's claim is released when its
   * call returns, so an answer counted here earlier would be counted twice, as answered and as claimed.
   */
  observeAnswer(headers: Record<string, unknown> | undefined): void {
    const { remaining, limit, resetsAt } = rateLimitHeadersOf(headers);
    const resetAtMs = resetsAt !== undefined ? Date.parse(resetsAt) : undefined;
    if (remaining === undefined || resetAtMs === undefined || Number.isNaN(resetAtMs)) return;
    const known = this.lastAnswered;
    if (known === undefined || resetAtMs > known.resetAtMs) this.lastAnswered = { remaining, limit, resetAtMs };
    else if (resetAtMs === known.resetAtMs)
      this.lastAnswered = { remaining: Math.min(known.remaining, remaining), limit: limit ?? known.limit, resetAtMs };
  }

  /**
   * The budget as GitHub's answers told it (x-ratelimit-limit, -remaining, -reset), unless their
   * window has reset since (then nothing is known): what plans, the reserve and messages show.
   */
  known(now = this.clock.now()): AnsweredBudget | undefined {
    return this.lastAnswered !== undefined && now < this.lastAnswered.resetAtMs ? this.lastAnswered : undefined;
  }
}

/** The primary budget as GitHub's last answers in the current window told it. */
export interface AnsweredBudget {
  /** The lowest x-ratelimit-remaining answered in the window. */
  remaining: number;
  limit: number | undefined;
  /** When the window resets (ms). */
  resetAtMs: number;
}

/**
 * How many of a retention plan's writes are under way and not answered yet, for writes that stop
 * while a reserve of the primary budget is left (`github:rateLimitReserve`): one per client,
 * shared by every PackagePlanWrites of the process. What remains is the client's PrimaryBudget's
 * (GitHub's answers); the reserve keeps only its claims.
 */
export class BudgetReserve {
  private claimed = 0;
  private released: (() => void)[] = [];

  private constructor(private readonly budget: Pick<PrimaryBudget, "known">) {}

  /** The reserve of the client whose requests `budget` counts. */
  static of(budget: PrimaryBudget): BudgetReserve {
    let reserve = reserves.get(budget);
    if (reserve === undefined) {
      reserve = new BudgetReserve(budget);
      reserves.set(budget, reserve);
    }
    return reserve;
  }

  /** The budget the last answers told, unless their window has reset since (then nothing is known). */
  known(now?: number): AnsweredBudget | undefined {
    return this.budget.known(now);
  }

  /**
   * Claims one write when the budget allows it: the remaining requests the answers told, less the
   * writes claimed and not answered yet, must stay above `reserve`; false when they do not (send
   * no more). While no answer of the current window is known, one write goes at a time, so that
   * its answer tells the budget. A reserve of 0 claims every write (a spent budget is then waited
   * out, or refused, as before). Call `release` once the claimed write is answered.
   */
  async claim(reserve: number): Promise<boolean> {
    for (;;) {
      if (reserve === 0) break;
      const known = this.known();
      if (known !== undefined) {
        if (known.remaining - this.claimed <= reserve) return false;
        break;
      }
      if (this.claimed === 0) break;
      await new Promise<void>((resolve) => this.released.push(resolve));
    }
    this.claimed++;
    return true;
  }

  /** A claimed write was answered (or failed). */
  release(): void {
    this.claimed--;
    const waiters = this.released;
    this.released = [];
    for (const resolve of waiters) resolve();
  }
}

const reserves = new WeakMap<object, BudgetReserve>();
