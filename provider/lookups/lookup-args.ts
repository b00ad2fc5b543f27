import { ProgramError } from "../core/program-error";
import {
  composeValidators,
  unknownPropertyFailures,
  validatePackageAddress,
  validatePackageVersionInputs,
} from "../package-version/validation";
import type { PackageAddress, VersionSelector } from "../core/package-version-types";
import type { Inputs } from "../core/pulumi-inputs";
import { echoValue } from "../core/echoed-value";

export const LOOKUP_STATES = ["active", "deleted", "all"] as const;
/** Which versions to list: `active` (default), `deleted` (in the last 30 days) or `all`. */
export type LookupState = (typeof LOOKUP_STATES)[number];

/** Arguments of getPackageVersions. */
export interface GetPackageVersionsArgs extends PackageAddress {
  state?: LookupState;
}

/** Arguments of getPackageVersion: the package and exactly one of versionId, version or tag. */
export type GetPackageVersionArgs = PackageAddress & VersionSelector;

export type GetPackageVersionsOutputArgs = Inputs<GetPackageVersionsArgs>;
export type GetPackageVersionOutputArgs = Inputs<GetPackageVersionArgs>;

/** Bad look-up arguments, each failure naming the field and what is allowed. */
export class LookupArgumentError extends ProgramError {
  override readonly name = "LookupArgumentError";

  constructor(
    readonly lookup: string,
    readonly failures: readonly { property: string; reason: string }[],
  ) {
    super(`Invalid arguments to ${lookup}: ${failures.map((f) => `\`${f.property}\`: ${f.reason}`).join("; ")}`);
  }
}

const SELECTORS = ["versionId", "version", "tag"];

/** getPackageVersions' package and API, as PackageVersion checks them, and no property PackageVersion does not take either. */
const listedPackageFailures = composeValidators(validatePackageAddress, unknownPropertyFailures);

/** Checks owner, package and base URL as PackageVersion does, and `state`; throws LookupArgumentError. */
export function validateListArgs(args: GetPackageVersionsArgs): void {
  const { state, ...rest } = args as GetPackageVersionsArgs & Record<string, unknown>;
  const selectors = SELECTORS.filter((key) => rest[key] !== undefined);
  for (const key of SELECTORS) delete rest[key];
  const failures = listedPackageFailures(rest);
  for (const key of selectors) {
    failures.push({ property: key, reason: "getPackageVersions lists every version; use getPackageVersion to select one" });
  }
  if (state !== undefined && !(LOOKUP_STATES as readonly unknown[]).includes(state)) {
    failures.push({ property: "state", reason: `must be "active", "deleted" or "all", got ${echoValue(state)}` });
  }
  if (failures.length > 0) throw new LookupArgumentError("getPackageVersions", failures);
}

/** Checks owner, package, the one selector and base URL as PackageVersion does; throws LookupArgumentError. */
export function validateVersionArgs(args: GetPackageVersionArgs): void {
  const failures = validatePackageVersionInputs({ ...args });
  if (failures.length > 0) throw new LookupArgumentError("getPackageVersion", failures);
}
