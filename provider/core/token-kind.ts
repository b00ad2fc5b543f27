/**
 * What kind of token the provider holds, learned from the token and the environment alone (the
 * user configures nothing else): GitHub documents each kind's prefix, and a workflow's own
 * GITHUB_TOKEN is an installation token (`ghs_`) like a GitHub App's, told apart by where it runs.
 * Only the kind is kept, never the token.
 */

/** classic: a personal access token (classic) or an OAuth app's token, with scopes; actions: a workflow's GITHUB_TOKEN; fine-grained and app: tokens GitHub Packages refuses. */
export type TokenKind = "classic" | "actions" | "fine-grained" | "app";

export interface TokenIdentity {
  readonly kind: TokenKind;
  /** actions tokens: the workflow's repository (GITHUB_REPOSITORY), whose Actions access on a package is the token's. */
  readonly repository?: string;
  /** How the kind was told, for messages: "a ghs_ token in GitHub Actions (GITHUB_REPOSITORY acme/app)". */
  readonly basis: string;
}

/** The environment variables read: GitHub Actions sets GITHUB_ACTIONS=true and GITHUB_REPOSITORY in every step. */
export interface TokenEnvironment {
  readonly GITHUB_ACTIONS?: string | undefined;
  readonly GITHUB_REPOSITORY?: string | undefined;
}

/**
 * The token's kind:
 * - `github_pat_...`: a fine-grained personal access token;
 * - `ghu_...`: a GitHub App's user token (refused like an App's installation token);
 * - `ghs_...`: an installation token. In GitHub Actions (GITHUB_ACTIONS=true with GITHUB_REPOSITORY
 *   set) it is taken as the workflow's GITHUB_TOKEN, bound to GITHUB_REPOSITORY; elsewhere it can
 *   only be a GitHub App's (a GITHUB_TOKEN expires with its job). An App token passed to a
 *   workflow is taken for the GITHUB_TOKEN: GitHub's answer to it (403 "Resource not accessible by
 *   integration") is then reported with both possible causes;
 * - anything else (`ghp_...`, `gho_...`, a 40-hex token of old): classic, its scopes read from
 *   GitHub's X-OAuth-Scopes.
 */
export function identifyToken(token: string, env: TokenEnvironment = process.env): TokenIdentity {
  if (token.startsWith("github_pat_")) return { kind: "fine-grained", basis: "a github_pat_ token: a fine-grained personal access token" };
  if (token.startsWith("ghu_")) return { kind: "app", basis: "a ghu_ token: a GitHub App's user access token" };
  if (token.startsWith("ghs_")) {
    const repository = env.GITHUB_REPOSITORY?.trim();
    if (env.GITHUB_ACTIONS === "true" && repository !== undefined && /^[^/\s]+\/[^/\s]+$/.test(repository)) {
      return { kind: "actions", repository, basis: `a ghs_ token in GitHub Actions: the workflow's GITHUB_TOKEN of ${repository}` };
    }
    return {
      kind: "app",
      basis: "a ghs_ token outside GitHub Actions (no GITHUB_ACTIONS=true with GITHUB_REPOSITORY): a GitHub App installation token",
    };
  }
  return { kind: "classic", basis: "a personal access token (classic)" };
}

/** "the workflow's GITHUB_TOKEN (repository acme/app)", "the classic token", for messages. */
export function tokenLabel(identity: TokenIdentity): string {
  switch (identity.kind) {
    case "actions":
      return `the workflow's GITHUB_TOKEN (repository ${identity.repository ?? "?"})`;
    case "fine-grained":
      return "the fine-grained personal access token";
    case "app":
      return "the GitHub App token";
    case "classic":
      return "the classic personal access token";
  }
}
