import * as pulumi from "@pulumi/pulumi";
import { PackageVersionError } from "../core/errors";
import { gitHubClient } from "../github/client";
import { reportedFailure } from "../github/error-translation";
import { packageListing, type PackageListing } from "../github/package-listing";
import type { PackageCoordinates } from "../core/package-version-types";
import { coordinatesOf } from "../core/package-coordinates";
import { validateListArgs, type GetPackageVersionsArgs, type GetPackageVersionsOutputArgs, type LookupState } from "./lookup-args";
import { PackageVersionsLookupError } from "./lookup-error";
import { programSettings } from "./program-settings";
import type { PackageVersionInfo } from "../core/package-version-types";
import { reportedVersion } from "../package-version/outputs";

export type GetPackageVersionsResult = PackageCoordinates & {
  state: LookupState;
  /** Active versions first, then deleted ones; each group newest first as GitHub lists them. */
  versions: PackageVersionInfo[];
};

function describe(state: LookupState): string {
  return state === "all" ? "the active and deleted versions" : `the ${state} versions`;
}

/**
 * Every version of a package in the given state (all pages), read in the program process with
 * `github:token` / GITHUB_TOKEN and `github:baseUrl` / GITHUB_BASE_URL / GITHUB_API_URL. Listing
 * deleted versions needs the delete:packages scope as well as read:packages. Each package is
 * listed once per program run: look-ups and retention policies over it share that listing.
 */
export async function getPackageVersions(args: GetPackageVersionsArgs): Promise<GetPackageVersionsResult> {
  validateListArgs(args);
  const coordinates = coordinatesOf(args);
  const state = args.state ?? "active";
  return translated(coordinates, args.baseUrl, describe(state), async (listing) => {
    // Both states: the listing's joined view, where a version deleted or restored between the two
    // requests is one version, in the state seen last.
    const listed =
      state === "all"
        ? await listing.joined()
        : {
            active: state === "active" ? (await listing.list("active")).all() : [],
            deleted: state === "deleted" ? (await listing.list("deleted")).all() : [],
          };
    const versions: PackageVersionInfo[] = [
      ...listed.active.map((v) => reportedVersion("present", v)),
      ...listed.deleted.map((v) => reportedVersion("deleted", v)),
    ];
    return { ...coordinates, state, versions } satisfies GetPackageVersionsResult;
  });
}

/** The active versions, or only the listing's two ends when `enough(count)` says they suffice (see PackageListing.listEndsIf). */
export interface ActiveVersionsListing {
  /** Newest first. */
  versions: PackageVersionInfo[];
  /** How many active versions the pages not read hold (0 when every page was read). */
  unlisted: number;
}

/**
 * The active versions of a package, but only the first and the last page (two requests) when
 * `enough` accepts the count they prove: for a plan that cannot delete any of that many versions.
 * Errors as getPackageVersions's.
 */
export async function getActiveVersionsEndsIf(
  args: GetPackageVersionsArgs,
  enough: (count: number) => boolean,
): Promise<ActiveVersionsListing> {
  validateListArgs(args);
  const coordinates = coordinatesOf(args);
  return translated(coordinates, args.baseUrl, describe("active"), async (listing) => {
    const { listed, unlisted } = await listing.listEndsIf("active", enough);
    return { versions: listed.all().map((v) => reportedVersion("present", v)), unlisted } satisfies ActiveVersionsListing;
  });
}

/** Runs `read` on the program run's listing of the package, its failures translated into a PackageVersionsLookupError. */
async function translated<T>(
  coordinates: PackageCoordinates,
  baseUrl: string | undefined,
  what: string,
  read: (listing: PackageListing) => Promise<T>,
): Promise<T> {
  try {
    const settings = programSettings({ coordinates, selector: {}, baseUrl });
    // Listed once per program run, whichever look-ups and policies ask (see provider/github/package-listing.ts).
    return await read(packageListing(gitHubClient(settings), coordinates));
  } catch (error) {
    const failure = reportedFailure(error, { action: "read", coordinates, selector: {} });
    if (failure instanceof PackageVersionError) throw new PackageVersionsLookupError(coordinates, what, failure);
    throw failure;
  }
}

/** getPackageVersions for arguments that may be Outputs. */
export function getPackageVersionsOutput(args: GetPackageVersionsOutputArgs): pulumi.Output<GetPackageVersionsResult> {
  return pulumi.output(args).apply((resolved) => getPackageVersions(resolved as GetPackageVersionsArgs));
}
