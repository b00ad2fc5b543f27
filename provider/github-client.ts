import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import type { GitHubSettings } from "./github-settings";

const GitHubClientClass = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof GitHubClientClass>;

/** How often a rate-limited request is retried after waiting as GitHub asks. */
const RATE_LIMIT_RETRIES = 4;

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
      log: { debug: () => {}, info: () => {}, warn: (message: string) => console.warn(message), error: (message: string) => console.error(message) },
      throttle: {
        onRateLimit: (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
          console.warn(`GitHub rate limit reached for ${options.method} ${options.url}; retrying in ${retryAfter}s`);
          return retryCount < RATE_LIMIT_RETRIES;
        },
        onSecondaryRateLimit: (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
          console.warn(`GitHub secondary rate limit reached for ${options.method} ${options.url}; retrying in ${retryAfter}s`);
          return retryCount < RATE_LIMIT_RETRIES;
        },
      },
    });
    clients.set(key, client);
  }
  return client;
}
