import { ProgramError } from "../core/program-error";
import type { PackageCoordinates } from "../core/package-version-types";
import { packageLabel } from "../core/version-label";

/** Why a write to the registry (an untag's placeholder push) did not go through. */
export type RegistryWriteFailure =
  /** The registry or its token endpoint did not answer (network, timeout). */
  | "unreachable"
  /** The token endpoint refused the GitHub token, or the registry refused the push (401, 403 DENIED). */
  | "push-denied"
  /** Any other answer: an unexpected status, a challenge that cannot be used. */
  | "unexpected-answer";

export interface RegistryWriteErrorDetails {
  failure: RegistryWriteFailure;
  /** The registry's origin: `https://ghcr.io`. */
  registry: string;
  coordinates: PackageCoordinates;
  /** The version whose tag was being removed: its id and name (digest), when the write was for one. */
  versionId?: number | undefined;
  versionName?: string | undefined;
  /** The tag being moved. */
  tag?: string | undefined;
  status?: number | undefined;
  /** What happened, in words, already free of secrets. */
  explanation: string;
}

const ADVICE: Record<RegistryWriteFailure, string> = {
  unreachable: "Check github:registryUrl (or GITHUB_REGISTRY_URL) and the network, then run again.",
  "push-denied":
    "Untagging pushes to the registry: the token needs write:packages (classic token) or the package's write role, and delete:packages.",
  "unexpected-answer": "Check that github:registryUrl (or GITHUB_REGISTRY_URL) points at a container registry (OCI distribution API).",
};

/**
 * A registry write failed: which registry, package, version and tag, and why. Its message is
 * built from statuses and redacted registry text: never the GitHub token or the registry's token.
 */
export class RegistryWriteError extends ProgramError {
  override readonly name = "RegistryWriteError";
  readonly failure: RegistryWriteFailure;
  readonly registry: string;
  readonly coordinates: PackageCoordinates;
  readonly versionId: number | undefined;
  readonly tag: string | undefined;
  readonly status: number | undefined;
  readonly explanation: string;

  constructor(details: RegistryWriteErrorDetails) {
    const version =
      details.versionId !== undefined
        ? `, version ${details.versionId}${details.versionName !== undefined ? ` (${details.versionName})` : ""}`
        : "";
    const tag = details.tag !== undefined ? `, tag ${details.tag}` : "";
    super(
      `Cannot write to the container registry ${details.registry} for ${packageLabel(details.coordinates)}${version}${tag}: ${details.explanation}. ${ADVICE[details.failure]}`,
    );
    this.failure = details.failure;
    this.registry = details.registry;
    this.coordinates = details.coordinates;
    this.versionId = details.versionId;
    this.tag = details.tag;
    this.status = details.status;
    this.explanation = details.explanation;
  }

  override toString(): string {
    return `${this.name} (${this.failure})`;
  }
}
