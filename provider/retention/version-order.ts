import type { RetentionCandidate } from "./retention-plan-types";

/** Newest first: by created_at descending, then by id descending (ties in dates are common in CI). */
export function newestFirst(a: RetentionCandidate, b: RetentionCandidate): number {
  const byDate = Date.parse(b.createdAt) - Date.parse(a.createdAt);
  return byDate !== 0 ? byDate : b.versionId - a.versionId;
}
