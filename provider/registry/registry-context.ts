import type { PackageCoordinates } from "../core/package-version-types";
import { echoValue } from "../core/echoed-value";
import { ociErrorsOf } from "./oci-error-body";
import { RegistryReadError, type RegistryReadFailure } from "./registry-read-error";
import type { RegistryAnswer } from "./registry-http";
import type { SecretRedaction } from "./secret-redaction";

/** Which registry and package a reader reads, and how its errors are made: every registry text redacted. */
export class RegistryContext {
  constructor(
    /** The registry's URL without trailing slashes. */
    readonly registryUrl: string,
    readonly coordinates: PackageCoordinates,
    /** `acme/api`. */
    readonly repository: string,
    readonly redaction: SecretRedaction,
  ) {}

  /** The registry's origin, as errors name it. */
  get registry(): string {
    return new URL(this.registryUrl).origin;
  }

  /**
   * `answered 403 (DENIED: "requested access to the resource is denied")`: the status and the
   * OCI error the body gives, redacted and cut short; other bodies (an HTML page) are not quoted.
   */
  answerWords(who: string, answer: Pick<RegistryAnswer, "status" | "body">): string {
    const [first] = ociErrorsOf(answer.body);
    if (first === undefined) return `${who} answered ${answer.status}`;
    const message = first.message !== undefined ? `: ${echoValue(this.redaction.redact(first.message))}` : "";
    return `${who} answered ${answer.status} (${this.redaction.redact(first.code)}${message})`;
  }

  error(
    failure: RegistryReadFailure,
    explanation: string,
    extra: { digest?: string | undefined; status?: number | undefined; cause?: string | undefined } = {},
  ): RegistryReadError {
    let cause: Error | undefined;
    if (extra.cause !== undefined) {
      cause = new Error(this.redaction.redact(extra.cause));
      cause.stack = cause.message;
    }
    return new RegistryReadError({
      failure,
      registry: this.registry,
      coordinates: this.coordinates,
      repository: this.repository,
      digest: extra.digest,
      status: extra.status,
      explanation: this.redaction.redact(explanation),
      cause,
    });
  }
}
