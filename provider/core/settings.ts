import { echoValue } from "./echoed-value";
import { ProgramError } from "./program-error";
import { PackageVersionError } from "./errors";
import type { PackageCoordinates, VersionSelector } from "./package-version-types";
import { identifyToken, type TokenIdentity } from "./token-kind";

export const DEFAULT_GITHUB_BASE_URL = "https://api.github.com";
/** The container registry (OCI distribution API) unless `github:registryUrl` says otherwise. */
export const DEFAULT_GITHUB_REGISTRY_URL = "https://ghcr.io";
/** The longest rate-limit wait unless `github:maxRateLimitWait` says otherwise: 10 minutes. */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS = 600;
/** The largest accepted `github:maxRateLimitWait`: a day. */
const MAX_RATE_LIMIT_WAIT_LIMIT_SECONDS = 86_400;
/** Writes (DELETE, restore) a minute unless `github:writesPerMinute` says otherwise: GitHub's advice of one a second. */
export const DEFAULT_WRITES_PER_MINUTE = 60;
/** The largest accepted `github:writesPerMinute`: GitHub's 900 points a minute per endpoint at 5 points a write. */
export const MAX_WRITES_PER_MINUTE = 180;
/**
 * Requests of the primary budget a retention plan's writes leave unspent unless
 * `github:rateLimitReserve` says otherwise: 100, a tenth of the smallest budget GitHub gives a
 * token (GITHUB_TOKEN's 1,000 an hour) and a fiftieth of a classic token's 5,000, enough for the
 * next run's listing of 10,000 versions or another job sharing the token, and a fixed number so
 * that a run's writes are predictable whatever the token.
 */
export const DEFAULT_RATE_LIMIT_RESERVE = 100;

/** What the stack configuration says, read in the provider's `configure`. */
export interface ConfiguredGitHubSettings {
  token?: string;
  baseUrl?: string;
  /** `github:registryUrl`, validated, without trailing slashes. */
  registryUrl?: string;
  /** `github:maxRateLimitWait`, validated. */
  maxRateLimitWaitSeconds?: number;
  /** `github:writesPerMinute`, validated. */
  writesPerMinute?: number;
  /** `github:rateLimitReserve`, validated. */
  rateLimitReserve?: number;
}

/** Where to send requests and with which token, for one call. */
export interface GitHubSettings {
  token: string;
  /** What kind of token it is (from the token and the environment, see token-kind.ts): never the token. */
  tokenIdentity: TokenIdentity;
  baseUrl: string;
  /**
   * The container registry (ghcr.io, GitHub Enterprise Server's container host) the manifests are
   * read from; undefined when none is set and the API is not GitHub.com's (no default then).
   */
  registryUrl: string | undefined;
  /** A rate limit that resets (or asks to wait) later than this fails the step instead of waiting. */
  maxRateLimitWaitSeconds: number;
  /** Writes are started at most this often, one at a time. */
  writesPerMinute: number;
}

/**
 * A setting (stack configuration or environment variable) with a value the provider cannot use.
 * The message names the setting and the fix.
 */
export class GitHubSettingsError extends ProgramError {
  override readonly name = "GitHubSettingsError";
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
  }
}

interface ConfigReader {
  get(key: string): string | undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/**
 * A longest wait in whole seconds: "600" (10 minutes), "0" (never wait). Throws a
 * GitHubSettingsError naming the setting and showing a valid value.
 */
export function parseMaxRateLimitWait(value: string, setting: string): number {
  const seconds = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isSafeInteger(seconds) && seconds <= MAX_RATE_LIMIT_WAIT_LIMIT_SECONDS) return seconds;
  const fix = setting.startsWith("github:") ? `pulumi config set ${setting} 600` : `export ${setting}=600`;
  throw new GitHubSettingsError(
    setting,
    `${setting} must be the longest rate-limit wait in whole seconds, 0 (never wait) to ${MAX_RATE_LIMIT_WAIT_LIMIT_SECONDS.toLocaleString("en-US")} (a day), ` +
      `got ${echoValue(value)}. For 10 minutes: \`${fix}\`.`,
  );
}

