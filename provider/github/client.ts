import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import type { GitHubSettings } from "../core/settings";
import type { TokenIdentity } from "../core/token-kind";
import { scopesOfHeader } from "./oauth-scopes";
import { PrimaryBudget, waitAnnouncements, type WaitAnnouncements } from "./primary-budget";
import { THROTTLE_ID, WritePacing } from "./write-pacing";
import { beforeWrite, type RefusedWrite } from "../core/engine-liveness";
import type { PackageOwner } from "../core/package-version-types";
import type { PackageType } from "../core/package-types";
import {
  rateLimitHeadersOf,
  waitLine,
  isoSeconds,
  type RateLimitFailure,
  type RateLimitHeaders,
  type RateLimitKind,
} from "../core/rate-limit-wait";
import { REAL_TIME, type WaitClock } from "../core/wait-clock";

/** How often a rate-limited request is retried after waiting as GitHub asks. */
const RATE_LIMIT_RETRIES = 4;

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

let clock: WaitClock = REAL_TIME;

/**
 * For tests only: the clock every client made from now on reads the time by and waits on (rate
 * limits, write pacing, retry back-offs), such as one that advances at once and records each wait.
 * The requests made stay the same; only the time between them changes. Clients made before are
 * dropped. Production never calls it: clients wait in real time.
 */
export function setGitHubClientClock(next: WaitClock): void {
  clock = next;
  clients.clear();
}

/** The clock clients wait on: real time but in tests (setGitHubClientClock). */
export function gitHubClientClock(): WaitClock {
  return clock;
}

/** plugin-retry's settings, given to the plugin and read by retryBackoff: which failures it retries, and how often. */
const RETRY = Object.freeze({ retries: 3, doNotRetry: [400, 401, 403, 404, 410, 422, 451] });

/** Per call through plugin-retry (keyed by its `request` options object): the attempts it made so far. */
const retryAttempts = new WeakMap<object, number>();

/** Just outside plugin-retry: each call through it counts its attempts afresh, as the plugin does. */
function retryAttemptCount(octokit: Pick<Octokit, "hook">): void {
  octokit.hook.wrap("request", (request, requestOptions) => {
    const key = (requestOptions as RequestOptions).request;
    if (key !== undefined) retryAttempts.set(key, 0);
    return request(requestOptions);
  });
}

/**
 * Just inside plugin-retry: after a failure the plugin retries (a status of 400 or more not in
 * RETRY.doNotRetry, a network failure, while retries are left), waits the plugin's back-off, (n + 1)²
 * seconds after the n-th retry, on the client's clock. The plugin itself then retries at once
 * (retryAfterBaseValue 0): its timer would wait on real time.
 */
function retryBackoff(octokit: Pick<Octokit, "hook">, options: Record<string, unknown>): void {
  const waitClock = options["waitClock"] as WaitClock;
  octokit.hook.wrap("request", async (request, requestOptions) => {
    try {
      return await request(requestOptions);
    } catch (error) {
      const key = (requestOptions as RequestOptions).request as { retryCount?: number } | undefined;
      const status = (error as { status?: unknown }).status;
      const attempt = key !== undefined ? (retryAttempts.get(key) ?? 0) : RETRY.retries;
      if (key !== undefined) retryAttempts.set(key, attempt + 1);
      const retried = typeof status === "number" && status >= 400 && !RETRY.doNotRetry.includes(status) && attempt < RETRY.retries;
      if (retried && (error as { request?: { request?: unknown } }).request?.request !== undefined) {
        const seconds = ((key?.retryCount ?? 0) + 1) ** 2;
        await waitClock.sleep(
          seconds * 1000,
          `retry back-off after ${status} of ${requestLabel(octokit, requestOptions as RequestOptions)}`,
        );
      }
      throw error;
    }
  });
}

/**
 * Innermost of all: every request sent (a retried one too) waits first while the primary budget
 * is spent and resets soon enough (see provider/github/primary-budget.ts), and every answer updates the budget.
 */
function primaryBudgetGate(octokit: Pick<Octokit, "hook">, options: Record<string, unknown>): void {
  const budget = options["primaryBudget"];
  if (!(budget instanceof PrimaryBudget)) return;
  octokit.hook.wrap("request", async (request, requestOptions) => {
    await budget.beforeRequest(requestLabel(octokit, requestOptions as RequestOptions));
    try {
      const response = await request(requestOptions);
      budget.afterRequest(response.headers as Record<string, unknown>);
      return response;
    } catch (error) {
      budget.afterRequest((error as { response?: { headers?: Record<string, unknown> } }).response?.headers);
      throw error;
    }
  });
}

