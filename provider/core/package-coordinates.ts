import type { PackageCoordinates } from "./package-version-types";

/** The owner and package of validated inputs or outputs, without anything else. */
export function coordinatesOf(args: PackageCoordinates): PackageCoordinates {
  return {
    ...(args.org !== undefined ? { org: args.org } : {}),
    ...(args.user !== undefined ? { user: args.user } : {}),
    packageType: args.packageType,
    packageName: args.packageName,
  };
}

/** "org/acme/container/api": owner kind and name, then the package; a resource id's stem. */
export function packagePath(coordinates: PackageCoordinates): string {
  const owner = coordinates.org !== undefined ? `org/${coordinates.org}` : `user/${coordinates.user ?? ""}`;
  return `${owner}/${coordinates.packageType}/${coordinates.packageName}`;
}

/** "org/acme/container/api" with the owner lower-cased (owners are case-insensitive on GitHub): one key per package. */
export function packageKey(coordinates: PackageCoordinates): string {
  return packagePath({
    ...coordinates,
    ...(coordinates.org !== undefined ? { org: coordinates.org.toLowerCase() } : { user: (coordinates.user ?? "").toLowerCase() }),
  });
}

const sameOwnerName = (a: string | undefined, b: string | undefined) => a?.toLowerCase() === b?.toLowerCase();

/** The coordinates that differ between a resource's recorded package and its declared one (owners case-insensitively): each replaces it. */
export function replacedCoordinates(olds: PackageCoordinates, news: PackageCoordinates): string[] {
  const replaces: string[] = [];
  if (!sameOwnerName(olds.org, news.org)) replaces.push("org");
  if (!sameOwnerName(olds.user, news.user)) replaces.push("user");
  if (olds.packageType !== news.packageType) replaces.push("packageType");
  if (olds.packageName !== news.packageName) replaces.push("packageName");
  return replaces;
}
