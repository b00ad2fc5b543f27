import { ProgramError } from "../core/program-error";
import type { PackageVersionError, PackageVersionErrorReason } from "../core/errors";
import type { PackageType } from "../core/package-types";
import type { PackageOwner } from "../core/package-version-types";
import { ownerLabel } from "../core/version-label";

/** getPackages failed: the reason and advice of PackageVersionError, worded for an owner's package list. No token, no headers. */
export class PackagesLookupError extends ProgramError {
  override readonly name = "PackagesLookupError";
  readonly reason: PackageVersionErrorReason;

  constructor(
    readonly owner: PackageOwner,
    readonly packageType: PackageType,
    cause: PackageVersionError,
  ) {
    super(`Cannot list the ${packageType} packages of ${ownerLabel({ ...owner, packageType, packageName: "*" })}: ${cause.explanation}`, {
      cause,
    });
    this.reason = cause.reason;
  }
}
