/**
 * Rate-limit waits: what the throttling plugin decided for each request (waited, or did not
 * and why), the one console line a wait prints, and how a limit that was not waited out is told.
 */

export type RateLimitKind = "primary" | "secondary";

/** What GitHub's rate-limit headers said on a limited answer. */
export interface RateLimitHeaders {
  /** x-ratelimit-limit */
  limit?: number;
  /** x-ratelimit-remaining */
  remaining?: number;
  /** x-ratelimit-reset, as an ISO date-time */
  resetsAt?: string;
}

/** Why a rate-limited request was not retried. */
export type RateLimitGiveUp = "wait-too-long" | "retries-exhausted";

/** The rate limit a request finally failed on, and what the provider did about it. */
export interface RateLimitFailure extends RateLimitHeaders {
  kind: RateLimitKind;
  /** When a retry would have been allowed (the reset, or retry-after), as an ISO date-time. */
  retryAt: string;
  /** How many times this request waited and was retried before it gave up. */
  waits: number;
  gaveUp: RateLimitGiveUp;
  /** The longest wait allowed (`github:maxRateLimitWait`). */
  maxWaitSeconds: number;
}

/** Whole seconds, without milliseconds: 2026-12-01T22:00:00Z. */
export function isoSeconds(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** "45 s", "12 min", "2 h 5 min": a wait as a person reads it (seconds rounded up, minutes to the nearest). */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 90) return `${s} s`;
  const minutes = Math.round(s / 60);
  return minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The rate-limit headers of a limited answer (header names lowercase, as Octokit gives them). */
export function rateLimitHeadersOf(headers: Record<string, unknown> | undefined): RateLimitHeaders {
  const num = (name: string): number | undefined => {
    const value = Number(headers?.[name]);
    return headers?.[name] !== undefined && Number.isFinite(value) ? value : undefined;
  };
  const limit = num("x-ratelimit-limit");
  const remaining = num("x-ratelimit-remaining");
  const reset = num("x-ratelimit-reset");
  return {
    ...(limit !== undefined ? { limit } : {}),
    ...(remaining !== undefined ? { remaining } : {}),
    ...(reset !== undefined ? { resetsAt: isoSeconds(reset * 1000) } : {}),
  };
}

/** "GitHub primary rate limit reached (0 of 5000 left); waiting until 2026-12-01T22:00:00Z (12 min) before GET /orgs/...". */
export function waitLine(
  kind: RateLimitKind,
  headers: RateLimitHeaders,
  retryAfterSeconds: number,
  request: string,
  now = Date.now(),
): string {
  const left = kind === "primary" && headers.limit !== undefined ? ` (${headers.remaining ?? 0} of ${headers.limit} left)` : "";
  const asked = kind === "secondary" ? ` (GitHub asked to wait ${retryAfterSeconds} s)` : "";
  const until = isoSeconds(now + retryAfterSeconds * 1000);
  return `GitHub ${kind} rate limit reached${left}${asked}; waiting until ${until} (${formatWait(retryAfterSeconds)}) before ${request}`;
}

/**
 * One sentence or two on a limit that was not waited out: when it resets, in how long, whether
 * the provider waited, and what to do. It never claims a wait that did not happen.
 */
export function rateLimitAdvice(failure: RateLimitFailure | undefined, headers: RateLimitHeaders, now = Date.now()): string {
  const spread = "or spread the change over several runs";
  if (failure === undefined) {
    const resets =
      headers.resetsAt !== undefined
        ? ` It resets at ${headers.resetsAt} (in ${formatWait((Date.parse(headers.resetsAt) - now) / 1000)}).`
        : "";
    return `GitHub refused the request for its rate limit.${resets} Run again later, ${spread}.`;
  }
  const inHowLong = formatWait((Date.parse(failure.retryAt) - now) / 1000);
  const limit =
    failure.kind === "primary"
      ? `GitHub's primary rate limit${failure.limit !== undefined ? ` (${failure.limit} requests per window for this token)` : ""} resets at ${failure.retryAt}, in ${inHowLong}`
      : `GitHub's secondary rate limit asks to wait until ${failure.retryAt}, ${inHowLong} from now`;
  const maxWait = `${formatWait(failure.maxWaitSeconds)} (github:maxRateLimitWait = ${failure.maxWaitSeconds})`;
  if (failure.gaveUp === "wait-too-long") {
    const waitedBefore = failure.waits > 0 ? ` It had waited ${failure.waits} time${failure.waits === 1 ? "" : "s"} before.` : "";
    const needed = Math.ceil((Date.parse(failure.retryAt) - now) / 1000) + 60;
    return (
      `${limit}: longer than the longest wait, ${maxWait}, so the provider did not wait.${waitedBefore} ` +
      `Run again after ${failure.retryAt}, set github:maxRateLimitWait (or GITHUB_MAX_RATE_LIMIT_WAIT) to ${needed} seconds or more to wait it out, ${spread}.`
    );
  }
  return `The limit still held after waiting and retrying ${failure.waits} times; ${limit}. Run again after ${failure.retryAt}, ${spread}.`;
}
