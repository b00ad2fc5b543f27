import type { PackageCoordinates, VersionSelector } from "./package-version-types";
import { rateLimitAdvice, type RateLimitFailure, type RateLimitHeaders } from "./rate-limit-wait";
import { packageLabel, selectorLabel } from "./version-label";
import type { TokenIdentity } from "./token-kind";
import { classicTokenAdvice, packageSettingsPage } from "./token-advice";

/** Why GitHub (or the provider) refused an operation on a package version. */
export type PackageVersionErrorReason =
  | "download-limit"
  | "last-tagged-version"
  | "last-version"
  | "restore-window-passed"
  | "name-reused"
  | "missing-scopes"
  | "forbidden"
  | "authentication"
  | "package-not-found"
  | "version-not-found"
  | "rate-limited"
  | "invalid-request"
  | "github-unavailable"
  | "missing-token"
  | "unsupported-token"
  | "unexpected-answer";

export type PackageVersionAction = "read" | "delete" | "restore" | "adopt";

export interface PackageVersionErrorDetails {
  reason: PackageVersionErrorReason;
  action: PackageVersionAction;
  coordinates: PackageCoordinates;
  selector: VersionSelector & { name?: string };
  /** What GitHub said, verbatim: its message never carries request headers or the token. */
  githubMessage?: string;
  status?: number;
  /** The scopes the token lacks, when GitHub refused for missing scopes (those it asked for, minus those the token has). */
  missingScopes?: string[];
  /** Every scope GitHub's refusal named as needed. */
  requiredScopes?: string[];
  /** The token's scopes, from GitHub's `X-OAuth-Scopes` header (classic tokens). */
  tokenScopes?: string[];
  /** The refused request listed the package's deleted versions (to find a deleted version by name or tag). */
  listingDeleted?: boolean;
  /** What observing the version again after a failed write showed. */
  observedAfter?: string;
  /** When the version was deleted, when that is known. */
  deletedAt?: string;
  /** For `rate-limited`: the limit the request gave up on, and whether (and how often) it waited. */
  rateLimit?: RateLimitFailure;
  /** For `rate-limited`: GitHub's rate-limit headers on the refusal. */
  rateLimitHeaders?: RateLimitHeaders;
  /**
   * For `package-not-found` on a version declared deleted: GitHub's 404 does not tell a missing
   * package from one the token may not see, so the version was not recorded as deleted.
   */
  declaredDeleted?: boolean;
  /** The login of the token's user (GET /user), when a 404 may mean the token may not see the package. */
  tokenLogin?: string;
  /** Why the token's login could not be read, when GET /user failed. */
  tokenLoginUnknown?: string;
  /** The kind of token the request was made with (never the token): a workflow's GITHUB_TOKEN's refusals name its repository's role. */
  tokenIdentity?: TokenIdentity;
}

/** A workflow's GITHUB_TOKEN's repository, when the refused request was made with one. */
function actionsRepository(d: PackageVersionErrorDetails): string | undefined {
  return d.tokenIdentity?.kind === "actions" ? (d.tokenIdentity.repository ?? "?") : undefined;
}

/** Registries whose permissions are the repository's: GitHub lets no workflow token delete or restore there. */
const REPOSITORY_SCOPED = new Set(["maven", "docker"]);

/**
 * GitHub's 403 "Resource not accessible by integration" to a ghs_ token in a workflow: the
 * repository has no Admin role on the package, or the token is a GitHub App's. Both, since
 * GitHub's answer does not tell them apart.
 */
function integrationAdvice(d: PackageVersionErrorDetails, repository: string): string {
  const appToken =
    "If this ghs_ token is a GitHub App's rather than the workflow's own GITHUB_TOKEN, GitHub Packages does not accept it at all: use the workflow's GITHUB_TOKEN or a classic personal access token.";
  if (d.coordinates.packageName === "*") {
    // getPackages (a packageName pattern): an owner's package list, which GitHub does not give a workflow token.
    return `GitHub does not list an owner's packages to a workflow's GITHUB_TOKEN, and a packageName pattern needs that list: name each package in a policy of its own, or ${classicTokenAdvice()}. ${appToken}`;
  }
  if (d.action === "read" && d.listingDeleted !== true) {
    // Any role lets a workflow read (none is a 404): a refused read is the job's permissions, or not a workflow token at all.
    return `Either the job's \`permissions:\` do not include \`packages: read\` (or \`packages: write\`), or the token is not the workflow's. ${appToken}`;
  }
  if (REPOSITORY_SCOPED.has(d.coordinates.packageType)) {
    return `GitHub does not let a workflow's GITHUB_TOKEN delete or restore ${d.coordinates.packageType} packages (their permissions are the repository's): ${classicTokenAdvice()}.`;
  }
  const deleted =
    d.action === "read"
      ? " (GitHub shows a package's deleted versions to the Admin role only; a policy lists them for restoreKept or per-version children)"
      : "";
  return (
    `The workflow's repository ${repository} has no Admin role on ${packageLabel(d.coordinates)}${deleted}: package settings > Manage Actions access > add ${repository} as Admin ` +
    `(${packageSettingsPage(d.coordinates)}); the job also needs \`permissions: packages: write\`. ${appToken}`
  );
}

