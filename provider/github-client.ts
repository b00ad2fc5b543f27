import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import type { GitHubSettings } from "./github-settings";

const GitHubClientClass = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof GitHubClientClass>;

/** How often a rate-limited request is retried after waiting as GitHub asks. */
const RATE_LIMIT_RETRIES = 4;
/** Longer waits than this fail the step with a rate-limited error instead of blocking the run. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 600;

function shouldRetry(kind: string, retryAfter: number, options: { method?: string; url?: string }, retryCount: number): boolean {
  const retry = retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
  console.warn(`GitHub ${kind} rate limit reached for ${options.method} ${options.url}; ${retry ? `retrying in ${retryAfter}s` : "giving up"}`);
  return retry;
}

const clients = new Map<string, GitHubClient>();

/**
 * One Octokit per base URL and token, kept for the life of the provider process (one
 * deployment). Rate limits are waited out as GitHub documents (retry-after, then the reset
 * time) by the throttling plugin; 5xx and network failures are retried by the retry plugin.
 */
export function gitHubClient(settings: GitHubSettings): GitHubClient {
  const key = `${settings.baseUrl}\n${settings.token}`;
  let client = clients.get(key);
  if (client === undefined) {
    client = new GitHubClientClass({
      auth: settings.token,
      baseUrl: settings.baseUrl,
      userAgent: "pulumi-github-package-versions",
      // Failed requests surface as PackageVersionErrors; Octokit's own request log would only
      // repeat them (and expected 404s) on the console.
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      throttle: {
        onRateLimit: (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number) =>
          shouldRetry("primary", retryAfter, options, retryCount),
        onSecondaryRateLimit: (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number) =>
          shouldRetry("secondary", retryAfter, options, retryCount),
      },
    });
    clients.set(key, client);
  }
  return client;
}
