/**
 * A classic token's user's role in an org, from GitHub's membership endpoint
 * (GET /user/memberships/orgs/{org}): GitHub lets only an org's admins (its owners) delete and
 * restore the org's package versions, and says who is one only to a token with an org scope
 * (read:org, or write:org and admin:org, which include it). Asked once per client and org in a
 * program run, and only when the token's scopes (X-OAuth-Scopes, already reported) include one.
 */
import type { GitHubClient } from "./client";
import { classifyGitHubFailure, githubMessageOf, statusOf } from "./failure-class";
import { runScopedPer } from "../core/program-run";

/** The classic scopes under which GitHub shows the user's own org memberships. */
export const ORG_READ_SCOPES: readonly string[] = ["read:org", "write:org", "admin:org"];

/** What GitHub said of the user's place in the org. */
export type OrgRole =
  | { kind: "admin"; login: string }
  /** A member (or billing manager), or an invitation not accepted yet. */
  | { kind: "not-admin"; login: string; role: string; state: string }
  /** 404: the user does not belong to the org. */
  | { kind: "not-member" }
  /** Another answer (an org that restricts OAuth apps, SSO not authorized for the token): the role is not known. */
  | { kind: "unknown"; answer: string };

const ROLES = Symbol("org roles asked in this run");

/** The user's role in `org`, asked at most once per client and org in the program run. */
export function orgRoleOf(client: GitHubClient, org: string): Promise<OrgRole> {
  return runScopedPer(ROLES, client, org.toLowerCase(), () => askOrgRole(client, org));
}

async function askOrgRole(client: GitHubClient, org: string): Promise<OrgRole> {
  try {
    const { data } = await client.request("GET /user/memberships/orgs/{org}", { org });
    const login = data.user?.login ?? "?";
    if (data.role === "admin" && data.state === "active") return { kind: "admin", login };
    return { kind: "not-admin", login, role: data.role, state: data.state };
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) return { kind: "not-member" };
    const message = githubMessageOf(error);
    if (status === undefined || classifyGitHubFailure(error) === "rate-limited") throw error;
    return { kind: "unknown", answer: `${status}${message !== undefined ? ` "${message}"` : ""}` };
  }
}
