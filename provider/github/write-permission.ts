/**
 * Before a plan's writes: may the token delete and restore this package's versions? Checked in the
 * program while it plans (at `pulumi preview` as at `up`), so a run that would be refused at its
 * first write is refused before it, with the fix in one sentence:
 *
 * - a classic token: its scopes, as GitHub reported them in X-OAuth-Scopes on the plan's listing
 *   (no request of its own; GET /user, once per token and process, only when nothing was asked yet),
 *   and for an org's package the user's role in the org: GitHub lets only org admins (owners) delete
 *   and restore, and tells the role only to a token with read:org (GET /user/memberships/orgs/{org},
 *   once per org and run, see org-role.ts). Without read:org the role is not asked: the check says so;
 * - a workflow's GITHUB_TOKEN: its repository's role on the package ("Manage Actions access").
 *   GitHub has no endpoint that reads that list, so the check asks what only the Admin role may
 *   see: the package's deleted versions (one GET of one item); Read and Write get 403 "Resource not
 *   accessible by integration", no role at all 404. Repository-scoped registries (maven, docker)
 *   are refused without a request: GitHub lets no workflow token delete there.
 *
 * Fine-grained and App tokens never get here: resolveSettings refuses them before any request.
 */
import { ProgramError } from "../core/program-error";
import type { PackageCoordinates } from "../core/package-version-types";
import { packageKey } from "../core/package-coordinates";
import { packageLabel } from "../core/version-label";
import { reportedScopesOf, type GitHubClient } from "./client";
import { classifyGitHubFailure, githubMessageOf } from "./failure-class";
import type { GitHubSettings } from "../core/settings";
import { classicTokenAdvice, classicTokenPage, orgPeoplePage, packageSettingsPage, webUrlOf } from "../core/token-advice";
import { tokenLogin } from "./token-login";
import { ORG_READ_SCOPES, orgRoleOf } from "./org-role";
import { runScopedPer } from "../core/program-run";
import type { TokenIdentity } from "../core/token-kind";

/** How many writes of each kind a plan makes to the package. */
export interface PlannedWriteCounts {
  deletions: number;
  restores: number;
  /** Versions whose tags are removed: a placeholder pushed under each tag (the registry's push), then its version deleted. */
  untags?: number;
}

/** A token that may not make a plan's writes, said before the first one: the package, the token's kind and the fix. */
export class TokenPermissionError extends ProgramError {
  override readonly name = "TokenPermissionError";

  constructor(
    readonly coordinates: PackageCoordinates,
    readonly tokenKind: TokenIdentity["kind"],
    /** What is missing and what to change, in one sentence. */
    readonly fix: string,
    /** The writes refused: "the retention plan's writes to npm package api of org acme". */
    subject = `the retention plan's writes to ${packageLabel(coordinates)}`,
  ) {
    super(`Cannot make ${subject}: ${fix} Nothing was changed.`);
  }
}

/** Registries with granular permissions, where a workflow's GITHUB_TOKEN may delete with the Admin role. */
const GRANULAR = new Set(["container", "npm", "nuget", "rubygems"]);

/** "read:packages and delete:packages". */
function scopeList(scopes: readonly string[]): string {
  return scopes.length <= 1 ? (scopes[0] ?? "") : `${scopes.slice(0, -1).join(", ")} and ${scopes[scopes.length - 1]}`;
}

/** The scopes a classic token needs for these writes, as GitHub's REST reference lists them. */
export function scopesFor(planned: PlannedWriteCounts): string[] {
  const scopes = new Set<string>();
  if (planned.deletions > 0) ["read:packages", "delete:packages"].forEach((s) => scopes.add(s));
  if (planned.restores > 0) ["read:packages", "write:packages"].forEach((s) => scopes.add(s));
  if ((planned.untags ?? 0) > 0) ["read:packages", "write:packages", "delete:packages"].forEach((s) => scopes.add(s));
  return [...scopes];
}

/**
 * Checks that the client's token may make the planned writes; throws TokenPermissionError when it
 * may not. Returns what was checked, for the plan's budget line. No request when nothing is written.
 */
export async function checkWritePermission(
  client: GitHubClient,
  settings: Pick<GitHubSettings, "tokenIdentity" | "baseUrl">,
  coordinates: PackageCoordinates,
  planned: PlannedWriteCounts,
  subject?: string,
): Promise<string> {
  if (planned.deletions + planned.restores + (planned.untags ?? 0) === 0) return "no writes planned, no permission needed";
  const identity = settings.tokenIdentity;
  const web = webUrlOf(settings.baseUrl);
  const refuse = (fix: string): never => {
    throw new TokenPermissionError(coordinates, identity.kind, fix, subject);
  };
  if (identity.kind === "actions") return checkWorkflowToken(client, identity, coordinates, web, refuse);
  return checkClassicToken(client, coordinates, planned, web, refuse);
}

/** The role checks made in this run, per client and package: a package's declared versions share one. */
const ROLE_CHECKS = Symbol("workflow token role checks");

