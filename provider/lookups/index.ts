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
export type { PackageVersionInfo } from "../core/package-version-types";
export { getPackages, getPackagesOutput } from "./get-packages";
export type { GetPackagesResult, PackageInfo } from "./get-packages";
export type { GetPackagesArgs, GetPackagesOutputArgs } from "./get-packages-args";
export { PackagesLookupError } from "./packages-lookup-error";
export { getContainerImages, getContainerImagesOutput } from "./get-container-images";
export type {
  BrokenImageInfo,
  ContainerImageInfo,
  GetContainerImagesResult,
  ImageChildInfo,
  ImageMemberInfo,
  ImageNestedInfo,
  ImageReferrerInfo,
  ImageRelation,
  ImageUnitInfo,
  ImageVersionInfo,
  MissingManifestInfo,
  OrphanInfo,
  ReferrerLink,
  SharedVersionInfo,
} from "./get-container-images";
export { CONTAINER_PACKAGE_TYPES } from "./get-container-images-args";
export type { ContainerPackageType, GetContainerImagesArgs, GetContainerImagesOutputArgs } from "./get-container-images-args";
