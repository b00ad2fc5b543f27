/**
 * What a failed GitHub REST call was, decided in this one place: from the HTTP status and GitHub's
 * structured fields (the response headers `x-ratelimit-remaining`, `retry-after`, `x-oauth-scopes`,
 * `x-accepted-oauth-scopes`; the body's `documentation_url`; the throttling plugin's record of a
 * limit it gave up on). GitHub's English message is read only where an answer carries nothing
 * else that tells two cases apart: those texts are GITHUB_TEXTS below, each with its reason.
 */
import { rateLimitFailureOf } from "./client";
import { scopesOfHeader } from "./oauth-scopes";

/**
 * The parts of an Octokit RequestError read here: the status, GitHub's body and named response
 * headers (lowercase, as Octokit gives them). Request headers are never touched.
 */
export interface HttpFailure {
  status: number;
  response?: { data?: unknown; headers?: Record<string, unknown> };
}

/** What a failed call was. */
export type GitHubFailureClass =
  /** A primary or secondary rate limit (403 or 429) that was not waited out. */
  | "rate-limited"
  /** 401: no token, or one GitHub does not know. */
  | "authentication"
  /** 403: the token lacks a scope the call needs. */
  | "missing-scopes"
  /** 403 for anything else: a role, an installation token, a fine-grained token. */
  | "forbidden"
  /** 404 for the package: missing, or invisible to the token. */
  | "package-not-found"
  /** 404 for anything else the path names: the version (missing, deleted, or past its restore window). */
  | "version-not-found"
  /** 400: a public version downloaded more than 5,000 times. */
  | "download-limit"
  /** 400: a container package's last tagged version. */
  | "last-tagged-version"
  /** 400: a package's last version (maven, nuget). */
  | "last-version"
  /** 400: a restore whose name an active version has taken. */
  | "name-reused"
  /** Any other 4xx: a request GitHub will not take as it is. */
  | "invalid-request"
  /** 5xx, after the client's retries. */
  | "github-unavailable";

/**
 * The message texts read, and only where GitHub's answer has no structured field that tells the
 * cases apart. Each is matched case-insensitively, as part of GitHub's message.
 */
export const GITHUB_TEXTS = {
  /**
   * "Package not found." Both 404s of a version's path (the package's and the version's) share the
   * status and the operation's documentation_url, and GitHub sends no error code: only the message
   * says that the package, not the version, is missing.
   */
  packageNotFound: /package not found/i,
  /**
   * The four 400s a DELETE or a restore of a version can get share the status and the operation's
   * documentation_url, without an error code: only their messages tell them apart.
   * "Publicly visible package versions with more than 5000 downloads cannot be deleted. ..."
   */
  downloadLimit: /5000 downloads/i,
  /** "You cannot delete the last tagged version of a package. ..." (checked before lastVersion, which it contains). */
  lastTaggedVersion: /last tagged version/i,
  /** "You cannot delete the last version of a package. ..." */
  lastVersion: /last version/i,
  /** "Active package version already exists with given name." */
  nameReused: /already exists with given name/i,
  /**
   * "You need at least delete:packages and read:packages scopes to ...". GitHub sends
   * `x-oauth-scopes` for classic tokens only, and how complete `x-accepted-oauth-scopes` is for the
   * packages endpoints is not documented: the message is the one place that names every scope the
   * call needs. The first group is that list.
   */
  neededScopes: /need at least (.+?) scopes?\b/i,
} as const;

export function isHttpFailure(error: unknown): error is HttpFailure {
  return typeof error === "object" && error !== null && typeof (error as { status?: unknown }).status === "number";
}

export function statusOf(error: unknown): number | undefined {
  return isHttpFailure(error) ? error.status : undefined;
}

/** A string field of GitHub's error body `{ message, documentation_url, status }`. */
function bodyFieldOf(error: unknown, field: "message" | "documentation_url"): string | undefined {
  if (!isHttpFailure(error)) return undefined;
  const data = error.response?.data;
  if (typeof data !== "object" || data === null) return undefined;
  const value = (data as Record<string, unknown>)[field];
  return typeof value === "string" ? value : undefined;
}

