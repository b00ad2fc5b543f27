import type { VersionState } from "./package-types";

/** What the planner needs to know about a version (a PackageVersionInfo has all of it). */
export interface RetentionCandidate {
  readonly versionId: number;
  readonly name: string;
  /** `present` (active) or `deleted`. */
  readonly state: VersionState;
  readonly createdAt: string;
  readonly deletedAt?: string | undefined;
  /** Container and docker tags; absent or empty for other registries and untagged images. */
  readonly tags?: readonly string[] | undefined;
}

/** Newest first: by created_at descending, then by id descending (ties in dates are common in CI). */
export function newestFirst(a: RetentionCandidate, b: RetentionCandidate): number {
  const byDate = Date.parse(b.createdAt) - Date.parse(a.createdAt);
  return byDate !== 0 ? byDate : b.versionId - a.versionId;
}
