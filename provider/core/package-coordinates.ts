import type { DeclaredOwner, PackageAddress, PackageCoordinates, PackageOwner } from "./package-version-types";

/** What the input checks say when a declaration names no owner or both (provider/package-version/validation.ts's ownerFailures). */
export const OWNER_REQUIRED_REASON = "set exactly one of `org` (an organization) or `user` (a user) that owns the package";

/** A declared owner with exactly one of `org` or `user` checked already; not so is a bug, and this says which rule it broke. */
export class OwnerDeclarationError extends Error {
  override readonly name = "OwnerDeclarationError";
}

/**
 * The owner of checked inputs or recorded outputs: `{ org }` or `{ user }`. Every declaration is
 * checked before it gets here (check, the look-ups' and policies' argument checks), so a
 * declaration with neither or both is a bug in the caller, reported with the check's own words.
 */
export function ownerOf(declared: DeclaredOwner): PackageOwner {
  const org = typeof declared.org === "string" ? declared.org : undefined;
  const user = typeof declared.user === "string" ? declared.user : undefined;
  if (org !== undefined && user === undefined) return { org };
  if (user !== undefined && org === undefined) return { user };
  throw new OwnerDeclarationError(OWNER_REQUIRED_REASON);
}

/** The owner and package of checked inputs or recorded outputs, without anything else. */
export function coordinatesOf(args: PackageAddress): PackageCoordinates {
  return { ...ownerOf(args), packageType: args.packageType, packageName: args.packageName };
}

/** "org/acme" or "user/octocat": the owner's kind and name. */
function ownerPath(owner: PackageOwner): string {
  return owner.org !== undefined ? `org/${owner.org}` : `user/${owner.user}`;
}

/** "org/acme/container/api": owner kind and name, then the package; a resource id's stem. */
export function packagePath(coordinates: PackageCoordinates): string {
  return `${ownerPath(coordinates)}/${coordinates.packageType}/${coordinates.packageName}`;
}

/** The owner with its name lower-cased: GitHub's owner names are case-insensitive. */
function lowerCaseOwner(owner: PackageOwner): PackageOwner {
  return owner.org !== undefined ? { org: owner.org.toLowerCase() } : { user: owner.user.toLowerCase() };
}

/** "org/acme/container/api" with the owner lower-cased (owners are case-insensitive on GitHub): one key per package, the only one. */
export function packageKey(coordinates: PackageCoordinates): string {
  return packagePath({ ...lowerCaseOwner(coordinates), packageType: coordinates.packageType, packageName: coordinates.packageName });
}

const sameOwnerName = (a: string | undefined, b: string | undefined) => a?.toLowerCase() === b?.toLowerCase();

/** The coordinates that differ between a resource's recorded package and its declared one (owners case-insensitively): each replaces it. */
export function replacedCoordinates(olds: PackageAddress, news: PackageAddress): string[] {
  const replaces: string[] = [];
  if (!sameOwnerName(olds.org, news.org)) replaces.push("org");
  if (!sameOwnerName(olds.user, news.user)) replaces.push("user");
  if (olds.packageType !== news.packageType) replaces.push("packageType");
  if (olds.packageName !== news.packageName) replaces.push("packageName");
  return replaces;
}
