/**
 * GET /user/memberships/orgs/{org}: the token's user's membership in an org, with its role
 * (`admin` for an org owner, else `member`). GitHub shows it to a classic token with an org scope
 * (read:org, or write:org and admin:org, which include it) and answers 403 without one; a user not
 * affiliated with the org gets 404. Installation tokens (a workflow's GITHUB_TOKEN, an App's) have
 * no user: 403. Org admins are the users who may delete and restore the org's package versions.
 */
import type { components } from "@octokit/openapi-types";
import { ApiError, notAccessibleByIntegration, notAccessibleByPersonalAccessToken } from "../errors";
import { toSimpleUser } from "../representations";
import type { EmulatorStore, TokenRecord } from "../store";
import type { ApiResponse } from "./context";

type OrgMembership = components["schemas"]["org-membership"];

/** The docs anchor of the operation, in every error body. */
const MEMBERSHIP_DOCS = "https://docs.github.com/rest/orgs/members#get-an-organization-membership-for-the-authenticated-user";

/** The classic scopes that read a user's own org memberships (write:org and admin:org include read:org). */
export const ORG_READ_SCOPES: readonly string[] = ["read:org", "write:org", "admin:org"];

/** The route's org, or undefined when the path is not /user/memberships/orgs/{org}. */
export function membershipOrgOf(method: string, path: string): string | undefined {
  const match = /^\/user\/memberships\/orgs\/([^/]+)$/.exec(path);
  if (method !== "GET" || match?.[1] === undefined) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

export function getOrgMembership(token: TokenRecord, org: string, store: EmulatorStore, baseUrl: string): ApiResponse {
  if (token.kind === "actions" || token.kind === "app") throw notAccessibleByIntegration(MEMBERSHIP_DOCS);
  if (token.kind === "fine-grained") throw notAccessibleByPersonalAccessToken(MEMBERSHIP_DOCS);
  if (!ORG_READ_SCOPES.some((scope) => token.scopes.includes(scope))) {
    throw new ApiError(403, "You need at least read:org scope to get your organization membership.", MEMBERSHIP_DOCS);
  }
  const key = org.toLowerCase();
  const role = token.orgAdmin.has(key) ? "admin" : token.orgMember.has(key) ? "member" : undefined;
  if (role === undefined) throw new ApiError(404, "Not Found", MEMBERSHIP_DOCS);
  const orgId = store.accountId(org);
  const orgApi = `${baseUrl}/orgs/${encodeURIComponent(org)}`;
  const body: OrgMembership = {
    url: `${orgApi}/memberships/${encodeURIComponent(token.login)}`,
    state: "active",
    role,
    organization_url: orgApi,
    organization: {
      login: org,
      id: orgId,
      node_id: Buffer.from(`04:Organization${orgId}`).toString("base64"),
      url: orgApi,
      repos_url: `${orgApi}/repos`,
      events_url: `${orgApi}/events`,
      hooks_url: `${orgApi}/hooks`,
      issues_url: `${orgApi}/issues`,
      members_url: `${orgApi}/members{/member}`,
      public_members_url: `${orgApi}/public_members{/member}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${orgId}?v=4`,
      description: null,
    },
    user: toSimpleUser(baseUrl, token.login, token.userId, "User"),
  };
  return { status: 200, body };
}
