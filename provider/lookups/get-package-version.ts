import * as pulumi from "@pulumi/pulumi";
import { PackageVersionError } from "../core/errors";
import { gitHubClient } from "../github/client";
import { observeListed } from "../package-version/listed-observation";
import { packageListing } from "../github/package-listing";
import { coordinatesOf } from "../core/package-coordinates";
import { selectorOf } from "../package-version/selector";
import { validateVersionArgs, type GetPackageVersionArgs, type GetPackageVersionOutputArgs } from "./lookup-args";
import { programSettings } from "./program-settings";
import type { PackageVersionInfo } from "../core/package-version-types";
import { reportedVersion } from "../package-version/outputs";

/**
 * One version by id, name or tag (container/docker): an active one, else one deleted in the last
 * 30 days (state "deleted", with deletedAt and restorableUntil). A version GitHub no longer has
 * fails with a PackageVersionError (version-not-found or package-not-found). Answered from the
 * program's one listing of the package (see provider/github/package-listing.ts); a version known by id that is
 * not listed is re-checked with one GET.
 */
export async function getPackageVersion(args: GetPackageVersionArgs): Promise<PackageVersionInfo> {
  validateVersionArgs(args);
  const coordinates = coordinatesOf(args);
  const selector = selectorOf(args);
  const settings = programSettings({ coordinates, selector, baseUrl: args.baseUrl });
  // The program's one listing of the package, shared with other look-ups and retention policies.
  const listing = packageListing(gitHubClient(settings), coordinates);
  const observed = await observeListed(listing, selector, { action: "read", coordinates, selector });
  if (observed.kind === "gone") {
    throw new PackageVersionError({
      reason: observed.packageMissing ? "package-not-found" : "version-not-found",
      action: "read",
      coordinates,
      selector,
    });
  }
  return reportedVersion(observed.kind === "active" ? "present" : "deleted", observed.version);
}

/** getPackageVersion for arguments that may be Outputs. */
export function getPackageVersionOutput(args: GetPackageVersionOutputArgs): pulumi.Output<PackageVersionInfo> {
  return pulumi.output(args).apply((resolved) => getPackageVersion(resolved as GetPackageVersionArgs));
}
