import { setTimeout as delay } from "node:timers/promises";
import { formatWait, isoSeconds, rateLimitHeadersOf } from "./rate-limit-wait";

/** Requests refused together wait together: one line per wait, shared by the budget and the throttler's callbacks. */
export interface WaitAnnouncements {
  /** Whether a wait until `until` (ms) is news (ends more than `slackMs` after the last one told), and so worth a line; records it. */
  isNew(kind: "primary" | "secondary", until: number, slackMs?: number): boolean;
}

export function waitAnnouncements(): WaitAnnouncements {
  const announcedUntil = { primary: 0, secondary: 0 };
  return {
    isNew(kind, until, slackMs = 1000) {
      if (until <= announcedUntil[kind] + slackMs) return false;
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
  private answered: (() => void)[] = [];

  constructor(
    private readonly maxWaitSeconds: number,
    private readonly announcements: WaitAnnouncements,
    private readonly say: (line: string) => void = (line) => console.warn(line),
  ) {}

  /** Waits, if the budget is spent and resets soon enough, then counts the request as started. */
  async beforeRequest(label: string): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (this.remaining === undefined || this.remaining > 0) break;
      if (this.resetAtMs === 0) {
        // The window reset and its first answers are on their way: they tell the new budget.
        if (this.inFlight === 0) break;
        await new Promise<void>((resolve) => this.answered.push(resolve));
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
      await delay(waitMs);
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
    const waiters = this.answered;
    this.answered = [];
    for (const resolve of waiters) resolve();
  }
}
