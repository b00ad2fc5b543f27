/**
 * Whose token it is: GET /user, asked at most once per client (base URL and token) in a process,
 * to name the token's user in an error (a 404 that may mean the token may not see a package) and
 * to read a classic token's scopes (X-OAuth-Scopes) before a plan's writes. Never the token itself.
 * A workflow's GITHUB_TOKEN has no user (GitHub answers 403): it is not asked for one.
 */
import { tokenIdentityOfClient, type GitHubClient } from "./client";
import { githubMessageOf, statusOf } from "./failure-class";
import { scopesOfHeader } from "./oauth-scopes";
import type { PackageVersionErrorDetails } from "../core/errors";

/** The token's login and, for a classic token, its scopes as GitHub reports them; or why they could not be read. */
export type TokenLogin = { login: string; scopes?: string[] } | { unknown: string };

const asked = new WeakMap<GitHubClient, Promise<TokenLogin>>();

export function tokenLogin(client: GitHubClient): Promise<TokenLogin> {
  let known = asked.get(client);
  if (known === undefined) {
    known = readLogin(client);
    asked.set(client, known);
  }
  return known;
}

async function readLogin(client: GitHubClient): Promise<TokenLogin> {
  try {
    const { data, headers } = await client.request("GET /user");
    const login = (data as { login?: unknown }).login;
    const scopes = scopesOfHeader(headers["x-oauth-scopes"]);
    return typeof login === "string" && login !== ""
      ? { login, ...(scopes !== undefined ? { scopes } : {}) }
      : { unknown: "GET /user named no login" };
  } catch (error) {
    const status = statusOf(error);
    if (status === undefined) return { unknown: "GET /user failed" };
    const message = githubMessageOf(error);
    return { unknown: `GET /user answered ${status}${message !== undefined ? ` "${message}"` : ""}` };
  }
}

/** The error details naming the token's user, or why it is not known; a workflow's GITHUB_TOKEN is named by its repository instead. */
export async function tokenLoginDetails(
  client: GitHubClient,
): Promise<Pick<PackageVersionErrorDetails, "tokenLogin" | "tokenLoginUnknown" | "tokenIdentity">> {
  const identity = tokenIdentityOfClient(client);
  if (identity.kind === "actions") return { tokenIdentity: identity };
  const seen = await tokenLogin(client);
  return "login" in seen ? { tokenLogin: seen.login } : { tokenLoginUnknown: seen.unknown };
}
