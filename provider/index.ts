export { ImportNotSupportedError, InvalidPackageVersionError, PackageVersion } from "./package-version/resource";
import packageVersionProvider = require("./package-version-provider");
export { packageVersionProvider };
export type {
  PackageCoordinates,
  PackageVersionArgs,
  PackageVersionInputs,
  PackageVersionMetadata,
  PackageVersionOutputs,
  VersionSelector,
} from "./package-version/types";
export { PACKAGE_TYPES, VERSION_STATES } from "./package-types";
export { RESTORE_WINDOW_DAYS } from "./restore-window";
export type { PackageType, VersionState } from "./package-types";
export { PackageVersionError } from "./errors";
export type { PackageVersionErrorReason, PackageVersionErrorDetails } from "./errors";
export { validatePackageVersionInputs } from "./package-version/validation";
export { echoValue, MAX_ECHOED_LENGTH } from "./echoed-value";
export { PROTOTYPE_KEY_REASON, isPrototypeKey, prototypeKeysOf } from "./prototype-keys";
export { ProgramError } from "./program-error";
export { EngineGoneError } from "./engine-liveness";
export * from "./lookups";
export * from "./retention";
export { RegistryReadError } from "./registry";
export type { RegistryReadFailure } from "./registry";
export { GitHubSettingsError } from "./github/settings";
export { EngineStalledError, holdWritesUntil, runOutcome, RunRefusedError, WaitsOnHeldWriteError } from "./write-gate";
export { TokenPermissionError } from "./github/write-permission";
export type { TokenIdentity, TokenKind } from "./github/token-kind";
