import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import Bottleneck from "bottleneck";
import type { GitHubSettings } from "./github-settings";
import {
  rateLimitHeadersOf,
  waitLine,
  isoSeconds,
  type RateLimitFailure,
  type RateLimitHeaders,
  type RateLimitKind,
} from "./rate-limit-wait";

/** How often a rate-limited request is retried after waiting as GitHub asks. */
const RATE_LIMIT_RETRIES = 4;

/** How long the client waits: between retries, through rate limits and between writes. */
export interface GitHubClientTimings {
  /** Milliseconds per unit of a retry's back-off: a 5xx or a network failure is retried after 1, 4 and 9 units. */
  retryBackoffUnitMs: number;
  /** Milliseconds waited per second a rate limit asks to wait (retry-after, or until the reset). */
  rateLimitWaitUnitMs: number;
  /** The least time between two writes (DELETE, POST) of one process, as GitHub advises. */
  writeSpacingMs: number;
}

/** The plugins' own defaults (plugin-retry, plugin-throttling and its write group). */
export const DEFAULT_CLIENT_TIMINGS: Readonly<GitHubClientTimings> = Object.freeze({
  retryBackoffUnitMs: 1000,
  rateLimitWaitUnitMs: 1000,
  writeSpacingMs: 1000,
});

let timings: Readonly<GitHubClientTimings> = DEFAULT_CLIENT_TIMINGS;
/** The write group the throttling plugin spaces writes with: one per process, as the plugin's own, made at the first client. */
let writeGroup: Bottleneck.Group | undefined;

function sharedWriteGroup(): Bottleneck.Group {
  // As the plugin's own write group: one write at a time, `minTime` apart, idle limiters dropped after 2 min.
  writeGroup ??= new Bottleneck.Group({ id: "octokit-write", maxConcurrent: 1, minTime: timings.writeSpacingMs, timeout: 120_000 });
  return writeGroup;
}

/**
 * For tests only: shorter waits, so that a suite does not sleep through real back-offs. The
 * requests made stay the same; only the time between them changes. Clients made before are dropped.
 */
export function setGitHubClientTimings(next: Partial<GitHubClientTimings>): void {
  const spacingBefore = timings.writeSpacingMs;
  timings = Object.freeze({ ...DEFAULT_CLIENT_TIMINGS, ...next });
  if (timings.writeSpacingMs !== spacingBefore) writeGroup = undefined;
  clients.clear();
}

/**
 * Per request (keyed by its `request` options object, which Octokit passes unchanged to every
 * plugin's hooks): the rate-limit headers of its last limited answer, and why it was finally not
 * retried. The outermost plugin then files that reason under the error the call fails with.
 */
const lastLimitedHeaders = new WeakMap<object, RateLimitHeaders>();
const rateLimitFailures = new WeakMap<object, RateLimitFailure>();
const rateLimitFailuresByError = new WeakMap<object, RateLimitFailure>();

interface RequestOptions {
  method?: string;
  url?: string;
  request?: object;
  [parameter: string]: unknown;
}

/** The rate limit a failed call gave up on, if it was one the throttling plugin saw. */
export function rateLimitFailureOf(error: unknown): RateLimitFailure | undefined {
  return typeof error === "object" && error !== null ? rateLimitFailuresByError.get(error) : undefined;
}

/** Innermost plugin: remembers the rate-limit headers of every limited answer for the throttler's callbacks. */
function limitedAnswerHeaders(octokit: Pick<Octokit, "hook">): void {
  octokit.hook.error("request", (error: unknown, options: RequestOptions) => {
    const response = (error as { status?: number; response?: { headers?: Record<string, unknown> } }).response;
    const status = (error as { status?: number }).status;
    if ((status === 403 || status === 429) && options.request !== undefined) {
      lastLimitedHeaders.set(options.request, rateLimitHeadersOf(response?.headers));
    }
    throw error;
  });
}