async function checkClassicToken(
  client: GitHubClient,
  coordinates: PackageCoordinates,
  planned: PlannedWriteCounts,
  web: string,
  refuse: (fix: string) => never,
): Promise<string> {
  const needed = scopesFor(planned);
  // The listing's answers carried X-OAuth-Scopes: no request of its own, unless none was made with this client.
  let scopes = reportedScopesOf(client);
  if (scopes === undefined) {
    const seen = await tokenLogin(client);
    if (!("login" in seen)) return `scopes not checked (${seen.unknown})`;
    scopes = seen.scopes;
  }
  if (scopes === undefined) return "GitHub reported no scopes for it (X-OAuth-Scopes): not checked";
  const held = scopes;
  const missing = needed.filter((scope) => !held.includes(scope));
  if (missing.length > 0) {
    const has = held.length > 0 ? scopeList(held) : "no scopes";
    refuse(
      `this token lacks ${scopeList(missing)} (it has ${has}, as GitHub's X-OAuth-Scopes says): add ${missing.length > 1 ? "them" : "it"} at ${classicTokenPage([], web)} ` +
        `(edit the token and check ${scopeList(missing)}, or make one at ${classicTokenPage(needed, web)}).`,
    );
  }
  const present = `scopes ${scopeList(needed)} present`;
  if (coordinates.org === undefined) return present;
  return `${present}; ${await checkOrgRole(client, coordinates, coordinates.org, held, web, refuse)}`;
}

/**
 * An org's package: GitHub lets only the org's admins (owners; on registries with granular
 * permissions, with the Admin role on the package, which owners have) delete and restore. The role
 * is asked only of a token with read:org; without it, the check says it was not asked.
 */
async function checkOrgRole(
  client: GitHubClient,
  coordinates: PackageCoordinates,
  org: string,
  held: readonly string[],
  web: string,
  refuse: (fix: string) => never,
): Promise<string> {
  if (!held.some((scope) => ORG_READ_SCOPES.includes(scope))) {
    return `the user's role in org ${org} not checked (no read:org)`;
  }
  const role = await orgRoleOf(client, org);
  if (role.kind === "admin") return `${role.login} is an owner of org ${org}`;
  if (role.kind === "unknown") return `the user's role in org ${org} not checked (GitHub answered ${role.answer})`;
  const who =
    role.kind === "not-member"
      ? `the token's user is not a member of org ${org}`
      : `the token's user ${role.login} is ${role.state === "pending" ? "invited to" : "a member of"} org ${org} with the role ${role.role}`;
  const whom = role.kind === "not-member" ? "the token's user" : role.login;
  const packageRole = GRANULAR.has(coordinates.packageType)
    ? ` (with the Admin role on the package, which owners have: package settings > Manage access, ${packageSettingsPage(coordinates, web)})`
    : "";
  return refuse(
    `${who}, and GitHub lets only an org's owners delete and restore its package versions${packageRole}: ` +
      `an owner of ${org} makes ${whom} an Owner at ${orgPeoplePage(org, web)} (People > Change role), or the run uses a classic token of an owner of ${org}.`,
  );
}

async function checkWorkflowToken(
  client: GitHubClient,
  identity: TokenIdentity,
  coordinates: PackageCoordinates,
  web: string,
  refuse: (fix: string) => never,
): Promise<string> {
  if (!GRANULAR.has(coordinates.packageType)) {
    refuse(
      `GitHub does not let a workflow's GITHUB_TOKEN delete or restore ${coordinates.packageType} packages (their permissions are repository-scoped): ${classicTokenAdvice(web)}.`,
    );
  }
  const answer = await runScopedPer(ROLE_CHECKS, client, packageKey(coordinates), () => askRole(client, coordinates));
  const repository = identity.repository ?? "?";
  const label = packageLabel(coordinates);
  const settingsPage = packageSettingsPage(coordinates, web);
  if (answer.kind === "not-admin") {
    refuse(
      `the workflow's repository ${repository} has no Admin role on ${label}: package settings > Manage Actions access > add ${repository} as Admin (${settingsPage}); ` +
        `the job also needs \`permissions: packages: write\`. (GitHub said 403 "${answer.message}"; a GitHub App's ghs_ token gets the same answer, and GitHub Packages does not accept App tokens.)`,
    );
  }
  if (answer.kind === "invisible") {
    refuse(
      `the workflow's repository ${repository} may not see ${label}, or it does not exist (GitHub answers 404 for both): package settings > Manage Actions access > add ${repository} as Admin (${settingsPage}).`,
    );
  }
  return `the workflow's GITHUB_TOKEN of ${repository}, Admin on the package`;
}

/** What GitHub answered the one read only the Admin role may make. */
type RoleCheck = { kind: "admin" } | { kind: "not-admin"; message: string } | { kind: "invisible" };

async function askRole(client: GitHubClient, coordinates: PackageCoordinates): Promise<RoleCheck> {
  try {
    const route =
      coordinates.org !== undefined
        ? client.request("GET /orgs/{org}/packages/{package_type}/{package_name}/versions", {
            org: coordinates.org,
            package_type: coordinates.packageType,
            package_name: coordinates.packageName,
            state: "deleted",
            per_page: 1,
          })
        : client.request("GET /users/{username}/packages/{package_type}/{package_name}/versions", {
            username: coordinates.user,
            package_type: coordinates.packageType,
            package_name: coordinates.packageName,
            state: "deleted",
            per_page: 1,
          });
    await route;
    return { kind: "admin" };
  } catch (error) {
    const failureClass = classifyGitHubFailure(error);
    if (failureClass === "forbidden" || failureClass === "missing-scopes")
      return { kind: "not-admin", message: githubMessageOf(error) ?? "?" };
    if (failureClass === "package-not-found" || failureClass === "version-not-found") return { kind: "invisible" };
    throw error;
  }
}
