import type { components } from "@octokit/openapi-types";
import type { GitHubClient } from "./client";
import type { PackageType } from "../core/package-types";
import type { PackageOwner } from "../core/package-version-types";

/** A package exactly as the REST API lists it. */
export type GitHubPackage = components["schemas"]["package"];

/** Every package of one type an owner has that the token can read, all pages (GET /orgs/{org}/packages, /users/{username}/packages). */
export async function listOwnerPackages(client: GitHubClient, owner: PackageOwner, packageType: PackageType): Promise<GitHubPackage[]> {
  const route =
    owner.org !== undefined
      ? { path: "GET /orgs/{org}/packages", params: { org: owner.org } }
      : { path: "GET /users/{username}/packages", params: { username: owner.user } };
  const all: GitHubPackage[] = [];
  const iterator = client.paginate.iterator(route.path, { ...route.params, package_type: packageType, per_page: 100 });
  for await (const page of iterator) all.push(...(page.data as GitHubPackage[]));
  return all;
}
