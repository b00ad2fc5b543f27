import * as pulumi from "@pulumi/pulumi";
import { readConfiguredSettings, resolveBaseUrl, resolveMaxRateLimitWait, resolveToken, resolveWritesPerMinute, type GitHubSettings } from "../github-settings";

/**
 * Settings for a look-up in the program process: `github:token`, `github:baseUrl` and
 * `github:maxRateLimitWait` from the stack configuration (secrets arrive decrypted), else
 * GITHUB_TOKEN, GITHUB_BASE_URL / GITHUB_API_URL and GITHUB_MAX_RATE_LIMIT_WAIT, as the
 * PackageVersion provider reads them. Undefined when there is no token.
 * Read at each call, never kept: the token goes to the HTTP client only.
 */
export function programSettings(baseUrlOverride: string | undefined): GitHubSettings | undefined {
  const configured = readConfiguredSettings({ get: (key) => pulumi.runtime.getConfig(key) });
  const token = resolveToken(configured);
  if (token === undefined) return undefined;
  return {
    token,
    baseUrl: resolveBaseUrl(configured, baseUrlOverride),
    maxRateLimitWaitSeconds: resolveMaxRateLimitWait(configured),
    // The program never writes; read so that a bad value fails where the program sees it too.
    writesPerMinute: resolveWritesPerMinute(configured),
  };
}
