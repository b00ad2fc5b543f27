import { PackageVersionError, type PackageVersionAction, type PackageVersionErrorDetails, type PackageVersionErrorReason } from "./errors";
import { rateLimitFailureOf } from "./github-client";
import type { PackageCoordinates, VersionSelector } from "./package-version-types";
import { rateLimitHeadersOf } from "./rate-limit-wait";

/**
 * The parts of an Octokit RequestError the provider reads: the status, GitHub's body and a few
 * named response headers (scopes, rate limits). Request headers are never touched.
 */
interface HttpFailure {
  status: number;
  response?: { data?: unknown; headers?: Record<string, unknown> };
}

export interface FailureContext {
  action: PackageVersionAction;
  coordinates: PackageCoordinates;
  selector: VersionSelector & { name?: string };
  deletedAt?: string;
  /** The failed request listed the package's deleted versions. */
  listingDeleted?: boolean;
  /** What observing the version again after a failed write showed. */
  observedAfter?: string;
  /** The reason, when what was observed afterwards decides it rather than the status. */
  reason?: PackageVersionErrorReason;
}

function isHttpFailure(error: unknown): error is HttpFailure {
  return typeof error === "object" && error !== null && typeof (error as { status?: unknown }).status === "number";
}

/** GitHub's own message from an error body `{ message, documentation_url, status }`. */
export function githubMessageOf(error: unknown): string | undefined {
  if (!isHttpFailure(error)) return undefined;
  const data = error.response?.data;
  if (typeof data === "object" && data !== null && typeof (data as { message?: unknown }).message === "string") {
    return (data as { message: string }).message;
  }
  return undefined;
}

export function statusOf(error: unknown): number | undefined {
  return isHttpFailure(error) ? error.status : undefined;
}

/** One response header of a failed call, by its lowercase name. */
export function responseHeaderOf(error: unknown, name: string): string | undefined {
  if (!isHttpFailure(error)) return undefined;
  const value = error.response?.headers?.[name];
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

function reasonFor(status: number, message: string, action: PackageVersionAction): PackageVersionErrorReason {
  if (/5000 downloads/i.test(message)) return "download-limit";
  if (/last tagged version/i.test(message)) return "last-tagged-version";
  if (/last version/i.test(message)) return "last-version";
  if (/already exists with given name/i.test(message)) return "name-reused";
  if (/rate limit/i.test(message) || status === 429) return "rate-limited";
  if (status === 401) return "authentication";
  if (status === 403) return /scope/i.test(message) ? "missing-scopes" : "forbidden";
  if (status === 404) {
    if (/package not found/i.test(message)) return "package-not-found";
    return action === "restore" ? "restore-window-passed" : "version-not-found";
  }
  if (status >= 500) return "github-unavailable";
  return "invalid-request";
}

/** "You need at least delete:packages and read:packages scopes to ..." names every scope the call needs. */
function scopesNamedIn(message: string): string[] | undefined {
  const named = /need at least (.+?) scopes?\b/i.exec(message)?.[1];
  return named?.split(/,\s*|\s+and\s+/).filter((scope) => scope.length > 0);
}

/** The token's scopes as GitHub reports them in `X-OAuth-Scopes` (classic tokens only). */
function tokenScopesOf(error: unknown): string[] | undefined {
  const header = responseHeaderOf(error, "x-oauth-scopes");
  return header?.split(",").map((scope) => scope.trim()).filter((scope) => scope.length > 0);
}

/** The scopes a refusal names that the token lacks, with what GitHub asked for and what the token has. */
function scopesOf(error: unknown, message: string): { missingScopes?: string[]; requiredScopes?: string[]; tokenScopes?: string[] } {
  const required = scopesNamedIn(message);
  const held = tokenScopesOf(error);
  if (required === undefined) return held !== undefined ? { tokenScopes: held } : {};
  const missing = held === undefined ? required : required.filter((scope) => !held.includes(scope));
  return {
    missingScopes: missing.length > 0 ? missing : required,
    requiredScopes: required,
    ...(held !== undefined ? { tokenScopes: held } : {}),
  };
}

/** The limit a rate-limited call gave up on (as the throttling callbacks recorded it) and its headers. */
function rateLimitOf(error: HttpFailure): Pick<PackageVersionErrorDetails, "rateLimit" | "rateLimitHeaders"> {
  const rateLimit = rateLimitFailureOf(error);
  return { ...(rateLimit !== undefined ? { rateLimit } : {}), rateLimitHeaders: rateLimitHeadersOf(error.response?.headers) };
}

/**
 * Turns a failed GitHub call into a PackageVersionError that names the version and says what to
 * do; anything that is not an HTTP failure (a bug, a network error) is rethrown unchanged.
 */
export function translateGitHubFailure(error: unknown, context: FailureContext): never {
  if (error instanceof PackageVersionError || !isHttpFailure(error)) throw error;
  const githubMessage = githubMessageOf(error) ?? `HTTP ${error.status}`;
  const reason = context.reason ?? reasonFor(error.status, githubMessage, context.action);
  throw new PackageVersionError({
    reason,
    action: context.action,
    coordinates: context.coordinates,
    selector: context.selector,
    githubMessage,
    status: error.status,
    ...(reason === "missing-scopes" ? scopesOf(error, githubMessage) : {}),
    ...(reason === "rate-limited" ? rateLimitOf(error) : {}),
    ...(context.deletedAt !== undefined ? { deletedAt: context.deletedAt } : {}),
    ...(context.listingDeleted === true ? { listingDeleted: true } : {}),
    ...(context.observedAfter !== undefined ? { observedAfter: context.observedAfter } : {}),
  });
}
