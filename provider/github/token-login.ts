/**
 * Whose token it is: GET /user, asked at most once per client (base URL and token) in a process,
 * only to name the token's user in an error (a 404 that may mean the token may not see a package).
 * Never the token itself.
 */
import type { GitHubClient } from "./client";
import { githubMessageOf, statusOf } from "./error-translation";

/** The token's login, or why it could not be read. */
export type TokenLogin = { login: string } | { unknown: string };

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
    const { data } = await client.request("GET /user");
    const login = (data as { login?: unknown }).login;
    return typeof login === "string" && login !== "" ? { login } : { unknown: "GET /user named no login" };
  } catch (error) {
    const status = statusOf(error);
    if (status === undefined) return { unknown: "GET /user failed" };
    const message = githubMessageOf(error);
    return { unknown: `GET /user answered ${status}${message !== undefined ? ` "${message}"` : ""}` };
  }
}

/** The error details naming the token's user, or why it is not known. */
export async function tokenLoginDetails(client: GitHubClient): Promise<{ tokenLogin: string } | { tokenLoginUnknown: string }> {
  const seen = await tokenLogin(client);
  return "login" in seen ? { tokenLogin: seen.login } : { tokenLoginUnknown: seen.unknown };
}
