/** The package registries GitHub Packages serves, as the REST API names them. */
export const PACKAGE_TYPES = ["npm", "maven", "rubygems", "docker", "nuget", "container"] as const;
export type PackageType = (typeof PACKAGE_TYPES)[number];

/** Registries whose versions carry tags, so a version can be selected by tag. */
export const TAGGED_PACKAGE_TYPES: readonly PackageType[] = ["container", "docker"];

/** The state a version is declared to be in, or observed in. */
export const VERSION_STATES = ["present", "deleted"] as const;
export type VersionState = (typeof VERSION_STATES)[number];

export function isPackageType(value: unknown): value is PackageType {
  return typeof value === "string" && (PACKAGE_TYPES as readonly string[]).includes(value);
}

export function isTaggedPackageType(packageType: PackageType): boolean {
  return TAGGED_PACKAGE_TYPES.includes(packageType);
}
