import * as pulumi from "@pulumi/pulumi";
import {
  readConfiguredSettings,
  resolveRateLimitReserve,
  resolveSettings,
  type GitHubSettings,
  type SettingsTarget,
} from "../core/settings";

/**
 * Settings for a look-up or a retention policy in the program process: `github:token`,
 * `github:baseUrl`, `github:registryUrl`, `github:maxRateLimitWait` and `github:writesPerMinute`
 * from the stack configuration (secrets arrive decrypted), else their environment variables, as the
 * PackageVersion provider reads them; without a token, the provider's missing-token error.
 * Read at each call, never kept: the token goes to the HTTP client only.
 */
export function programSettings(target: SettingsTarget): GitHubSettings {
  return resolveSettings(readConfiguredSettings({ get: (key) => pulumi.runtime.getConfig(key) }), target);
}

/** `github:rateLimitReserve` (else GITHUB_RATE_LIMIT_RESERVE, else 100) as the program reads it, for the plan's budget line. */
export function programRateLimitReserve(): number {
  return resolveRateLimitReserve(readConfiguredSettings({ get: (key) => pulumi.runtime.getConfig(key) }));
}
