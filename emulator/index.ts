export { type Emulator, type EmulatorOptions, startEmulator } from "./server";
export {
  type EmulatorSeed,
  type SeedToken,
  type SeedPackage,
  type SeedVersion,
  type SeedManifest,
  type SeedManifestEntry,
  type PackageType,
  type OwnerType,
  type Visibility,
  type TokenKind,
  type ActionsRole,
  type SeedActionsAccess,
  TOKEN_KINDS,
  PACKAGE_TYPES,
  SeedValidationError,
  parseSeed,
} from "./seed";
export { AdminRequestError } from "./admin-request-error";
export { type FaultRule } from "./faults";
export { type RateLimitSettings, DEFAULT_RATE_LIMITS } from "./rate-limits";
export { type RequestLogEntry } from "./request-log";
export { type EmulatorStateSnapshot } from "./store";
export { type ErrorBody } from "./errors";
export { type PackageVersionBody, type PackageBody } from "./representations";
export { type OciErrorBody } from "./registry/oci-errors";
export { type TokenBody } from "./registry/token-endpoint";
export { type TagListBody } from "./registry/tags";
export { MANIFEST_MEDIA_TYPES, type ManifestMediaType } from "./registry/media-types";
