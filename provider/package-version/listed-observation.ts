import { reportedFailure, type FailureContext } from "../github/error-translation";
import type { GitHubPackageVersion } from "../github/versions-api";
import type { ListedVersions, PackageListing } from "../github/package-listing";
import type { VersionSelector } from "../core/package-version-types";
import { matcher, observeActive, type VersionObservation } from "./observation";
import { isPackageNotFound } from "../github/failure-class";

/** The active versions of the deployment's listing; undefined when the package is missing. */
export async function listedActive(listing: PackageListing, context: FailureContext): Promise<ListedVersions | undefined> {
  try {
    return await listing.list("active");
  } catch (error) {
    if (isPackageNotFound(error)) return undefined;
    throw reportedFailure(error, { ...context, action: "read" });
  }
}

/** The active version the selector names in the deployment's listing, if it is there. */
export async function findListedActive(
  listing: PackageListing,
  selector: VersionSelector,
  context: FailureContext,
): Promise<GitHubPackageVersion | undefined> {
  return (await listedActive(listing, context))?.find(matcher(selector));
}

/**
 * What the deployment's listings say about the version a selector names: active, else deleted in
 * the last 30 days. A version known by id that is in neither listing is re-checked with one GET
 * before it is called gone (it may have been published, or restored by hand, since the listing).
 * When the token may not list deleted versions (no delete:packages), a version known by id is
 * looked up with that GET, and the refusal is told only if the GET does not find it active.
 */
export async function observeListed(
  listing: PackageListing,
  selector: VersionSelector,
  context: FailureContext,
): Promise<VersionObservation> {
  const matches = matcher(selector);
  const active = await listedActive(listing, context);
  if (active === undefined) return { kind: "gone", packageMissing: true };
  const found = active.find(matches);
  if (found !== undefined) return { kind: "active", version: found };

  let deleted: ListedVersions;
  try {
    deleted = await listing.list("deleted");
  } catch (error) {
    if (isPackageNotFound(error)) return { kind: "gone", packageMissing: true };
    if (selector.versionId !== undefined) {
      const seen = await recheck(listing, selector.versionId, context);
      if (seen.kind === "active" || (seen.kind === "gone" && seen.packageMissing)) return seen;
    }
    throw reportedFailure(error, { ...context, action: "read", listingDeleted: true });
  }
  const deletedVersion = deleted.find(matches);
  if (deletedVersion !== undefined) return { kind: "deleted", version: deletedVersion };
  if (selector.versionId === undefined) return { kind: "gone", packageMissing: false };
  return recheck(listing, selector.versionId, context);
}

/** One GET by id for a version the listings do not show; what it finds goes into the listing. */
async function recheck(listing: PackageListing, versionId: number, context: FailureContext): Promise<VersionObservation> {
  const seen = await observeActive(listing.api, versionId, context);
  if (seen.kind === "active") {
    listing.recordActive(seen.version);
    return seen;
  }
  if (seen.kind === "gone") return seen;
  listing.recordGone(versionId);
  return { kind: "gone", packageMissing: false };
}

/** Files what was observed about a version (after a failed write) into the deployment's listing. */
export function recordObservation(listing: PackageListing, versionId: number, observed: VersionObservation): void {
  if (observed.kind === "active") listing.recordActive(observed.version);
  else if (observed.kind === "deleted") listing.recordDeleted(observed.version);
  else listing.recordGone(versionId);
}
