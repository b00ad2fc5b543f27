import type { components } from "@octokit/openapi-types";
import type { GitHubClient } from "./client";
import type { PackageCoordinates } from "../package-version/types";
import { isoSeconds } from "./rate-limit-wait";

/** A package version exactly as the REST API returns it. */
export type GitHubPackageVersion = components["schemas"]["package-version"];

export type ListState = "active" | "deleted";

/** The route prefix and parameters of a package, for an org or a user owner. */
function packageRoute(coordinates: PackageCoordinates): { path: string; params: Record<string, string> } {
  const common = { package_type: coordinates.packageType, package_name: coordinates.packageName };
  if (coordinates.org !== undefined) {
    return { path: "/orgs/{org}/packages/{package_type}/{package_name}", params: { org: coordinates.org, ...common } };
  }
  return {
    path: "/users/{username}/packages/{package_type}/{package_name}",
    params: { username: coordinates.user ?? "", ...common },
  };
}

/** The four version calls the provider makes, for any owner scope. */
export class PackageVersionsApi {
  constructor(
    private readonly client: GitHubClient,
    private readonly coordinates: PackageCoordinates,
  ) {}

  async get(versionId: number): Promise<GitHubPackageVersion> {
    const { path, params } = packageRoute(this.coordinates);
    const response = await this.client.request(`GET ${path}/versions/{package_version_id}`, {
      ...params,
      package_version_id: versionId,
    });
    return response.data as GitHubPackageVersion;
  }

  /** The first version in the list that matches, reading pages only until it is found. */
  async find(state: ListState, matches: (version: GitHubPackageVersion) => boolean): Promise<GitHubPackageVersion | undefined> {
    for await (const page of this.pages(state)) {
      const found = page.find(matches);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Every version in the given state, all pages. */
  async list(state: ListState): Promise<GitHubPackageVersion[]> {
    const all: GitHubPackageVersion[] = [];
    for await (const page of this.pages(state)) all.push(...page);
    return all;
  }

  /** Deletes the version; resolves to the time GitHub answered (its Date header, else now), when the version was deleted. */
  async delete(versionId: number): Promise<string> {
    const { path, params } = packageRoute(this.coordinates);
    const response = await this.client.request(`DELETE ${path}/versions/{package_version_id}`, { ...params, package_version_id: versionId });
    const answered = Date.parse(String(response.headers.date ?? ""));
    return isoSeconds(Number.isNaN(answered) ? Date.now() : answered);
  }

  async restore(versionId: number): Promise<void> {
    const { path, params } = packageRoute(this.coordinates);
    await this.client.request(`POST ${path}/versions/{package_version_id}/restore`, {
      ...params,
      package_version_id: versionId,
    });
  }

  private async *pages(state: ListState): AsyncGenerator<GitHubPackageVersion[]> {
    const { path, params } = packageRoute(this.coordinates);
    const iterator = this.client.paginate.iterator(`GET ${path}/versions`, { ...params, state, per_page: 100 });
    for await (const page of iterator) yield page.data as GitHubPackageVersion[];
  }
}
