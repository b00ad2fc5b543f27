/**
 * GET /user: the token's own account. GitHub shows the private fields (plan, disk usage, ...) only
 * to a token with the `user` scope, which package tokens do not need, so the emulator answers the
 * public profile (OpenAPI `public-user`, `user_view_type: "public"`): what a client reads is `login`.
 * Installation tokens (a workflow's GITHUB_TOKEN, a GitHub App's) have no user: 403.
 */
import type { components } from "@octokit/openapi-types";
import { notAccessibleByIntegration } from "../errors";
import { toSimpleUser } from "../representations";
import type { TokenRecord } from "../store";
import type { ApiResponse } from "./context";

type PublicUser = components["schemas"]["public-user"];

/** When every emulated account was created: accounts have no history of their own. */
const ACCOUNTS_CREATED = "2020-01-01T00:00:00Z";

/** GitHub's answer to an installation token (a workflow's GITHUB_TOKEN, an App's), which has no user. */
const USER_DOCS = "https://docs.github.com/rest/users/users#get-the-authenticated-user";

export function getAuthenticatedUser(token: TokenRecord, baseUrl: string): ApiResponse {
  if (token.kind === "actions" || token.kind === "app") throw notAccessibleByIntegration(USER_DOCS);
  const body: PublicUser = {
    ...toSimpleUser(baseUrl, token.login, token.userId, "User"),
    user_view_type: "public",
    name: null,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: ACCOUNTS_CREATED,
    updated_at: ACCOUNTS_CREATED,
  };
  return { status: 200, body };
}
