import type { VersionSelector } from "../core/package-version-types";

/** The one selector of validated arguments (versionId, else version, else tag), without anything else. */
export function selectorOf(args: VersionSelector): VersionSelector {
  if (args.versionId !== undefined) return { versionId: args.versionId };
  if (args.version !== undefined) return { version: args.version };
  return args.tag !== undefined ? { tag: args.tag } : {};
}
