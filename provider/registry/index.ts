export { createRegistryReader, DEFAULT_REGISTRY_CONCURRENCY, DEFAULT_REGISTRY_TIMINGS, type RegistryReaderOptions } from "./registry-reader";
export { RegistryReadError, type RegistryReadFailure, type RegistryReadErrorDetails } from "./registry-read-error";
export type { RegistryHttpTimings } from "./registry-http";