/** "the token, of user hubot,", or why its user is not known. */
function tokenOwner(d: PackageVersionErrorDetails): string {
  if (d.tokenLogin !== undefined) return `the token, of user ${d.tokenLogin},`;
  if (d.tokenLoginUnknown !== undefined) return `the token (whose user could not be read: ${d.tokenLoginUnknown})`;
  return "the token";
}

const ADVICE: Record<PackageVersionErrorReason, (d: PackageVersionErrorDetails) => string> = {
  "download-limit": () =>
    'GitHub never deletes a public version with more than 5,000 downloads. Declare it state: "present" ' +
    "(or list it in a retention policy's keep), or ask GitHub support to delete it.",
  "last-tagged-version": () =>
    "GitHub refuses to delete the last tagged version of a container package. Keep it, tag another version " +
    "first, or delete the whole package.",
  "last-version": () =>
    "GitHub refuses to delete the last version of this package. Keep it, publish another version first, " + "or delete the whole package.",
  "restore-window-passed": (d) =>
    `GitHub restores a version only within 30 days of its deletion${d.deletedAt ? ` (it was deleted on ${d.deletedAt})` : ""}. ` +
    'It cannot come back: publish it again, or declare it state: "deleted" or remove the declaration.',
  "name-reused": () =>
    "A new active version already has this name, so GitHub cannot restore the deleted one. Declare the active " +
    "version instead (by versionId), or delete it first.",
  "missing-scopes": (d) => {
    const missing = d.missingScopes ?? [];
    const lacks = missing.length > 0 ? `The token lacks ${scopeList(missing)}` : "The token lacks a scope GitHub asks for";
    const has = d.tokenScopes !== undefined ? ` (it has ${d.tokenScopes.length > 0 ? scopeList(d.tokenScopes) : "no scopes"})` : "";
    const listing = d.listingDeleted
      ? " Finding a deleted version by name or tag lists the package's deleted versions, which GitHub shows only to a token with " +
        "read:packages and delete:packages; declared by versionId, a version is restored with read:packages and write:packages alone."
      : "";
    return `${lacks}${has}.${listing} Add ${missing.length > 0 ? scopeList(missing) : "the scopes GitHub named"} to the classic personal access token (see the scope table in docs/package-version.md).`;
  },
  forbidden: (d) => {
    const repository = actionsRepository(d);
    if (repository !== undefined) return integrationAdvice(d, repository);
    return (
      `The token's user must be an admin of ${d.coordinates.org !== undefined ? `the org ${d.coordinates.org}` : "the package"} ` +
      "(and of the package, where it has its own permissions) to delete or restore versions."
    );
  },
  authentication: () => "GitHub did not accept the token. Set a valid one with `pulumi config set --secret github:token` or GITHUB_TOKEN.",
  "package-not-found": (d) => {
    const repository = actionsRepository(d);
    if (repository !== undefined) {
      return (
        `GitHub answers 404 both when a package does not exist and when the workflow's repository may not see it. Either there is no ${packageLabel(d.coordinates)} ` +
        `(check the owner, packageType and packageName), or the repository ${repository} has no role on it: package settings > Manage Actions access > add ${repository} ` +
        `(Admin to delete or restore versions, Read to list them; ${packageSettingsPage(d.coordinates)}).${d.declaredDeleted === true ? " The version is not recorded as deleted. Nothing was changed." : ""}`
      );
    }
    return d.declaredDeleted === true
      ? "GitHub answers 404 both when a package does not exist and when the token may not see it, so the version is " +
          `not recorded as deleted. Either there is no ${packageLabel(d.coordinates)} (check the owner, packageType and ` +
          "packageName; npm and rubygems packages disappear when their last version is deleted: then remove the " +
          `declaration), or ${tokenOwner(d)} may not see it (use a token whose user can read the package: for a private ` +
          `package, read:packages and access to it${d.coordinates.org !== undefined ? ` in the org ${d.coordinates.org}` : ""}). Nothing was changed.`
      : "Check the owner, packageType and packageName, and that the token can see the package (private packages " +
          "need read:packages and access). npm and rubygems packages disappear when their last version is deleted.";
  },
  "version-not-found": () => "Check the selector. A version deleted more than 30 days ago is gone for good.",
  "rate-limited": (d) => rateLimitAdvice(d.rateLimit, d.rateLimitHeaders ?? {}),
  "invalid-request": () => "GitHub rejected the request as invalid.",
  "github-unavailable": () => "GitHub kept failing after retries. Run again later.",
  "missing-token": () => "Set a token with `pulumi config set --secret github:token <token>` or the GITHUB_TOKEN environment variable.",
  "unsupported-token": (d) =>
    `It is ${d.tokenIdentity?.basis ?? "a token of another kind"}, and GitHub Packages' REST API accepts a personal access token (classic) or, in GitHub Actions, the workflow's own GITHUB_TOKEN only. ` +
    `Use a classic token (${classicTokenAdvice()}), or in a workflow pass \`GITHUB_TOKEN: \${{ github.token }}\` with \`permissions: packages: write\` and give the repository the Admin role in the package's Manage Actions access. Nothing was sent to GitHub.`,
  "unexpected-answer": () => "Nothing was lost: run again. If it persists, look at the version on GitHub or ask GitHub support.",
};

