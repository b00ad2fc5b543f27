import type { PackageType } from "../core/package-types";
import type { RetentionAction } from "./retention-plan-types";

/** A decision being made: mutable until the plan is complete. */
export interface DraftDecision {
  readonly versionId: number;
  readonly name: string;
  readonly tags: readonly string[];
  readonly active: boolean;
  action: RetentionAction;
  reason: string;
  /** Set for a version another resource manages: the policy never changes its action. */
  readonly managedBy?: string;
  /** For a version another resource manages: active now and declared present, so it stays. */
  readonly staysActive?: boolean;
  /** Deleted by the rules, but waiting for a later run (deletionsPerRun): kept this run. */
  pending?: boolean;
  /** Tags removed from a version that stays (action "keep"): see RetentionDecision.untag. */
  untag?: readonly string[];
}

/** Whether a version stays active after this plan, as far as the plan can rely on it. */
export function staysActive(draft: DraftDecision): boolean {
  return draft.managedBy === undefined ? draft.active && draft.action === "keep" : draft.staysActive === true;
}

export function lastVersionReason(packageType: PackageType): string {
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
 * versions (the newest stays). Only versions active now count: a restore is not relied upon. A
 * version another resource manages counts only when it is active and declared present; the
 * version kept for safety is always one of the policy's own.
 */
export function applySafetyRules(drafts: DraftDecision[], packageType: PackageType, tagged: boolean): void {
  const active = drafts.filter((d) => d.active);
  const own = active.filter((d) => d.managedBy === undefined);
  if (tagged) {
    const newestTagged = own.find((d) => d.tags.length > 0);
    if (newestTagged !== undefined && !active.some((d) => d.tags.length > 0 && staysActive(d))) {
      newestTagged.action = "keep";
      newestTagged.reason = `kept: the newest tagged version, because GitHub refuses to delete the last tagged version of a ${packageType} package`;
    }
  }
  const newest = own[0];
  if (newest !== undefined && !active.some(staysActive)) {
    newest.action = "keep";
    newest.reason = lastVersionReason(packageType);
  }
}
