// A retention policy for one package, its rules read from the stack configuration:
//
//   pulumi config set org acme                 # or: user octocat
//   pulumi config set packageType container    # default container
//   pulumi config set packageName api
//   pulumi config set keepLatest 20
//   pulumi config set deleteOlderThan 90d      # or 2w3d, "6 months", 1y
//   pulumi config set --path 'keep[0]' 'v*'
//   pulumi config set --path 'keep[1]' '!v*-rc*'   # v1.2 kept, v1.2-rc1 not
//   pulumi config set --path 'deleteTags[0]' 'pr-*' # container/docker only: deleted whatever keepLatest says
//   pulumi config set untagged delete          # container/docker only
//   pulumi config set keepLatestUntagged 5     # with untagged delete: untagged versions counted apart
//   pulumi config set prerelease any
//   pulumi config set restoreKept true
//   pulumi config set maxDeletions 100
//   pulumi config set now 2026-11-26T00:00:00Z # optional: evaluate the rules at this time
//   pulumi config set perVersionChildren true  # optional, small packages: a PackageVersion per version
//                                              # instead of one resource for the package (the default)
//   pulumi config set --secret github:token ghp_...   # or GITHUB_TOKEN
//   pulumi config set github:baseUrl http://127.0.0.1:4010   # GitHub Enterprise Server, or the emulator
//
// `pulumi preview` is the dry run: it lists the versions the rules delete and changes nothing.
import * as pulumi from "@pulumi/pulumi";
import { PackageRetentionPolicy, type PackageRetentionPolicyArgs, type PackageType } from "pulumi-github-package-versions";

const config = new pulumi.Config();

/** `{ [key]: value }` when the value is set, else nothing: the policy's arguments are never `undefined`. */
function setting<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

const org = config.get("org");
const user = config.get("user");

const args: PackageRetentionPolicyArgs = {
  ...setting("org", org),
  ...setting("user", user),
  packageType: (config.get("packageType") ?? "container") as PackageType,
  packageName: config.require("packageName"),
  ...setting("keepLatest", config.getNumber("keepLatest")),
  ...setting("keepLatestUntagged", config.getNumber("keepLatestUntagged")),
  ...setting("deleteOlderThan", config.get("deleteOlderThan")),
  ...setting("keep", config.getObject<string[]>("keep")),
  ...setting("deleteTags", config.getObject<string[]>("deleteTags")),
  ...setting("untagged", config.get("untagged") as PackageRetentionPolicyArgs["untagged"]),
  ...setting("prerelease", config.get("prerelease") as PackageRetentionPolicyArgs["prerelease"]),
  ...setting("restoreKept", config.getBoolean("restoreKept")),
  ...setting("maxDeletions", config.getNumber("maxDeletions")),
  ...setting("now", config.get("now")),
  ...setting("perVersionChildren", config.getBoolean("perVersionChildren")),
};

const policy = new PackageRetentionPolicy(config.get("policyName") ?? args.packageName.replace(/[^A-Za-z0-9-]/g, "-"), args);

export const keptIds = policy.keptIds;
export const deletedIds = policy.deletedIds;
export const restoredIds = policy.restoredIds;
export const keptCount = policy.keptCount;
export const deletedCount = policy.deletedCount;
export const restoredCount = policy.restoredCount;
export const decisions = policy.decisions;
