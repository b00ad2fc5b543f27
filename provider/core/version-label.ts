import type { PackageCoordinates, VersionSelector } from "./package-version-types";

/** "org acme" or "user octocat". */
export function ownerLabel(coordinates: PackageCoordinates): string {
  return coordinates.org !== undefined ? `org ${coordinates.org}` : `user ${coordinates.user}`;
}

/** "container package api of org acme". */
export function packageLabel(coordinates: PackageCoordinates): string {
  return `${coordinates.packageType} package ${coordinates.packageName} of ${ownerLabel(coordinates)}`;
}

/** "version 1.4.2", "version id 1001", "tag latest", or the version's name and id when both are known. */
export function selectorLabel(selector: VersionSelector & { name?: string }): string {
  if (selector.name !== undefined && selector.versionId !== undefined) {
    return `version ${selector.name} (id ${selector.versionId})`;
  }
  if (selector.versionId !== undefined) return `version id ${selector.versionId}`;
  if (selector.version !== undefined) return `version ${selector.version}`;
  if (selector.tag !== undefined) return `tag ${selector.tag}`;
  return "version ?";
}
