import * as pulumi from "@pulumi/pulumi";
import { PackageVersionError } from "../core/errors";
import { gitHubClient } from "../github/client";
import { reportedFailure } from "../github/error-translation";
import { listOwnerPackages, type GitHubPackage } from "../github/owner-packages-api";
import type { PackageType } from "../core/package-types";
import type { PackageCoordinates, PackageOwner } from "../core/package-version-types";
import { matchingPattern } from "../core/keep-patterns";
import { validatePackagesArgs, type GetPackagesArgs, type GetPackagesOutputArgs } from "./get-packages-args";
import { PackagesLookupError } from "./packages-lookup-error";
import { programSettings } from "./program-settings";

/** One package as getPackages reports it. */
export interface PackageInfo {
  name: string;
  packageType: PackageType;
  visibility: "public" | "private";
  /** Active versions. */
  versionCount: number;
  createdAt: string;
  updatedAt: string;
  htmlUrl: string;
  /** "owner/name" of the linked repository, when there is one. */
  repository?: string;
}

export type GetPackagesResult = PackageOwner & {
  packageType: PackageType;
  /** The patterns as given; empty when every package was asked for. */
  names: string[];
  /** The matching packages, by name. */
  packages: PackageInfo[];
};

function packageInfo(pkg: GitHubPackage, packageType: PackageType): PackageInfo {
  return {
    name: pkg.name,
    packageType,
    visibility: pkg.visibility,
    versionCount: pkg.version_count,
    createdAt: pkg.created_at,
    updatedAt: pkg.updated_at,
    htmlUrl: pkg.html_url,
    ...(pkg.repository?.full_name !== undefined ? { repository: pkg.repository.full_name } : {}),
  } satisfies PackageInfo;
}

/**
 * The packages of one type an org or user has, that the token can read (all pages), narrowed to
 * those whose name matches `names`: globs (`dev-*`) or `/regex/`, `!pattern` taking back what the
 * entries before it matched, as in a policy's `keep`. Read in the program process with the same
 * settings as the other look-ups; needs read:packages.
 */
export async function getPackages(args: GetPackagesArgs): Promise<GetPackagesResult> {
  const { owner, packageType, patterns } = validatePackagesArgs(args);
  // A coordinates shape for the shared settings and error wording; no single package is meant.
  const coordinates: PackageCoordinates = { ...owner, packageType, packageName: "*" };
  try {
    const settings = programSettings({ coordinates, selector: {}, baseUrl: args.baseUrl });
    const listed = await listOwnerPackages(gitHubClient(settings), owner, packageType);
    const packages = listed
      .filter((pkg) => patterns.length === 0 || matchingPattern(patterns, pkg.name) !== undefined)
      .map((pkg) => packageInfo(pkg, packageType))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { ...owner, packageType, names: [...(args.names ?? [])], packages } satisfies GetPackagesResult;
  } catch (error) {
    const failure = reportedFailure(error, { action: "read", coordinates, selector: {} });
    if (failure instanceof PackageVersionError) throw new PackagesLookupError(owner, packageType, failure);
    throw failure;
  }
}

/** getPackages for arguments that may be Outputs. */
export function getPackagesOutput(args: GetPackagesOutputArgs): pulumi.Output<GetPackagesResult> {
  return pulumi.output(args).apply((resolved) => getPackages(resolved as GetPackagesArgs));
}
