/**
 * GitHub's primary and secondary rate limits, configurable and scalable in time. Windows run on the
 * real wall clock unless the emulator is given another time source (tests give the fake clock their client waits on).
 */
import { AdminRequestError } from "./admin-request-error";

export interface RateLimitSettings {
  /** Primary budget per token per window (GitHub: 5,000 an hour): classic, fine-grained and App tokens. */
  primaryLimit: number;
  /**
   * Primary budget of a workflow's GITHUB_TOKEN (actions tokens), per repository per window, shared
   * by every actions token of the repository (GitHub: 1,000 an hour; 15,000 on Enterprise Cloud).
   */
  actionsPrimaryLimit: number;
  /** Primary budget for requests without a valid token (GitHub: 60 an hour). */
  unauthenticatedLimit: number;
  primaryWindowMs: number;
  /** Status when the primary budget is exhausted: 403 (default) or 429. */
  primaryStatus: 403 | 429;
  /** Secondary: concurrent requests per token. */
  maxConcurrent: number;
  /** Secondary: points per endpoint per minute window (GET and HEAD cost `getPoints`, other methods `mutatingPoints`). */
  pointsPerEndpoint: number;
  getPoints: number;
  mutatingPoints: number;
  /** Secondary: content-changing requests per minute window and per hour window. */
  contentChangingPerMinute: number;
  contentChangingPerHour: number;
  /**
   * Whether DELETE and restore requests count toward the content-changing limits. Off by default:
   * GitHub does not say that deleting or restoring a package version creates content, and tools
   * that delete thousands of versions an hour are not held to 500 (github-packages-api.md).
   */
  deleteRestoreCountAsContent: boolean;
  minuteWindowMs: number;
  hourWindowMs: number;
  /** Status for secondary limits: 403 (default) or 429. */
  secondaryStatus: 403 | 429;
}

export const DEFAULT_RATE_LIMITS: Readonly<RateLimitSettings> = Object.freeze({
  primaryLimit: 5000,
  actionsPrimaryLimit: 1000,
  unauthenticatedLimit: 60,
  primaryWindowMs: 3_600_000,
  primaryStatus: 403,
  maxConcurrent: 100,
  pointsPerEndpoint: 900,
  getPoints: 1,
  mutatingPoints: 5,
  contentChangingPerMinute: 80,
  contentChangingPerHour: 500,
  deleteRestoreCountAsContent: false,
  minuteWindowMs: 60_000,
  hourWindowMs: 3_600_000,
  secondaryStatus: 403,
});

/** Validates a partial settings object (from code, the admin API or the CLI); throws AdminRequestError showing the correct usage. */
export function mergeRateLimitSettings(base: RateLimitSettings, partial: unknown): RateLimitSettings {
  if (typeof partial !== "object" || partial === null || Array.isArray(partial)) {
    throw new AdminRequestError(`rate limits must be an object such as {"primaryLimit": 10, "minuteWindowMs": 1000}`);
  }
  const merged: RateLimitSettings = { ...base };
  for (const [key, value] of Object.entries(partial)) {
    if (!(key in DEFAULT_RATE_LIMITS)) {
      throw new AdminRequestError(`rate limits: unknown setting "${key}" (known: ${Object.keys(DEFAULT_RATE_LIMITS).join(", ")})`);
    }
    const k = key as keyof RateLimitSettings;
    if (k === "primaryStatus" || k === "secondaryStatus") {
      if (value !== 403 && value !== 429) throw new AdminRequestError(`rate limits: ${k} must be 403 or 429`);
      merged[k] = value;
    } else if (k === "deleteRestoreCountAsContent") {
      if (typeof value !== "boolean") throw new AdminRequestError(`rate limits: ${k} must be true or false`);
      merged[k] = value;
    } else {
      if (typeof value !== "number" || !Number.isSafeInteger(value) || value < (k === "getPoints" ? 0 : 1)) {
        throw new AdminRequestError(`rate limits: ${k} must be a positive integer`);
      }
      merged[k] = value;
    }
  }
  return merged;
}

interface Window {
  start: number;
  used: number;
}

export interface PrimaryResult {
  readonly exhausted: boolean;
  readonly headers: Record<string, string>;
}

export class RateLimiter {
  private settingsValue: RateLimitSettings;
  private readonly primaryWindows = new Map<string, Window>();
  private readonly pointWindows = new Map<string, Window>();
  private readonly minuteWindows = new Map<string, Window>();
  private readonly hourWindows = new Map<string, Window>();
  private readonly inFlight = new Map<string, number>();

