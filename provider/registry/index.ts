/**
 * Reading container manifests from the registry (ghcr.io, GitHub Enterprise Server's container
 * host; the OCI distribution API) with the GitHub token: the reader (registry-reader.ts), its one
 * token exchange per package (registry-session.ts, token-exchange.ts, www-authenticate.ts), its
 * requests (registry-http.ts, bounded-map.ts, repository.ts), what it makes of the answers
 * (manifest-parsing.ts, oci-error-body.ts) and how it fails (registry-read-error.ts,
 * registry-context.ts, secret-redaction.ts).
 */
export {
  createRegistryReader,
  DEFAULT_REGISTRY_CONCURRENCY,
  DEFAULT_REGISTRY_TIMINGS,
  type RegistryReaderOptions,
} from "./registry-reader";
export { RegistryReadError, type RegistryReadFailure, type RegistryReadErrorDetails } from "./registry-read-error";
export type { RegistryHttpTimings } from "./registry-http";
