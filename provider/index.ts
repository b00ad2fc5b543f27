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
} from "./core/package-version-types";
export { PACKAGE_TYPES, VERSION_STATES } from "./core/package-types";
export { RESTORE_WINDOW_DAYS } from "./core/restore-window";
export type { PackageType, VersionState } from "./core/package-types";
export { PackageVersionError } from "./core/errors";
export type { PackageVersionErrorReason, PackageVersionErrorDetails } from "./core/errors";
export { validatePackageVersionInputs } from "./package-version/validation";
export { echoValue, MAX_ECHOED_LENGTH } from "./core/echoed-value";
export { PROTOTYPE_KEY_REASON, isPrototypeKey, prototypeKeysOf } from "./core/prototype-keys";
export { ProgramError } from "./core/program-error";
export { EngineGoneError } from "./core/engine-liveness";
export * from "./lookups";
export * from "./retention";
export { RegistryReadError } from "./registry";
export type { RegistryReadFailure } from "./registry";
export { GitHubSettingsError } from "./core/settings";
export { EngineStalledError, holdWritesUntil, runOutcome, RunRefusedError, WaitsOnHeldWriteError } from "./core/write-gate";
export { TokenPermissionError } from "./github/write-permission";
export type { TokenIdentity, TokenKind } from "./core/token-kind";