  constructor(
    settings: Partial<RateLimitSettings> = {},
    /** Milliseconds since the epoch that windows are measured in. */
    private readonly nowMs: () => number = Date.now,
  ) {
    this.settingsValue = mergeRateLimitSettings({ ...DEFAULT_RATE_LIMITS }, settings);
  }

  get settings(): Readonly<RateLimitSettings> {
    return this.settingsValue;
  }

  configure(partial: unknown): RateLimitSettings {
    this.settingsValue = mergeRateLimitSettings(this.settingsValue, partial);
    return { ...this.settingsValue };
  }

  /** Forgets all counters (not the settings). */
  resetCounters(): void {
    this.primaryWindows.clear();
    this.pointWindows.clear();
    this.minuteWindows.clear();
    this.hourWindows.clear();
  }

  /**
   * Counts one request against the bucket's primary budget and returns the x-ratelimit-* headers:
   * `token` for a token's (a classic, fine-grained or App token), `actions` for a workflow's
   * GITHUB_TOKEN (the bucket is its repository's), `anonymous` for a request without a valid token.
   */
  primary(bucket: string, budget: "token" | "actions" | "anonymous"): PrimaryResult {
    const now = this.nowMs();
    const s = this.settingsValue;
    const limit = budget === "token" ? s.primaryLimit : budget === "actions" ? s.actionsPrimaryLimit : s.unauthenticatedLimit;
    const w = current(this.primaryWindows, bucket, now, this.settingsValue.primaryWindowMs);
    const exhausted = w.used >= limit;
    if (!exhausted) w.used++;
    return {
      exhausted,
      headers: {
        "x-ratelimit-limit": String(limit),
        "x-ratelimit-remaining": String(Math.max(0, limit - w.used)),
        "x-ratelimit-used": String(w.used),
        "x-ratelimit-reset": String(Math.ceil((w.start + this.settingsValue.primaryWindowMs) / 1000)),
        "x-ratelimit-resource": "core",
      },
    };
  }

  /** Marks a request in flight; returns retry-after seconds when the concurrency limit is hit (the slot is then not held). */
  acquire(bucket: string): number | undefined {
    const n = (this.inFlight.get(bucket) ?? 0) + 1;
    if (n > this.settingsValue.maxConcurrent) return Math.max(1, Math.ceil(this.settingsValue.minuteWindowMs / 1000));
    this.inFlight.set(bucket, n);
    return undefined;
  }

  release(bucket: string): void {
    const n = (this.inFlight.get(bucket) ?? 1) - 1;
    if (n <= 0) this.inFlight.delete(bucket);
    else this.inFlight.set(bucket, n);
  }

  /** Point and content-creation limits; returns retry-after seconds when a limit is hit (nothing is counted then). */
  secondary(bucket: string, method: string, endpoint: string): number | undefined {
    const s = this.settingsValue;
    const now = this.nowMs();
    const mutating = method !== "GET" && method !== "HEAD";
    const cost = mutating ? s.mutatingPoints : s.getPoints;
    const points = current(this.pointWindows, `${bucket} ${endpoint}`, now, s.minuteWindowMs);
    if (points.used + cost > s.pointsPerEndpoint) return retryAfter(points, s.minuteWindowMs, now);
    // The emulator's only writes are deletions and restores (of versions and packages).
    if (mutating && s.deleteRestoreCountAsContent) {
      const minute = current(this.minuteWindows, bucket, now, s.minuteWindowMs);
      if (minute.used + 1 > s.contentChangingPerMinute) return retryAfter(minute, s.minuteWindowMs, now);
      const hour = current(this.hourWindows, bucket, now, s.hourWindowMs);
      if (hour.used + 1 > s.contentChangingPerHour) return retryAfter(hour, s.hourWindowMs, now);
      minute.used++;
      hour.used++;
    }
    points.used += cost;
    return undefined;
  }
}

function current(windows: Map<string, Window>, key: string, now: number, windowMs: number): Window {
  let w = windows.get(key);
  if (w === undefined || now >= w.start + windowMs) {
    w = { start: now, used: 0 };
    windows.set(key, w);
  }
  return w;
}

function retryAfter(w: Window, windowMs: number, now: number): number {
  return Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
}