/** GitHub's own message from an error body `{ message, documentation_url, status }`. */
export function githubMessageOf(error: unknown): string | undefined {
  return bodyFieldOf(error, "message");
}

/** One response header of a failed call, by its lowercase name. */
export function responseHeaderOf(error: unknown, name: string): string | undefined {
  if (!isHttpFailure(error)) return undefined;
  const value = error.response?.headers?.[name];
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

/** Whether GitHub's message contains one of GITHUB_TEXTS. */
function says(error: unknown, text: RegExp): boolean {
  return text.test(githubMessageOf(error) ?? "");
}

/**
 * A 403 or 429 that is a rate limit: the primary one spent (`x-ratelimit-remaining: 0`), a
 * secondary one (`retry-after`, or a documentation_url on GitHub's rate-limit page, which every
 * secondary-limit answer carries), or one the throttling plugin recorded giving up on.
 */
function isRateLimit(error: HttpFailure): boolean {
  if (error.status === 429) return true;
  if (error.status !== 403) return false;
  if (rateLimitFailureOf(error) !== undefined) return true;
  if (responseHeaderOf(error, "x-ratelimit-remaining") === "0") return true;
  if (responseHeaderOf(error, "retry-after") !== undefined) return true;
  return /\/rate-limit|#[a-z-]*rate-limit/i.test(bodyFieldOf(error, "documentation_url") ?? "");
}

/** The scopes a 403's answer says the call accepts (`x-accepted-oauth-scopes`) that the token (`x-oauth-scopes`) lacks; undefined when either header is absent. */
function scopesLackedPerHeaders(error: HttpFailure): string[] | undefined {
  const held = scopesOfHeader(responseHeaderOf(error, "x-oauth-scopes"));
  const accepted = scopesOfHeader(responseHeaderOf(error, "x-accepted-oauth-scopes"));
  if (held === undefined || accepted === undefined) return undefined;
  return accepted.filter((scope) => !held.includes(scope));
}

function forbiddenClass(error: HttpFailure): GitHubFailureClass {
  if ((scopesLackedPerHeaders(error)?.length ?? 0) > 0) return "missing-scopes";
  return says(error, GITHUB_TEXTS.neededScopes) ? "missing-scopes" : "forbidden";
}

/** A 4xx GitHub refuses a write with: one of its four named rules, else a request it will not take. */
function refusedWriteClass(error: HttpFailure): GitHubFailureClass {
  if (says(error, GITHUB_TEXTS.downloadLimit)) return "download-limit";
  if (says(error, GITHUB_TEXTS.lastTaggedVersion)) return "last-tagged-version";
  if (says(error, GITHUB_TEXTS.lastVersion)) return "last-version";
  if (says(error, GITHUB_TEXTS.nameReused)) return "name-reused";
  return "invalid-request";
}

/** What a failed call was; undefined for anything that is no HTTP answer (a network failure, a bug). */
export function classifyGitHubFailure(error: unknown): GitHubFailureClass | undefined {
  if (!isHttpFailure(error)) return undefined;
  if (isRateLimit(error)) return "rate-limited";
  if (error.status === 401) return "authentication";
  if (error.status === 403) return forbiddenClass(error);
  if (error.status === 404) return says(error, GITHUB_TEXTS.packageNotFound) ? "package-not-found" : "version-not-found";
  if (error.status >= 500) return "github-unavailable";
  return refusedWriteClass(error);
}

/** A 404 for the package (missing, or invisible to the token). */
export function isPackageNotFound(error: unknown): boolean {
  return classifyGitHubFailure(error) === "package-not-found";
}

/** Every scope a missing-scopes refusal says the call needs: named in GitHub's message (GITHUB_TEXTS.neededScopes), else `x-accepted-oauth-scopes`. */
export function neededScopesOf(error: unknown): string[] | undefined {
  const named = GITHUB_TEXTS.neededScopes.exec(githubMessageOf(error) ?? "")?.[1];
  if (named !== undefined) return named.split(/,\s*|\s+and\s+/).filter((scope) => scope.length > 0);
  return scopesOfHeader(responseHeaderOf(error, "x-accepted-oauth-scopes"));
}
