import { ProgramError } from "../program-error";
import type { PackageVersionError, PackageVersionErrorReason } from "../errors";
import type { PackageType } from "../package-types";
import { ownerLabel } from "../version-label";

/** getPackages failed: the reason and advice of PackageVersionError, worded for an owner's package list. No token, no headers. */
export class PackagesLookupError extends ProgramError {
  override readonly name = "PackagesLookupError";
  readonly reason: PackageVersionErrorReason;

  constructor(
    readonly owner: { org?: string; user?: string },
    readonly packageType: PackageType,
    cause: PackageVersionError,
  ) {
    super(`Cannot list the ${packageType} packages of ${ownerLabel({ ...owner, packageType, packageName: "*" })}: ${cause.explanation}`, { cause });
    this.reason = cause.reason;
  }
}
