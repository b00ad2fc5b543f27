/** Response bodies shaped like GitHub's OpenAPI schemas (package-version, package, simple-user, minimal-repository). */
import type { components } from "@octokit/openapi-types";
import type { EmulatorStore, PackageRecord, VersionRecord } from "./store";
import { isoTime } from "./store";

type Schemas = components["schemas"];
/**
 * The OpenAPI types html_url as a string, but GitHub lists deleted versions with html_url null,
 * so the emulator does too (docs/emulator.md, Behaviour).
 */
export type PackageVersionBody = Omit<Schemas["package-version"], "html_url"> & { html_url?: string | null };
export type PackageBody = Schemas["package"];
type SimpleUser = Schemas["simple-user"];
type MinimalRepository = Schemas["minimal-repository"];

const WEB = "https://github.com";

/** /orgs/acme or /users/octocat: the canonical API path of an owner (the /user scope links to /users/{login}). */
function ownerPath(pkg: PackageRecord): string {
  return `${pkg.ownerType === "org" ? "/orgs" : "/users"}/${encodeURIComponent(pkg.owner)}`;
}

export function packageApiUrl(baseUrl: string, pkg: PackageRecord): string {
  return `${baseUrl}${ownerPath(pkg)}/packages/${pkg.packageType}/${encodeURIComponent(pkg.name)}`;
}

export function packageHtmlUrl(pkg: PackageRecord): string {
  return `${WEB}${ownerPath(pkg)}/packages/${pkg.packageType}/package/${encodeURIComponent(pkg.name)}`;
}

function metadata(pkg: PackageRecord, v: VersionRecord): NonNullable<Schemas["package-version"]["metadata"]> {
  switch (pkg.packageType) {
    case "container":
      return { package_type: "container", container: { tags: [...v.tags] } };
    case "docker":
      return { package_type: "docker", docker: { tag: [...v.tags] } };
    default:
      return { package_type: pkg.packageType };
  }
}

export function toPackageVersion(baseUrl: string, pkg: PackageRecord, v: VersionRecord): PackageVersionBody {
  const body: PackageVersionBody = {
    id: v.id,
    name: v.name,
    url: `${packageApiUrl(baseUrl, pkg)}/versions/${v.id}`,
    package_html_url: packageHtmlUrl(pkg),
    html_url:
      v.deletedAt === undefined ? `${WEB}${ownerPath(pkg)}/packages/${pkg.packageType}/${encodeURIComponent(pkg.name)}/${v.id}` : null,
    created_at: isoTime(v.createdAt),
    updated_at: isoTime(v.updatedAt),
    metadata: metadata(pkg, v),
  } satisfies PackageVersionBody;
  if (v.license !== undefined) body.license = v.license;
  if (v.description !== undefined) body.description = v.description;
  if (v.deletedAt !== undefined) body.deleted_at = isoTime(v.deletedAt);
  return body;
}

export function toSimpleUser(baseUrl: string, login: string, id: number, type: "User" | "Organization"): SimpleUser {
  const api = `${baseUrl}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: Buffer.from(`04:${type}${id}`).toString("base64"),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: `${WEB}/${encodeURIComponent(login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    site_admin: false,
    user_view_type: "public",
  } satisfies SimpleUser;
}

function toMinimalRepository(baseUrl: string, store: EmulatorStore, pkg: PackageRecord, fullName: string): MinimalRepository {
  const [repoOwner = pkg.owner, name = fullName] = fullName.split("/");
  const api = `${baseUrl}/repos/${fullName}`;
  const id = store.accountId(`repository:${fullName}`);
  const ownerType = repoOwner.toLowerCase() === pkg.owner.toLowerCase() && pkg.ownerType === "org" ? "Organization" : "User";
  return {
    id,
    node_id: Buffer.from(`010:Repository${id}`).toString("base64"),
    name,
    full_name: fullName,
    owner: toSimpleUser(baseUrl, repoOwner, store.accountId(repoOwner), ownerType),
    private: pkg.visibility === "private",
    html_url: `${WEB}/${fullName}`,
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    hooks_url: `${api}/hooks`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
  } satisfies MinimalRepository;
}

export function toPackage(baseUrl: string, store: EmulatorStore, pkg: PackageRecord): PackageBody {
  const body: PackageBody = {
    id: pkg.id,
    name: pkg.name,
    package_type: pkg.packageType,
    url: packageApiUrl(baseUrl, pkg),
    html_url: packageHtmlUrl(pkg),
    version_count: store.activeCount(pkg),
    visibility: pkg.visibility,
    owner: toSimpleUser(baseUrl, pkg.owner, store.accountId(pkg.owner), pkg.ownerType === "org" ? "Organization" : "User"),
    created_at: isoTime(pkg.createdAt),
    updated_at: isoTime(pkg.updatedAt),
  } satisfies PackageBody;
  if (pkg.repository !== undefined) body.repository = toMinimalRepository(baseUrl, store, pkg, pkg.repository);
  return body;
}