/**
 * Writes a minute, a whole number from 1 to 180. Throws a GitHubSettingsError naming the setting
 * and showing a valid value.
 */
export function parseWritesPerMinute(value: string, setting: string): number {
  const rate = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isSafeInteger(rate) && rate >= 1 && rate <= MAX_WRITES_PER_MINUTE) return rate;
  const fix = setting.startsWith("github:") ? `pulumi config set ${setting} 120` : `export ${setting}=120`;
  throw new GitHubSettingsError(
    setting,
    `${setting} must be the number of writes (deletions, restores) a minute, a whole number from 1 to ${MAX_WRITES_PER_MINUTE} ` +
      `(GitHub allows 900 points a minute per endpoint, 5 a write), got ${echoValue(value)}. For two a second: \`${fix}\`.`,
  );
}

/**
 * Requests of the primary budget to leave unspent, a whole number from 0 (write until the budget is
 * spent, then wait as `github:maxRateLimitWait` allows). Throws a GitHubSettingsError naming the
 * setting and showing a valid value.
 */
export function parseRateLimitReserve(value: string, setting: string): number {
  const reserve = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isSafeInteger(reserve)) return reserve;
  const fix = setting.startsWith("github:") ? `pulumi config set ${setting} 500` : `export ${setting}=500`;
  throw new GitHubSettingsError(
    setting,
    `${setting} must be the number of requests of GitHub's primary rate limit a run's retention writes leave unspent, ` +
      `a whole number from 0 (no reserve) up (default ${DEFAULT_RATE_LIMIT_RESERVE}), got ${echoValue(value)}. To keep 500: \`${fix}\`.`,
  );
}

/**
 * A value as an error echoes it, for every URL setting and argument (`github:baseUrl`,
 * `github:registryUrl`, their environment variables, `baseUrl` and `registryUrl` arguments): a
 * URL's credentials (`user:token@`) and the values of its query replaced by `***`, also in text
 * that is not a whole URL (`user:token@host`), so that a token or password is never repeated.
 */