/** Outermost plugin: the error a call finally fails with carries why the throttler gave up on it. */
function rateLimitFailureOfCall(octokit: Pick<Octokit, "hook">): void {
  octokit.hook.error("request", (error: unknown, options: RequestOptions) => {
    const failure = options.request !== undefined ? rateLimitFailures.get(options.request) : undefined;
    if (failure !== undefined && typeof error === "object" && error !== null) rateLimitFailuresByError.set(error, failure);
    throw error;
  });
}

// Plugins listed later wrap those before them: the first sees every answer, the last the final error.
const GitHubClientClass = Octokit.plugin(limitedAnswerHeaders, retry, throttling, rateLimitFailureOfCall);
export type GitHubClient = InstanceType<typeof GitHubClientClass>;

/** "GET /orgs/acme/packages/container/api/versions/1001", the request as sent (no query, no host). */
function requestLabel(octokit: unknown, options: RequestOptions): string {
  try {
    const parsed = (octokit as GitHubClient).request.endpoint.parse(options as Parameters<GitHubClient["request"]["endpoint"]["parse"]>[0]);
    return `${parsed.method} ${new URL(parsed.url).pathname}`;
  } catch {
    return `${options.method ?? "?"} ${options.url ?? "?"}`;
  }
}

/**
 * The throttling plugin's callbacks for one client: wait (and say so once per wait, not once per
 * waiting request) when the wait is at most `maxWaitSeconds`, else give up, recording why.
 */
function rateLimitCallbacks(maxWaitSeconds: number, waitUnitMs: number) {
  // When each kind's announced wait ends, on the clock the client waits by.
  const announcedUntil: Record<RateLimitKind, number> = { primary: 0, secondary: 0 };
  return (kind: RateLimitKind) =>
    (retryAfter: number, options: RequestOptions, octokit: unknown, retryCount: number): boolean => {
      const headers = options.request !== undefined ? (lastLimitedHeaders.get(options.request) ?? {}) : {};
      const now = Date.now();
      const until = now + retryAfter * 1000;
      const tooLong = retryAfter > maxWaitSeconds;
      if (tooLong || retryCount >= RATE_LIMIT_RETRIES) {
        if (options.request !== undefined) {
          rateLimitFailures.set(options.request, {
            ...headers,
            kind,
            retryAt: isoSeconds(until),
            waits: retryCount,
            gaveUp: tooLong ? "wait-too-long" : "retries-exhausted",
            maxWaitSeconds,
          });
        }
        return false;
      }
      // Requests limited together wait together: one line for the wait, not one per request.
      const waitEnds = now + retryAfter * waitUnitMs;
      if (waitEnds > announcedUntil[kind] + waitUnitMs) {
        announcedUntil[kind] = waitEnds;
        console.warn(waitLine(kind, headers, retryAfter, requestLabel(octokit, options), now));
      }
      return true;
    };
}

const clients = new Map<string, GitHubClient>();

/**
 * One Octokit per base URL, token and longest wait, kept for the life of the provider process
 * (one deployment). Rate limits are waited out as GitHub documents (retry-after, then the reset
 * time) by the throttling plugin, up to `maxRateLimitWaitSeconds`; 5xx and network failures are
 * retried by the retry plugin.
 */
export function gitHubClient(settings: GitHubSettings): GitHubClient {
  const key = `${settings.baseUrl}\n${settings.maxRateLimitWaitSeconds}\n${settings.token}`;
  let client = clients.get(key);
  if (client === undefined) {
    const onLimit = rateLimitCallbacks(settings.maxRateLimitWaitSeconds, timings.rateLimitWaitUnitMs);
    client = new GitHubClientClass({
      auth: settings.token,
      baseUrl: settings.baseUrl,
      userAgent: "pulumi-github-package-versions",
      // Failed requests surface as PackageVersionErrors; Octokit's own request log would only
      // repeat them (and expected 404s) on the console.
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      retry: { retryAfterBaseValue: timings.retryBackoffUnitMs },
      throttle: {
        onRateLimit: onLimit("primary"),
        onSecondaryRateLimit: onLimit("secondary"),
        retryAfterBaseValue: timings.rateLimitWaitUnitMs,
        write: sharedWriteGroup(),
      },
    });
    clients.set(key, client);
  }
  return client;
}
