import { ProgramError } from "../core/program-error";
import { PackageVersionError, type PackageVersionErrorReason } from "../core/errors";
import type { PackageCoordinates } from "../core/package-version-types";
import { packageLabel } from "../core/version-label";

/**
 * A look-up over a package's versions that failed: the same reasons and advice as
 * PackageVersionError, worded for a list. Carries GitHub's message, never the token or headers.
 */
export class PackageVersionsLookupError extends ProgramError {
  override readonly name = "PackageVersionsLookupError";
  readonly reason: PackageVersionErrorReason;

  constructor(
    readonly coordinates: PackageCoordinates,
    readonly what: string,
    cause: PackageVersionError,
  ) {
    super(`Cannot list ${what} of ${packageLabel(coordinates)}: ${cause.explanation}`, { cause });
    this.reason = cause.reason;
  }
}