export function redactedUrl(text: unknown): unknown {
  if (typeof text !== "string") return text;
  let masked = text;
  try {
    const url = new URL(text);
    if (url.username !== "" || url.password !== "") {
      url.username = "***";
      url.password = "";
      masked = url.href;
    }
  } catch {
    // Not a URL: the patterns below still find credentials in it.
  }
  return masked.replace(/(^|\/\/)[^\s/?#]*@/g, "$1***@").replace(/([?&][^=&#\s]*=)[^&#\s]*/g, "$1***");
}

/**
 * Whether a URL setting or argument is an http(s) URL without credentials (the token is never
 * part of a URL), and, when `bare`, without query or fragment. The one check of every URL setting.
 */
export function isHttpUrlWithoutCredentials(value: unknown, bare = false): value is string {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return (
      (url.protocol === "https:" || url.protocol === "http:") &&
      url.username === "" &&
      url.password === "" &&
      (!bare || (url.search === "" && url.hash === ""))
    );
  } catch {
    return false;
  }
}

/**
 * A GitHub API's URL (`github:baseUrl`, GITHUB_BASE_URL, GITHUB_API_URL): http(s), without
 * credentials. Throws a GitHubSettingsError naming the setting, echoing the value with its
 * credentials masked, and showing a valid value.
 */
export function parseBaseUrl(value: string, setting: string): string {
  if (isHttpUrlWithoutCredentials(value)) return value;
  const fix = setting.startsWith("github:")
    ? `pulumi config set ${setting} https://github.example.com/api/v3`
    : `export ${setting}=https://github.example.com/api/v3`;
  throw new GitHubSettingsError(
    setting,
    `${setting} must be the http(s) URL of a GitHub API without credentials (default ${DEFAULT_GITHUB_BASE_URL}; the token is github:token or GITHUB_TOKEN, never part of the URL), ` +
      `got ${echoValue(redactedUrl(value))}. For GitHub Enterprise Server: \`${fix}\`.`,
  );
}

/**
 * A container registry's URL: http(s), without credentials, query or fragment
 * (`https://ghcr.io`, `https://containers.github.example.com`), returned without trailing
 * slashes. Throws a GitHubSettingsError naming the setting and showing a valid value.
 */
export function parseRegistryUrl(value: string, setting: string): string {
  if (isHttpUrlWithoutCredentials(value, true)) return value.replace(/\/+$/, "");
  const fix = setting.startsWith("github:")
    ? `pulumi config set ${setting} https://containers.github.example.com`
    : `export ${setting}=https://containers.github.example.com`;
  throw new GitHubSettingsError(
    setting,
    `${setting} must be the http(s) URL of a container registry without credentials, query or fragment ` +
      `(default ${DEFAULT_GITHUB_REGISTRY_URL}; GitHub Enterprise Server serves its own container host), got ${echoValue(redactedUrl(value))}. ` +
      `For GitHub Enterprise Server: \`${fix}\`.`,
  );
}

/**
 * Reads `github:token`, `github:baseUrl` (as @pulumi/github does), `github:registryUrl`,
 * `github:maxRateLimitWait`, `github:writesPerMinute` and `github:rateLimitReserve`.
 */
export function readConfiguredSettings(config: ConfigReader): ConfiguredGitHubSettings {
  const token = nonEmpty(config.get("github:token"));
  const baseUrl = nonEmpty(config.get("github:baseUrl"));
  const registryUrl = nonEmpty(config.get("github:registryUrl"));
  const maxWait = nonEmpty(config.get("github:maxRateLimitWait"));
  const writes = nonEmpty(config.get("github:writesPerMinute"));
  const reserve = nonEmpty(config.get("github:rateLimitReserve"));
  return {
    ...(token !== undefined ? { token } : {}),
    ...(baseUrl !== undefined ? { baseUrl: parseBaseUrl(baseUrl, "github:baseUrl") } : {}),
    ...(registryUrl !== undefined ? { registryUrl: parseRegistryUrl(registryUrl, "github:registryUrl") } : {}),
    ...(maxWait !== undefined ? { maxRateLimitWaitSeconds: parseMaxRateLimitWait(maxWait, "github:maxRateLimitWait") } : {}),
    ...(writes !== undefined ? { writesPerMinute: parseWritesPerMinute(writes, "github:writesPerMinute") } : {}),
    ...(reserve !== undefined ? { rateLimitReserve: parseRateLimitReserve(reserve, "github:rateLimitReserve") } : {}),
  };
}

/** The longest rate-limit wait: `github:maxRateLimitWait`, else GITHUB_MAX_RATE_LIMIT_WAIT, else 10 minutes. */
export function resolveMaxRateLimitWait(configured: ConfiguredGitHubSettings): number {
  if (configured.maxRateLimitWaitSeconds !== undefined) return configured.maxRateLimitWaitSeconds;
  const env = nonEmpty(process.env["GITHUB_MAX_RATE_LIMIT_WAIT"]);
  return env !== undefined ? parseMaxRateLimitWait(env, "GITHUB_MAX_RATE_LIMIT_WAIT") : DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS;
}

/** The write rate: `github:writesPerMinute`, else GITHUB_WRITES_PER_MINUTE, else 60. */
export function resolveWritesPerMinute(configured: ConfiguredGitHubSettings): number {
  if (configured.writesPerMinute !== undefined) return configured.writesPerMinute;
  const env = nonEmpty(process.env["GITHUB_WRITES_PER_MINUTE"]);
  return env !== undefined ? parseWritesPerMinute(env, "GITHUB_WRITES_PER_MINUTE") : DEFAULT_WRITES_PER_MINUTE;
}

/** The primary budget's reserve: `github:rateLimitReserve`, else GITHUB_RATE_LIMIT_RESERVE, else 100. */
export function resolveRateLimitReserve(configured: ConfiguredGitHubSettings): number {
  if (configured.rateLimitReserve !== undefined) return configured.rateLimitReserve;
  const env = nonEmpty(process.env["GITHUB_RATE_LIMIT_RESERVE"]);
  return env !== undefined ? parseRateLimitReserve(env, "GITHUB_RATE_LIMIT_RESERVE") : DEFAULT_RATE_LIMIT_RESERVE;
}

/**
 * The base URL: the resource's override (validated with its arguments), then github:baseUrl,
 * GITHUB_BASE_URL, GITHUB_API_URL (each checked when used), the default.
 */
export function resolveBaseUrl(configured: ConfiguredGitHubSettings, override?: string): string {
  const url =
    nonEmpty(override) ??
    configured.baseUrl ??
    fromEnvironment("GITHUB_BASE_URL") ??
    fromEnvironment("GITHUB_API_URL") ??
    DEFAULT_GITHUB_BASE_URL;
  return url.replace(/\/+$/, "");
}

function fromEnvironment(name: string): string | undefined {
  const value = nonEmpty(process.env[name]);
  return value === undefined ? undefined : parseBaseUrl(value, name);
}

/**
 * The container registry: the policy's override (validated with its arguments), then
 * github:registryUrl, GITHUB_REGISTRY_URL, then https://ghcr.io when the API is GitHub.com's.
 */
export function resolveRegistryUrl(
  configured: ConfiguredGitHubSettings,
  override?: string,
  baseUrl: string = DEFAULT_GITHUB_BASE_URL,
): string | undefined {
  const url = nonEmpty(override) ?? configured.registryUrl;
  if (url !== undefined) return url.replace(/\/+$/, "");
  const env = nonEmpty(process.env["GITHUB_REGISTRY_URL"]);
  if (env !== undefined) return parseRegistryUrl(env, "GITHUB_REGISTRY_URL");
  // ghcr.io is GitHub.com's registry: the token of another GitHub (Enterprise Server, the emulator) is never sent there by default.
  return baseUrl === DEFAULT_GITHUB_BASE_URL ? DEFAULT_GITHUB_REGISTRY_URL : undefined;
}

/** The token: `github:token`, else GITHUB_TOKEN, read at each call and never kept elsewhere. */
export function resolveToken(configured: ConfiguredGitHubSettings): string | undefined {
  return configured.token ?? nonEmpty(process.env["GITHUB_TOKEN"]);
}

/** The version a call is for (named by the missing-token error) and its base URL and registry URL overrides. */
export interface SettingsTarget {
  coordinates: PackageCoordinates;
  selector: VersionSelector;
  baseUrl?: string | undefined;
  registryUrl?: string | undefined;
}

/**
 * Settings for one call. The token comes from the stack configuration (decrypted by the engine
 * in `configure`) or from GITHUB_TOKEN at run time: never from an input or a captured value. A
 * fine-grained personal token or a GitHub App's token is refused here, before any request.
 */
export function resolveSettings(configured: ConfiguredGitHubSettings, target: SettingsTarget): GitHubSettings {
  const token = resolveToken(configured);
  if (token === undefined) {
    throw new PackageVersionError({
      reason: "missing-token",
      action: "read",
      coordinates: target.coordinates,
      selector: target.selector,
    });
  }
  // GitHub Packages refuses fine-grained and App tokens: said before any request is sent.
  const tokenIdentity = identifyToken(token);
  if (tokenIdentity.kind === "fine-grained" || tokenIdentity.kind === "app") {
    throw new PackageVersionError({
      reason: "unsupported-token",
      action: "read",
      coordinates: target.coordinates,
      selector: target.selector,
      tokenIdentity,
    });
  }
  const baseUrl = resolveBaseUrl(configured, target.baseUrl);
  return {
    token,
    tokenIdentity,
    baseUrl,
    registryUrl: resolveRegistryUrl(configured, target.registryUrl, baseUrl),
    maxRateLimitWaitSeconds: resolveMaxRateLimitWait(configured),
    writesPerMinute: resolveWritesPerMinute(configured),
  } satisfies GitHubSettings;
}