const SUMMARY: Record<PackageVersionErrorReason, string> = {
  "download-limit": "it is public and has more than 5,000 downloads",
  "last-tagged-version": "it is the last tagged version of the package",
  "last-version": "it is the last version of the package",
  "restore-window-passed": "its 30-day restore window has passed",
  "name-reused": "its name was reused by a newer active version",
  "missing-scopes": "the token is missing scopes",
  forbidden: "GitHub does not allow this token to",
  authentication: "GitHub rejected the token",
  "package-not-found": "the package was not found",
  "version-not-found": "the version was not found",
  "rate-limited": "GitHub rate-limited the request",
  "invalid-request": "the request was invalid",
  "github-unavailable": "GitHub kept failing",
  "missing-token": "no GitHub token is configured",
  "unsupported-token": "GitHub Packages does not accept this kind of token",
  "unexpected-answer": "GitHub's answer contradicts what it reports afterwards",
};

/** "delete:packages" or "read:packages and delete:packages". */
function scopeList(scopes: string[]): string {
  return scopes.length <= 1 ? (scopes[0] ?? "") : `${scopes.slice(0, -1).join(", ")} and ${scopes[scopes.length - 1]}`;
}

/**
 * A refusal on one package version, naming the owner, package and version, with what to do
 * about it. It carries GitHub's message and status, never the request or its headers.
 */
export class PackageVersionError extends Error {
  override readonly name = "PackageVersionError";
  readonly reason: PackageVersionErrorReason;
  readonly details: PackageVersionErrorDetails;
  /** Why, in a few words: "the package was not found". */
  readonly summary: string;
  /** What to do about it. */
  readonly advice: string;
  /** Everything the message says after "Cannot <action> <version> of <package>: ": why, what GitHub said, what was observed, what to do. */
  readonly explanation: string;

  constructor(details: PackageVersionErrorDetails) {
    const target = `${selectorLabel(details.selector)} of ${packageLabel(details.coordinates)}`;
    const summary = SUMMARY[details.reason];
    const advice = ADVICE[details.reason](details);
    const github =
      details.githubMessage !== undefined
        ? ` GitHub said (${details.status ?? "?"}): "${details.githubMessage}"${/[.!?]$/.test(details.githubMessage) ? "" : "."}`
        : "";
    const observed = details.observedAfter !== undefined ? ` Observed again afterwards: ${details.observedAfter}.` : "";
    const explanation = `${summary}.${github}${observed} ${advice}`;
    super(`Cannot ${details.action} ${target}: ${explanation}`);
    this.reason = details.reason;
    this.details = details;
    this.summary = summary;
    this.advice = advice;
    this.explanation = explanation;
    // The Pulumi SDK's dynamic provider host prints `${error}: ${error.stack}` to the provider's
    // stderr when check, diff, read or delete fails, and the CLI shows that beside the message it
    // reports under the resource. A refusal needs no trace: that extra line is one short pointer.
    this.stack = "reported under the resource";
  }

  override toString(): string {
    return `${this.name} (${this.reason})`;
  }
}