/** The version a write request (DELETE, or POST .../restore) is about, from its route parameters. */
function writeOf(options: RequestOptions): RefusedWrite {
  const text = (key: string): string | undefined => (typeof options[key] === "string" ? (options[key] as string) : undefined);
  const org = text("org");
  const owner: PackageOwner = org !== undefined ? { org } : { user: text("username") ?? "?" };
  return {
    action: options.method === "DELETE" ? "delete" : "restore",
    coordinates: { ...owner, packageType: (text("package_type") ?? "?") as PackageType, packageName: text("package_name") ?? "?" },
    versionId: (options["package_version_id"] as number | string | undefined) ?? "?",
  };
}

/**
 * Innermost of all, right before a request leaves (after write pacing, rate-limit waits and the
 * primary budget, and before every retry): a write is sent only while the Pulumi engine that
 * started this provider process is there (see provider/core/engine-liveness.ts).
 */
function engineAliveBeforeWrites(octokit: Pick<Octokit, "hook">): void {
  octokit.hook.wrap("request", async (request, requestOptions) => {
    const options = requestOptions as RequestOptions;
    if (options.method !== undefined && options.method !== "GET" && options.method !== "HEAD") await beforeWrite(writeOf(options));
    return request(requestOptions);
  });
}

const tokenIdentitiesByError = new WeakMap<object, TokenIdentity>();

/** The kind of token a failed call was made with (never the token), when a client of this module made it. */
export function tokenIdentityOf(error: unknown): TokenIdentity | undefined {
  return typeof error === "object" && error !== null ? tokenIdentitiesByError.get(error) : undefined;
}

/** A client's token's scopes, as GitHub's latest answer reported them (X-OAuth-Scopes; classic tokens only). */
const reportedScopes = new WeakMap<object, string[]>();

/** The scopes GitHub reported for the client's token on its latest answer; undefined before any answer, or for a token GitHub reports none for. */
export function reportedScopesOf(client: GitHubClient): string[] | undefined {
  return reportedScopes.get(client);
}

/** Innermost: every answer's X-OAuth-Scopes, kept, so that a check of the token's scopes needs no request of its own. */
function scopesOfAnswers(octokit: Pick<Octokit, "hook">): void {
  const keep = (headers: Record<string, unknown> | undefined): void => {
    const scopes = scopesOfHeader(headers?.["x-oauth-scopes"]);
    if (scopes !== undefined) reportedScopes.set(octokit, scopes);
  };
  octokit.hook.wrap("request", async (request, requestOptions) => {
    try {
      const response = await request(requestOptions);
      keep(response.headers as Record<string, unknown>);
      return response;
    } catch (error) {
      keep((error as { response?: { headers?: Record<string, unknown> } }).response?.headers);
      throw error;
    }
  });
}

/** Outermost: the error a call finally fails with carries the kind of the client's token, so that its translation can name the real cause. */
function tokenIdentityOfCall(octokit: Pick<Octokit, "hook">, options: Record<string, unknown>): void {
  const identity = options["tokenIdentity"] as TokenIdentity | undefined;
  if (identity === undefined) return;
  octokit.hook.error("request", (error: unknown) => {
    if (typeof error === "object" && error !== null) tokenIdentitiesByError.set(error, identity);
    throw error;
  });
}

// Plugins listed later wrap those before them: the first sees every answer, the last the final error.
const GitHubClientClass = Octokit.plugin(
  engineAliveBeforeWrites,
  scopesOfAnswers,
  primaryBudgetGate,
  limitedAnswerHeaders,
  retryBackoff,
  retry,
  retryAttemptCount,
  throttling,
  rateLimitFailureOfCall,
  tokenIdentityOfCall,
);
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
 * Seconds to wait for a limited request: a secondary limit's retry-after as the throttling plugin
 * read it; for a primary limit, until one second after the reset, as the plugin reckons it but
 * on the client's clock (the plugin reads real time).
 */
function secondsToWait(kind: RateLimitKind, retryAfter: number, headers: RateLimitHeaders, now: number): number {
  if (kind !== "primary" || headers.resetsAt === undefined) return retryAfter;
  return Math.max(Math.ceil((Date.parse(headers.resetsAt) - now) / 1000) + 1, 0);
}

/**
 * The throttling plugin's callbacks for one client: wait on the client's clock (and say so once
 * per wait, not once per waiting request) when the wait is at most `maxWaitSeconds`, then let the
 * plugin retry at once (retryAfterBaseValue 0); else give up, recording why. A write refused for
 * a secondary limit also slows the client's writes down (see provider/github/write-pacing.ts).
 */
