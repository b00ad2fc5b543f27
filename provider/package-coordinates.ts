import type { PackageCoordinates } from "./package-version/types";

/** The owner and package of validated inputs or outputs, without anything else. */
export function coordinatesOf(args: PackageCoordinates): PackageCoordinates {
  return {
    ...(args.org !== undefined ? { org: args.org } : {}),
    ...(args.user !== undefined ? { user: args.user } : {}),
    packageType: args.packageType,
    packageName: args.packageName,
  };
}
