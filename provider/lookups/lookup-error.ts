import { ProgramError } from "../program-error";
import { PackageVersionError, type PackageVersionErrorReason } from "../errors";
import type { PackageCoordinates } from "../package-version-types";
import { packageLabel, selectorLabel } from "../version-label";

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
    // PackageVersionError says "Cannot read version ? of <package>: <why>. <advice>" for a call with no selector.
    const prefix = `Cannot ${cause.details.action} ${selectorLabel({})} of ${packageLabel(coordinates)}`;
    const rest = cause.message.startsWith(prefix) ? cause.message.slice(prefix.length) : `: ${cause.message}`;
    super(`Cannot list ${what} of ${packageLabel(coordinates)}${rest}`, { cause });
    this.reason = cause.reason;
  }
}