function rateLimitCallbacks(maxWaitSeconds: number, announcements: WaitAnnouncements, pacing: WritePacing, waitClock: WaitClock) {
  return (kind: RateLimitKind) =>
    async (pluginRetryAfter: number, options: RequestOptions, octokit: unknown, retryCount: number): Promise<boolean> => {
      const headers = options.request !== undefined ? (lastLimitedHeaders.get(options.request) ?? {}) : {};
      const now = waitClock.now();
      const retryAfter = secondsToWait(kind, pluginRetryAfter, headers, now);
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
      const label = requestLabel(octokit, options);
      // Requests limited together wait together: one line for the wait, not one per request.
      if (announcements.isNew(kind, until)) console.warn(waitLine(kind, headers, retryAfter, label, now));
      const isWrite = options.method !== undefined && options.method !== "GET" && options.method !== "HEAD";
      if (kind === "secondary" && isWrite) {
        const slower = pacing.secondaryLimited(retryAfter, now);
        if (slower !== undefined) {
          console.warn(
            `GitHub asked to slow down: writes continue at ${slower} a minute (github:writesPerMinute is ${pacing.configuredPerMinute})`,
          );
        }
      }
      await waitClock.sleep(retryAfter * 1000, `${kind} rate limit before ${label}`);
      return true;
    };
}

const clients = new Map<string, GitHubClient>();
const budgets = new WeakMap<GitHubClient, PrimaryBudget>();
const identities = new WeakMap<GitHubClient, TokenIdentity>();

/** The primary budget of a client of this module: what GitHub's x-ratelimit-* headers said of its token. */
export function primaryBudgetOf(client: GitHubClient): PrimaryBudget {
  const budget = budgets.get(client);
  if (budget === undefined) throw new Error("primaryBudgetOf: not a client made by gitHubClient()");
  return budget;
}

/** The kind of a client's token (see token-kind.ts). */
export function tokenIdentityOfClient(client: GitHubClient): TokenIdentity {
  const identity = identities.get(client);
  if (identity === undefined) throw new Error("tokenIdentityOfClient: not a client made by gitHubClient()");
  return identity;
}

/**
 * One Octokit per base URL, token (and its kind), longest wait and write rate, kept for the life of the provider
 * process (one deployment). Writes are paced at `writesPerMinute`, one at a time. Rate limits are
 * waited out as GitHub documents (retry-after, then the reset time) by the throttling plugin, up
 * to `maxRateLimitWaitSeconds`, and a spent primary budget is waited out before requests are
 * sent; 5xx and network failures are retried by the retry plugin.
 */
export function gitHubClient(settings: GitHubSettings): GitHubClient {
  // The token's kind is part of the key: the same ghs_ token is a workflow's inside GitHub Actions and an App's elsewhere.
  const key = `${settings.baseUrl}\n${settings.maxRateLimitWaitSeconds}\n${settings.writesPerMinute}\n${settings.tokenIdentity.kind}\n${settings.tokenIdentity.repository ?? ""}\n${settings.token}`;
  let client = clients.get(key);
  if (client === undefined) {
    const announcements = waitAnnouncements();
    const pacing = new WritePacing(settings.writesPerMinute, clock);
    const onLimit = rateLimitCallbacks(settings.maxRateLimitWaitSeconds, announcements, pacing, clock);
    const primaryBudget = new PrimaryBudget(settings.maxRateLimitWaitSeconds, announcements, undefined, clock);
    client = new GitHubClientClass({
      primaryBudget,
      tokenIdentity: settings.tokenIdentity,
      auth: settings.token,
      baseUrl: settings.baseUrl,
      userAgent: "pulumi-github-package-versions",
      // Failed requests surface as PackageVersionErrors; Octokit's own request log would only
      // repeat them (and expected 404s) on the console.
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      // The plugins decide whether to retry; the waits before retrying are waited on the clock
      // (retryBackoff, rateLimitCallbacks, WritePacing), so the plugins' own timers wait 0.
      waitClock: clock,
      retry: { ...RETRY, doNotRetry: [...RETRY.doNotRetry], retryAfterBaseValue: 0 },
      throttle: {
        id: THROTTLE_ID,
        write: pacing.group,
        onRateLimit: onLimit("primary"),
        onSecondaryRateLimit: onLimit("secondary"),
        retryAfterBaseValue: 0,
      },
    });
    // Registered last, so outermost: the budget's answered figure is taken when a call returns (see observeAnswer).
    client.hook.after("request", (response) => primaryBudget.observeAnswer(response.headers as Record<string, unknown>));
    client.hook.error("request", (error: unknown) => {
      primaryBudget.observeAnswer((error as { response?: { headers?: Record<string, unknown> } }).response?.headers);
      throw error;
    });
    budgets.set(client, primaryBudget);
    identities.set(client, settings.tokenIdentity);
    clients.set(key, client);
  }
  return client;
}
