import { GitHubSettingsError, parseRegistryUrl, redactedUrl } from "../core/settings";
import { echoValue } from "../core/echoed-value";
import { coordinatesOf } from "../core/package-coordinates";
import { baseUrlFailures, composeValidators, isSecretLikeKey, ownerFailures, packageNameFailures } from "../package-version/validation";
import type { PackageAddress, PackageCoordinates } from "../core/package-version-types";
import type { Inputs } from "../core/pulumi-inputs";
import { LookupArgumentError } from "./lookup-args";

/** The package types whose versions are manifests in a container registry. */
export const CONTAINER_PACKAGE_TYPES = ["container", "docker"] as const;
export type ContainerPackageType = (typeof CONTAINER_PACKAGE_TYPES)[number];

/** Arguments of getContainerImages: a container (or docker) package of an org or a user. */
export interface GetContainerImagesArgs extends Omit<PackageAddress, "packageType"> {
  /** `container` (default) or `docker`. */
  packageType?: ContainerPackageType;
  /** Overrides `github:registryUrl`: the registry the manifests are read from. */
  registryUrl?: string;
}

export type GetContainerImagesOutputArgs = Inputs<GetContainerImagesArgs>;

export interface CheckedContainerImagesArgs {
  coordinates: PackageCoordinates;
  baseUrl: string | undefined;
  /** The registry override, without trailing slashes. */
  registryUrl: string | undefined;
}

const KNOWN = new Set(["org", "user", "packageName", "packageType", "baseUrl", "registryUrl"]);

/** The owner, package name and API of the images looked up: PackageVersion's checks of these fields (the type is checked here). */
const imagePackageFailures = composeValidators(ownerFailures, packageNameFailures, baseUrlFailures);

function isContainerPackageType(value: unknown): value is ContainerPackageType {
  return typeof value === "string" && (CONTAINER_PACKAGE_TYPES as readonly string[]).includes(value);
}

/**
 * Checks owner, package name and base URL as PackageVersion does, the package type (container or
 * docker) and the registry URL; throws a LookupArgumentError naming every bad field, before any request.
 */
export function validateContainerImagesArgs(args: GetContainerImagesArgs): CheckedContainerImagesArgs {
  if (typeof args !== "object" || args === null) {
    throw new LookupArgumentError("getContainerImages", [
      { property: "args", reason: "pass the package as an object: { org, packageName }" },
    ]);
  }
  const { packageType, registryUrl, ...rest } = args as GetContainerImagesArgs & Record<string, unknown>;
  const failures: { property: string; reason: string }[] = [];
  for (const key of Object.keys(rest)) {
    if (KNOWN.has(key)) continue;
    failures.push({
      property: key,
      reason: isSecretLikeKey(key)
        ? "the token is never an argument: set `pulumi config set --secret github:token` or GITHUB_TOKEN"
        : `getContainerImages takes org or user, packageName, packageType, baseUrl and registryUrl; remove \`${key}\``,
    });
  }
  if (packageType !== undefined && !isContainerPackageType(packageType)) {
    failures.push({
      property: "packageType",
      reason: `must be "container" (default) or "docker": only their versions are images in a container registry, got ${echoValue(packageType)}`,
    });
  }
  const known = Object.fromEntries(Object.entries(rest).filter(([key]) => KNOWN.has(key)));
  // The package name's case is checked for the type looked up (the default when it is bad: reported above).
  const type: ContainerPackageType = isContainerPackageType(packageType) ? packageType : "container";
  failures.push(...imagePackageFailures({ ...known, packageType: type }));
  let registry: string | undefined;
  if (typeof registryUrl === "string") {
    try {
      registry = parseRegistryUrl(registryUrl, "registryUrl");
    } catch (error) {
      if (!(error instanceof GitHubSettingsError)) throw error;
    }
  }
  if (registryUrl !== undefined && registry === undefined) {
    failures.push({
      property: "registryUrl",
      reason: `must be the http(s) URL of a container registry without credentials, query or fragment, such as https://containers.github.example.com (default: github:registryUrl), got ${echoValue(redactedUrl(registryUrl))}`,
    });
  }
  if (failures.length > 0) throw new LookupArgumentError("getContainerImages", failures);
  return {
    coordinates: coordinatesOf({ ...args, packageType: type }),
    baseUrl: args.baseUrl,
    registryUrl: registry,
  } satisfies CheckedContainerImagesArgs;
}
