import { PackageVersionError } from "./errors";
import type { PackageCoordinates, VersionSelector } from "./package-version-types";

export const DEFAULT_GITHUB_BASE_URL = "https://api.github.com";

/** What the stack configuration says, read in the provider's `configure`. */
export interface ConfiguredGitHubSettings {
  token?: string;
  baseUrl?: string;
}

/** Where to send requests and with which token, for one call. */
export interface GitHubSettings {
  token: string;
  baseUrl: string;
}

interface ConfigReader {
  get(key: string): string | undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** Reads `github:token` and `github:baseUrl` as @pulumi/github does. */
export function readConfiguredSettings(config: ConfigReader): ConfiguredGitHubSettings {
  const token = nonEmpty(config.get("github:token"));
  const baseUrl = nonEmpty(config.get("github:baseUrl"));
  return { ...(token !== undefined ? { token } : {}), ...(baseUrl !== undefined ? { baseUrl } : {}) };
}

/** The base URL: the resource's override, then github:baseUrl, GITHUB_BASE_URL, GITHUB_API_URL, the default. */
export function resolveBaseUrl(configured: ConfiguredGitHubSettings, override?: string): string {
  const url =
    nonEmpty(override) ??
    configured.baseUrl ??
    nonEmpty(process.env["GITHUB_BASE_URL"]) ??
    nonEmpty(process.env["GITHUB_API_URL"]) ??
    DEFAULT_GITHUB_BASE_URL;
  return url.replace(/\/+$/, "");
}

/** The token: `github:token`, else GITHUB_TOKEN, read at each call and never kept elsewhere. */
export function resolveToken(configured: ConfiguredGitHubSettings): string | undefined {
  return configured.token ?? nonEmpty(process.env["GITHUB_TOKEN"]);
}

/**
 * Settings for one call. The token comes from the stack configuration (decrypted by the engine
 * in `configure`) or from GITHUB_TOKEN at run time: never from an input or a captured value.
 */
export function resolveSettings(
  configured: ConfiguredGitHubSettings,
  target: { coordinates: PackageCoordinates; selector: VersionSelector; baseUrl?: string | undefined },
): GitHubSettings {
  const token = resolveToken(configured);
  if (token === undefined) {
    throw new PackageVersionError({
      reason: "missing-token",
      action: "read",
      coordinates: target.coordinates,
      selector: target.selector,
    });
  }
  return { token, baseUrl: resolveBaseUrl(configured, target.baseUrl) };
}
