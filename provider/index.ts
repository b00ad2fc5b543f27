/**
 * The public entry point, `pulumi-github-package-versions`: what the README and docs/*.md document
 * for users, and nothing else. The resources and the component, the look-ups, the types of their
 * arguments and outputs, the errors a program may catch, and `holdWritesUntil` (docs/safety.md).
 * The repository's own root project imports `pulumi-github-package-versions/root-project`, its
 * tests `pulumi-github-package-versions/testing` (docs/development.md#the-packages-entries).
 */

// The resources: PackageVersion (docs/package-version.md), PackageRetentionPolicy and
// PackageRetentionPolicies (docs/retention.md), with their arguments and outputs.
export { PackageVersion } from "./package-version/resource";
export type {
  PackageCoordinates,
  PackageVersionArgs,
  PackageVersionInputs,
  PackageVersionMetadata,
  PackageVersionOutputs,
  VersionSelector,
} from "./core/package-version-types";
export type { PackageType, VersionState } from "./core/package-types";
export { PackageRetentionPolicy } from "./retention/package-retention-policy";
export type { PackageRetentionPolicyData } from "./retention/package-retention-policy";
export type { PackageRetentionPolicyArgs } from "./retention/policy-args";
export { PackageRetentionPolicies } from "./retention/package-retention-policies";
export type { PackageRetentionPoliciesData } from "./retention/package-retention-policies";
export type { PackageRetentionPoliciesArgs } from "./retention/policies-args";
export type { PrereleaseRule, RetentionRules, UntaggedRule } from "./retention/retention-rules";
export type { BrokenImagePlan, RetentionAction, RetentionDecision } from "./retention/retention-plan-types";

// The look-ups (docs/lookups.md), with their arguments and results.
export { getPackageVersions, getPackageVersionsOutput } from "./lookups/get-package-versions";
export type { GetPackageVersionsResult } from "./lookups/get-package-versions";
export { getPackageVersion, getPackageVersionOutput } from "./lookups/get-package-version";
export type {
  GetPackageVersionArgs,
  GetPackageVersionOutputArgs,
  GetPackageVersionsArgs,
  GetPackageVersionsOutputArgs,
  LookupState,
} from "./lookups/lookup-args";
export type { PackageVersionInfo } from "./core/package-version-types";
export { getPackages, getPackagesOutput } from "./lookups/get-packages";
export type { GetPackagesResult, PackageInfo } from "./lookups/get-packages";
export type { GetPackagesArgs, GetPackagesOutputArgs } from "./lookups/get-packages-args";
export { getContainerImages, getContainerImagesOutput } from "./lookups/get-container-images";
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
} from "./lookups/get-container-images";
export type { ContainerPackageType, GetContainerImagesArgs, GetContainerImagesOutputArgs } from "./lookups/get-container-images-args";

// Refuse first, write after (docs/safety.md): work a program awaits before declaring resources.
export { holdWritesUntil } from "./core/write-gate";

// The errors a program may catch or test for. Raised in the program: ProgramError and its kinds.
export { ProgramError } from "./core/program-error";
export { ImportNotSupportedError, InvalidPackageVersionError } from "./package-version/resource";
export { EngineStalledError, RunRefusedError, WaitsOnHeldWriteError } from "./core/write-gate";
export { GitHubSettingsError } from "./core/settings";
export { LookupArgumentError } from "./lookups/lookup-args";
export { PackageVersionsLookupError } from "./lookups/lookup-error";
export { PackagesLookupError } from "./lookups/packages-lookup-error";
export { MaxDeletionsExceededError, RetentionRuleError } from "./retention/retention-errors";
export { LateVersionDeclarationError, OverlappingPoliciesError } from "./ownership/ownership-errors";
export { TokenPermissionError } from "./github/write-permission";
export { RegistryReadError } from "./registry/registry-read-error";
export type { RegistryReadFailure } from "./registry/registry-read-error";
// Raised by the provider (a failed read or write of a version), and when the engine is gone.
export { PackageVersionError } from "./core/errors";
export type { PackageVersionErrorDetails, PackageVersionErrorReason } from "./core/errors";
export type { TokenIdentity, TokenKind } from "./core/token-kind";
export { EngineGoneError } from "./core/engine-liveness";
