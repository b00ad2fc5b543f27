import * as pulumi from "@pulumi/pulumi";
import { readConfiguredSettings, resolveBaseUrl, resolveToken, type GitHubSettings } from "../github-settings";

/**
 * Settings for a look-up in the program process: `github:token` and `github:baseUrl` from the
 * stack configuration (secrets arrive decrypted), else GITHUB_TOKEN and GITHUB_BASE_URL /
 * GITHUB_API_URL, as the PackageVersion provider reads them. Undefined when there is no token.
 * Read at each call, never kept: the token goes to the HTTP client only.
 */
export function programSettings(baseUrlOverride: string | undefined): GitHubSettings | undefined {
  const configured = readConfiguredSettings({ get: (key) => pulumi.runtime.getConfig(key) });
  const token = resolveToken(configured);
  if (token === undefined) return undefined;
  return { token, baseUrl: resolveBaseUrl(configured, baseUrlOverride) };
}
