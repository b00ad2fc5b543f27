import { validateOwnerPackages } from "../package-version/validation";
import type { PackageOwner } from "../core/package-version-types";
import { ownerOf } from "../core/package-coordinates";
import type { PackageType } from "../core/package-types";
import type { PackageAddress } from "../core/package-version-types";
import type { Inputs } from "../core/pulumi-inputs";
import { compileKeepPatterns, PatternError, type KeepPattern } from "../core/keep-patterns";
import { LookupArgumentError } from "./lookup-args";

/** Arguments of getPackages: an org or a user, a package type, and optionally name patterns. */
export interface GetPackagesArgs extends Omit<PackageAddress, "packageName"> {
  /** Globs (`dev-*`, `api?`) or `/regex/`, `!pattern` to take back; absent or empty: every package. */
  names?: string[];
}

export type GetPackagesOutputArgs = Inputs<GetPackagesArgs>;

export interface CheckedPackagesArgs {
  owner: PackageOwner;
  packageType: PackageType;
  patterns: KeepPattern[];
}

const KNOWN = new Set(["org", "user", "packageType", "names", "baseUrl"]);

/** Checks owner, type and base URL as PackageVersion does, and the patterns; throws LookupArgumentError naming every bad field. */
export function validatePackagesArgs(args: GetPackagesArgs): CheckedPackagesArgs {
  const { names, ...rest } = args as GetPackagesArgs & Record<string, unknown>;
  const failures: { property: string; reason: string }[] = [];
  for (const key of Object.keys(rest)) {
    if (!KNOWN.has(key))
      failures.push({ property: key, reason: `getPackages takes org or user, packageType, names and baseUrl; remove \`${key}\`` });
  }
  const known = Object.fromEntries(Object.entries(rest).filter(([key]) => KNOWN.has(key)));
  failures.push(...validateOwnerPackages(known));
  let patterns: KeepPattern[] = [];
  try {
    patterns = compileKeepPatterns(names, "names", "package names");
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    failures.push({ property: error.field, reason: error.reason });
  }
  if (failures.length > 0) throw new LookupArgumentError("getPackages", failures);
  return { owner: ownerOf(args), packageType: args.packageType, patterns } satisfies CheckedPackagesArgs;
}
