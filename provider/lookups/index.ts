export { getPackageVersions, getPackageVersionsOutput } from "./get-package-versions";
export type { GetPackageVersionsResult } from "./get-package-versions";
export { getPackageVersion, getPackageVersionOutput } from "./get-package-version";
export { LOOKUP_STATES, LookupArgumentError } from "./lookup-args";
export type {
  GetPackageVersionArgs,
  GetPackageVersionOutputArgs,
  GetPackageVersionsArgs,
  GetPackageVersionsOutputArgs,
  LookupState,
} from "./lookup-args";
export { PackageVersionsLookupError } from "./lookup-error";
export type { PackageVersionInfo } from "../package-version/types";
export { getPackages, getPackagesOutput } from "./get-packages";
export type { GetPackagesResult, PackageInfo } from "./get-packages";
export type { GetPackagesArgs, GetPackagesOutputArgs } from "./get-packages-args";
export { PackagesLookupError } from "./packages-lookup-error";
