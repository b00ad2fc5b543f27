import { ProgramError } from "../core/program-error";
import type { PackageCoordinates } from "../core/package-version-types";
import { packageLabel } from "../core/version-label";

/** Why the registry could not be read. */
export type RegistryReadFailure =
  /** The registry's host did not answer (DNS, connection refused or reset, TLS), after retries. */
  | "unreachable"
  /** A request got no complete answer within the per-request timeout, after retries. */
  | "timeout"
  /** The token endpoint refused the GitHub token (401, 403). */
  | "token-refused"
  /** The token endpoint failed otherwise: another status, no token in its answer, an unusable challenge. */
  | "token-exchange-failed"
  /** A manifest request was refused with 401 although it carried the token the registry issued. */
  | "unauthorized"
  /** A manifest request was refused with 403 (OCI `DENIED`). */
  | "forbidden"
  /** The registry does not know the repository (404 `NAME_UNKNOWN`, or a 404 that names no manifest). */
  | "package-unknown"
  /** The registry (or its token endpoint) kept answering 5xx or 429 after retries. */
  | "registry-unavailable"
  /** Any other answer (an unexpected status). */
  | "unexpected-answer"
  /** A 200 whose body is not a manifest (not JSON, not an object, malformed entries). */
  | "invalid-manifest";

export interface RegistryReadErrorDetails {
  failure: RegistryReadFailure;
  /** The registry's origin: `https://ghcr.io`. */
  registry: string;
  coordinates: PackageCoordinates;
  /** The repository as the registry names it: `acme/api` (owner in lower case). */
  repository: string;
  /** The manifest being read, when the failure is about one. */
  digest?: string | undefined;
  /** The HTTP status that decided it, when there was one. */
  status?: number | undefined;
  /** What went wrong, in words, already free of secrets: `the registry answered 403 (DENIED: "…")`. */
  explanation: string;
  /** The lower-level failure (a network error), rebuilt from its words alone. */
  cause?: Error | undefined;
}

const ADVICE: Record<RegistryReadFailure, (d: RegistryReadErrorDetails) => string> = {
  unreachable: () =>
    "Check github:registryUrl (or GITHUB_REGISTRY_URL; GitHub Enterprise Server serves containers on its own host, not under the API URL) and the network, then run again.",
  timeout: () => "Run again later; if it persists, check github:registryUrl (or GITHUB_REGISTRY_URL) and the network.",
  "token-refused": (d) =>
    `The token needs read:packages and read access to ${d.repository}. Set one with \`pulumi config set --secret github:token\` or GITHUB_TOKEN.`,
  "token-exchange-failed": () =>
    "Check that github:registryUrl (or GITHUB_REGISTRY_URL) points at a container registry (OCI distribution API), then run again.",
  unauthorized: (d) =>
    `The token needs read:packages and read access to ${d.repository}. Set one with \`pulumi config set --secret github:token\` or GITHUB_TOKEN.`,
  forbidden: (d) =>
    `The token needs read:packages and read access to ${d.repository} (private packages: access granted to its user or repository).`,
  "package-unknown": () =>
    "Check the owner and packageName, that the token can read the package, and that github:registryUrl (or GITHUB_REGISTRY_URL) is the registry that serves it.",
  "registry-unavailable": () => "Run again later.",
  "unexpected-answer": () =>
    "Check that github:registryUrl (or GITHUB_REGISTRY_URL) points at a container registry (OCI distribution API).",
  "invalid-manifest": () => "Check that github:registryUrl (or GITHUB_REGISTRY_URL) points at a container registry (OCI distribution API).",
};

/**
 * The container registry could not be read for a package: which registry, which package (and
 * manifest), and why. It never carries the GitHub token, the registry's token or a request
 * header: its explanation is built from statuses and redacted registry text, and its cause is a
 * network error rebuilt from its words. Callers that get one delete no container version.
 */
export class RegistryReadError extends ProgramError {
  override readonly name = "RegistryReadError";
  readonly failure: RegistryReadFailure;
  /** The registry's origin: `https://ghcr.io`. */
  readonly registry: string;
  readonly coordinates: PackageCoordinates;
  /** `acme/api`: the owner and package as the registry names them. */
  readonly packageLabel: string;
  readonly digest: string | undefined;
  readonly status: number | undefined;
  /** What went wrong, in words. */
  readonly explanation: string;
  /** What to do about it. */
  readonly advice: string;

  constructor(details: RegistryReadErrorDetails) {
    const advice = ADVICE[details.failure](details);
    const manifest = details.digest !== undefined ? `, manifest ${details.digest}` : "";
    super(
      `Cannot read the container registry ${details.registry} for ${packageLabel(details.coordinates)} ` +
        `(${details.repository}${manifest}): ${details.explanation}. ${advice}`,
      details.cause !== undefined ? { cause: details.cause } : undefined,
    );
    this.failure = details.failure;
    this.registry = details.registry;
    this.coordinates = details.coordinates;
    this.packageLabel = details.repository;
    this.digest = details.digest;
    this.status = details.status;
    this.explanation = details.explanation;
    this.advice = advice;
  }

  override toString(): string {
    return `${this.name} (${this.failure})`;
  }
}
