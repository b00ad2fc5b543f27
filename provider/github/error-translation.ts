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
import {
  classifyGitHubFailure,
  githubMessageOf,
  isHttpFailure,
  neededScopesOf,
  responseHeaderOf,
  type GitHubFailureClass,
  type HttpFailure,
} from "./failure-class";

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

/** The reason of a PackageVersionError for a failed call of `action` that the classifier put in `failureClass`. */
function reasonFor(failureClass: GitHubFailureClass, action: PackageVersionAction): PackageVersionErrorReason {
  // A 404 of a restore is a version past its 30-day window: GitHub keeps a deleted version that long.
  if (failureClass === "version-not-found" && action === "restore") return "restore-window-passed";
  return failureClass;
}

/** The token's scopes as GitHub reports them in `X-OAuth-Scopes` (classic tokens only). */
function tokenScopesOf(error: unknown): string[] | undefined {
  return scopesOfHeader(responseHeaderOf(error, "x-oauth-scopes"));
}

/** The scopes a refusal names that the token lacks, with what GitHub asked for and what the token has. */
function scopesOf(error: unknown): { missingScopes?: string[]; requiredScopes?: string[]; tokenScopes?: string[] } {
  const required = neededScopesOf(error);
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
function answerError(failure: HttpFailure, githubMessage: string, context: FailureContext): PackageVersionError {
  const status = failure.status;
  const reason = context.reason ?? reasonFor(classifyGitHubFailure(failure) ?? "invalid-request", context.action);
  return new PackageVersionError({
    reason,
    action: context.action,
    coordinates: context.coordinates,
    selector: context.selector,
    githubMessage,
    status,
    ...(reason === "missing-scopes" ? scopesOf(failure) : {}),
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
  return answerError(failure, githubMessageOf(failure) ?? `HTTP ${failure.status}`, context);
}

/** GitHub answered 404 with `githubMessage` ("Package not found.") when the version was observed: the error saying so. */
export function notFoundError(githubMessage: string, context: FailureContext): PackageVersionError {
  return answerError({ status: 404, response: { data: { message: githubMessage } } }, githubMessage, context);
}

/**
 * What a failure is reported as: a failed GitHub call as its PackageVersionError; anything else (a
 * PackageVersionError already, a bug) unchanged.
 */
export function reportedFailure(error: unknown, context: FailureContext): unknown {
  return error instanceof PackageVersionError || !isHttpFailure(error) ? error : gitHubFailureError(error, context);
}
