import type { VersionState } from "../core/package-types";

/** Defined with the order of versions, below the image graph and the planner that both use it. */
export type { RetentionCandidate } from "../core/version-order";

/**
 * What the plan does with one version:
 * - `keep`: active, stays active;
 * - `delete`: active, deleted by this plan;
 * - `restore`: deleted in the last 30 days, restored by this plan (restoreKept);
 * - `leave-deleted`: deleted in the last 30 days, stays deleted.
 */
export type RetentionAction = "keep" | "delete" | "restore" | "leave-deleted";

export interface RetentionDecision {
  versionId: number;
  name: string;
  tags: string[];
  action: RetentionAction;
  /** Why, in words: "kept: among the newest 20 selected versions", "deleted: older than 90d (...)". */
  reason: string;
  /** The resource that manages this version instead of the policy (a PackageVersion declared in the program). */
  managedBy?: string;
  /**
   * Set on a version the rules delete that waits for a later run (deletionsPerRun): its action is
   * "keep" for this run, and its reason starts with "pending: ".
   */
  pending?: true;
  /**
   * Container and docker: tags this plan removes from a version it keeps (action "keep"): tags
   * matching deleteTags on a version the rules keep for its other tags. Absent when none.
   */
  untag?: string[];
}

/** Defined by the ownership registry that answers it (provider/ownership/version-owners.ts). */
export type { ManagedElsewhere } from "../ownership/version-owners";

/**
 * The decision for every listed version, newest first, and the ids by action of the versions the
 * policy manages itself (those another resource manages are in `decisions` only, with `managedBy`).
 */
export interface RetentionPlan {
  decisions: RetentionDecision[];
  keptIds: number[];
  deletedIds: number[];
  restoredIds: number[];
  leftDeletedIds: number[];
  /**
   * Active versions the rules delete that wait for a later run, as deletionsPerRun allows no more
   * this run (oldest first: these are the newest of the deletions). They stay active this run
   * (action "keep", `pending: true`) and are not in keptIds. Empty without deletionsPerRun.
   */
  pendingIds: number[];
  /**
   * Container and docker packages planned with their image graph only: the images that stay after
   * this plan although their index names digests that are no active version (pulling them fails
   * for those platforms), with the digests still missing after the plan's restores.
   */
  brokenImages?: BrokenImagePlan[];
}

/** An image that stays broken after the plan: its index names digests that are no active version. */
export interface BrokenImagePlan {
  /** The image's (the index's) version id. */
  versionId: number;
  /** Its digest. */
  name: string;
  tags: string[];
  /** The digests its index (or a nested index) names that are no active version. */
  missingDigests: string[];
  /** Deleted versions with one of those digests that GitHub can still restore (restoreKept: true restores them). */
  restorableIds: number[];
}

/** The state GitHub showed for a version when the plan gave it this action. */
export function listedState(action: RetentionAction): VersionState {
  return action === "keep" || action === "delete" ? "present" : "deleted";
}

/** The state a version's PackageVersion declares for an action. */
export function desiredState(action: RetentionAction): VersionState {
  return action === "keep" || action === "restore" ? "present" : "deleted";
}
