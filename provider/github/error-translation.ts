import {
  PackageVersionError,
  type PackageVersionAction,
  type PackageVersionErrorDetails,
  type PackageVersionErrorReason,
} from "../core/errors";
import { rateLimitFailureOf, tokenIdentityOf } from "./client";
import type { PackageCoordinates, VersionSelector } from "../core/package-version-types";
import { rateLimitHeadersOf } from "../core/rate-limit-wait";
import { scopesOfHeader } from "./oauth-scopes";

/**
 * The parts of an Octokit RequestError the provider reads: the status, GitHub's body and a few
 * named response headers (scopes, rate limits). Request headers are never touched.
 */
export interface HttpFailure {
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

export function isHttpFailure(error: unknown): error is HttpFailure {
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
  return scopesOfHeader(responseHeaderOf(error, "x-oauth-scopes"));
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
function rateLimitOf(failure: HttpFailure | undefined): Pick<PackageVersionErrorDetails, "rateLimit" | "rateLimitHeaders"> {
  const rateLimit = failure !== undefined ? rateLimitFailureOf(failure) : undefined;
  return { ...(rateLimit !== undefined ? { rateLimit } : {}), rateLimitHeaders: rateLimitHeadersOf(failure?.response?.headers) };
}

/** The error for GitHub's answer `status` with `githubMessage`, with what the failed call's response adds (scopes, rate limits). */
function answerError(status: number, githubMessage: string, context: FailureContext, failure?: HttpFailure): PackageVersionError {
  const reason = context.reason ?? reasonFor(status, githubMessage, context.action);
  return new PackageVersionError({
    reason,
    action: context.action,
    coordinates: context.coordinates,
    selector: context.selector,
    githubMessage,
    status,
    ...(reason === "missing-scopes" ? scopesOf(failure, githubMessage) : {}),
    ...(reason === "rate-limited" ? rateLimitOf(failure) : {}),
    ...(context.deletedAt !== undefined ? { deletedAt: context.deletedAt } : {}),
    ...(context.listingDeleted === true ? { listingDeleted: true } : {}),
    ...(context.observedAfter !== undefined ? { observedAfter: context.observedAfter } : {}),
    ...tokenIdentityDetail(failure),
  });
}

/** The kind of token a refused call was made with, for refusals whose cause depends on it (a workflow's GITHUB_TOKEN's 403 and 404). */
function tokenIdentityDetail(failure: HttpFailure | undefined): Pick<PackageVersionErrorDetails, "tokenIdentity" | "listingDeleted"> {
  const identity = failure !== undefined ? tokenIdentityOf(failure) : undefined;
  if (identity === undefined || identity.kind === "classic") return {};
  // A workflow token sees deleted versions only with the Admin role: a refused listing of them is that role missing.
  const url = (failure as { request?: { url?: unknown } }).request?.url;
  return { tokenIdentity: identity, ...(typeof url === "string" && /[?&]state=deleted\b/.test(url) ? { listingDeleted: true } : {}) };
}

/** A failed GitHub call as a PackageVersionError that names the version and says what to do. */
export function gitHubFailureError(failure: HttpFailure, context: FailureContext): PackageVersionError {
  return answerError(failure.status, githubMessageOf(failure) ?? `HTTP ${failure.status}`, context, failure);
}

/** GitHub answered 404 with `githubMessage` ("Package not found.") when the version was observed: the error saying so. */
export function notFoundError(githubMessage: string, context: FailureContext): PackageVersionError {
  return answerError(404, githubMessage, context);
}

/**
 * What a failure is reported as: a failed GitHub call as its PackageVersionError; anything else (a
 * PackageVersionError already, a bug) unchanged.
 */
export function reportedFailure(error: unknown, context: FailureContext): unknown {
  return error instanceof PackageVersionError || !isHttpFailure(error) ? error : gitHubFailureError(error, context);
}
