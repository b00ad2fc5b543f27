/** Version sets for the retention unit tests: ages are days before NOW. */
import type { RetentionCandidate } from "../../provider/retention/retention-plan-types";

export const NOW = new Date("2026-11-26T00:00:00Z");

export function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 86_400_000).toISOString();
}

export function active(versionId: number, name: string, ageDays: number, tags?: string[]): RetentionCandidate {
  return { versionId, name, state: "present", createdAt: daysAgo(ageDays), ...(tags !== undefined ? { tags } : {}) };
}

export function deleted(versionId: number, name: string, ageDays: number, deletedDaysAgo: number, tags?: string[]): RetentionCandidate {
  return { ...active(versionId, name, ageDays, tags), state: "deleted", deletedAt: daysAgo(deletedDaysAgo) };
}

/** An image: the digest is derived from the id. */
export function image(versionId: number, ageDays: number, tags: string[] = []): RetentionCandidate {
  return active(versionId, `sha256:${versionId.toString(16).padStart(8, "0")}`, ageDays, tags);
}
