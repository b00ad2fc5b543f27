import type { PackageAddress } from "../core/package-version-types";

/**
 * One version a retention plan writes, as the program listed it: `[id, name, tags]`, with the
 * time it was deleted for a restore: `[id, name, tags, deletedAt]`.
 */
export type PlannedEntry = [versionId: number, name: string, tags: string[], deletedAt?: string];

/**
 * A version an undo was asked to restore and cannot: `[id, name, tags, deletedAt, reason]`. The
 * run restores the others, then fails naming these.
 */
export type UnrestorableEntry = [versionId: number, name: string, tags: string[], deletedAt: string, reason: string];

/** The inputs of a PackagePlanWrites: one policy's writes to one package in one run. */
export interface PlanWritesInputs extends PackageAddress {
  /** The time the plan was made at (ISO): the run's key in the record. */
  now: string;
  /** The versions this run deletes, oldest last: JSON of PlannedEntry[], one line in `preview --diff`. */
  deletions: string;
  /** The versions this run restores: JSON of PlannedEntry[]. */
  restores: string;
  /**
   * An undo (restoreDeletedSince): the time given. Its restores are among `restores`; the run
   * fails at the end when `unrestorable` names any, or when one of its restores fails.
   */
  undoSince?: string;
  /** An undo's versions that cannot be restored: JSON of UnrestorableEntry[]. */
  unrestorable?: string;
  /**
   * Container: the versions that stay but lose tags (issue 23): JSON of PlannedEntry[], each
   * `[id, name, tags to remove]`; absent or "[]" when none. One line in `preview --diff`.
   */
  untags?: string;
  /** Container: the policy's registry (overrides github:registryUrl), for the untags' pushes. */
  registryUrl?: string;
  /** The plan's counts as a person reads them ("10 kept, 2,000 deleted this run, ..."): display only. */
  summary: string;
  /**
   * Container and docker: the manifests this run read from the registry, which the state had not
   * recorded (gzip-compressed JSON of ManifestSummary[], base64; absent when none). The provider
   * adds them to `manifests`, so later runs read only versions they have not seen.
   */
  learnedManifests?: string;
}

/** One run's writes in the record. */
export interface RecordedRun {
  /** The plan's time (the run). */
  run: string;
  /** When the writes ended. */
  at: string;
  deleted: PlannedEntry[];
  restored: PlannedEntry[];
  /** Versions that lost tags: `[id, name, tags removed]` (absent in records before issue 23). */
  untagged?: PlannedEntry[];
}

/** What the provider records: where, the last plan's counts, and what the writes did. */
export interface PlanWritesOutputs extends PackageAddress {
  now: string;
  summary: string;
  /** Every run's writes of the last 30 days, gzip-compressed JSON of RecordedRun[], base64. */
  record: string;
  /** How many versions the record says were deleted / restored (in the last 30 days). */
  recordedDeletions: number;
  recordedRestores: number;
  /** How many versions the record says lost tags (in the last 30 days). */
  recordedUntags?: number;
  /**
   * Whether this run stopped sending writes because GitHub's primary budget was down to
   * `github:rateLimitReserve`: the run succeeds, and the next one plans the rest again from its listing.
   */
  stoppedForBudget?: boolean;
  /** How many of this run's planned writes (deletions and restores) were not sent for the budget. */
  pendingAfterRun?: number;
  /** The warning the run printed when it stopped for the budget ("" otherwise). */
  budgetWarning?: string;
  /**
   * Container and docker: every manifest learned by the runs so far, by digest (see
   * images/recorded-manifests.ts); absent for other registries.
   */
  manifests?: string;
}
