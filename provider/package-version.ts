import * as pulumi from "@pulumi/pulumi";
import packageVersionProvider = require("./package-version-provider");
import { ProgramError } from "./program-error";
import type { PackageType, VersionState } from "./package-types";
import type { PackageVersionArgs, PackageVersionMetadata } from "./package-version-types";
import { isRetentionPolicy, registerExplicitVersion } from "./retention/version-owners";

/**
 * Every output property. The SDK registers outputs only for keys present in the props, so
 * those a program may leave out (state, the other selectors, the owner) are listed too.
 */
const OUTPUT_PROPERTIES = [
  "org", "user", "packageType", "packageName", "version", "tag", "baseUrl", "state", "versionId", "name", "url", "packageHtmlUrl", "htmlUrl", "license", "description", "createdAt",
  "updatedAt", "deletedAt", "restorableUntil", "metadata", "tags",
] as const;

/**
 * The `import` resource option on a PackageVersion. Pulumi cannot import resources of dynamic
 * providers (the engine reads them without the provider's code and fails); declaring the version
 * is the import: creating the resource adopts the existing version, with no write when it is
 * declared in the state it is in.
 */
export class ImportNotSupportedError extends ProgramError {
  override readonly name = "ImportNotSupportedError";

  constructor(resourceName: string) {
    super(
      `PackageVersion ${resourceName}: the import option is not supported (Pulumi cannot import resources of dynamic ` +
        "providers). Remove it: declaring the version adopts it, with no write when it is declared in the state it is in " +
        "(state: \"present\" for an active version).",
    );
  }
}

/**
 * A GitHub Packages version and the state it should be in: `present` (kept, restored if it
 * was deleted in the last 30 days) or `deleted`. GitHub cannot create versions, so creating
 * this resource adopts an existing version into the stack.
 *
 * Declared by the program itself (not as a retention policy's child), it is registered in the
 * program's ownership registry: every PackageRetentionPolicy of the program leaves its version
 * alone.
 */
export class PackageVersion extends pulumi.dynamic.Resource {
  declare readonly org: pulumi.Output<string | undefined>;
  declare readonly user: pulumi.Output<string | undefined>;
  declare readonly packageType: pulumi.Output<PackageType>;
  declare readonly packageName: pulumi.Output<string>;
  declare readonly version: pulumi.Output<string | undefined>;
  declare readonly tag: pulumi.Output<string | undefined>;
  declare readonly baseUrl: pulumi.Output<string | undefined>;
  /** The observed state: `present` or `deleted`. */
  declare readonly state: pulumi.Output<VersionState>;
  declare readonly versionId: pulumi.Output<number>;
  declare readonly name: pulumi.Output<string>;
  declare readonly url: pulumi.Output<string>;
  declare readonly packageHtmlUrl: pulumi.Output<string>;
  declare readonly htmlUrl: pulumi.Output<string | undefined>;
  declare readonly license: pulumi.Output<string | undefined>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  declare readonly deletedAt: pulumi.Output<string | undefined>;
  /** Deletion time plus 30 days, for a deleted version. */
  declare readonly restorableUntil: pulumi.Output<string | undefined>;
  declare readonly metadata: pulumi.Output<PackageVersionMetadata | undefined>;
  declare readonly tags: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: PackageVersionArgs, opts?: pulumi.CustomResourceOptions) {
    if (opts?.import !== undefined) throw new ImportNotSupportedError(name);
    const outputs = Object.fromEntries(OUTPUT_PROPERTIES.map((key) => [key, undefined]));
    super(packageVersionProvider, name, { ...outputs, ...args }, opts, "github-package-versions", "PackageVersion");
    if (!isRetentionPolicy(opts?.parent)) registerExplicitVersion(name, args, this.versionId);
  }
}
