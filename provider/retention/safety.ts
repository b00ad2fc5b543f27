import type { PackageType } from "../package-types";
import type { RetentionAction } from "./retention-plan-types";

/** A decision being made: mutable until the plan is complete. */
export interface DraftDecision {
  readonly versionId: number;
  readonly name: string;
  readonly tags: readonly string[];
  readonly active: boolean;
  action: RetentionAction;
  reason: string;
}

function lastVersionReason(packageType: PackageType): string {
  switch (packageType) {
    case "maven":
    case "nuget":
      return `kept: the newest version, because GitHub refuses to delete the last version of a ${packageType} package`;
    case "npm":
    case "rubygems":
      return `kept: the newest version, because deleting the last version of ${packageType === "npm" ? "an" : "a"} ${packageType} package deletes the package`;
    default:
      return "kept: the newest version, so that the package keeps at least one version";
  }
}

/**
 * Safety by construction, applied to a plan newest first: a container or docker package that has
 * a tagged active version keeps one (the newest tagged), and no package loses all its active
 * versions (the newest stays). Only versions active now count: a restore is not relied upon.
 */
export function applySafetyRules(drafts: DraftDecision[], packageType: PackageType, tagged: boolean): void {
  const active = drafts.filter((d) => d.active);
  if (tagged) {
    const activeTagged = active.filter((d) => d.tags.length > 0);
    if (activeTagged.length > 0 && !activeTagged.some((d) => d.action === "keep")) {
      const newest = activeTagged[0]!;
      newest.action = "keep";
      newest.reason = `kept: the newest tagged version, because GitHub refuses to delete the last tagged version of a ${packageType} package`;
    }
  }
  if (active.length > 0 && !active.some((d) => d.action === "keep")) {
    const newest = active[0]!;
    newest.action = "keep";
    newest.reason = lastVersionReason(packageType);
  }
}
