/** Version sets for the retention unit tests: ages are days before NOW. */
import { DAY_MS } from "../../provider/time-spans";
import { NOW as SUITE_NOW } from "./clock";
import assert from "node:assert/strict";
import type { RetentionCandidate, RetentionPlan } from "../../provider/retention/retention-plan-types";

/** The suites' clock (tests/support/clock.ts) as a Date. */
export const NOW = new Date(SUITE_NOW);

export function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * DAY_MS).toISOString();
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

/** The reason the plan gives for a version. */
export function reasonOf(result: RetentionPlan, versionId: number): string {
  const decision = result.decisions.find((d) => d.versionId === versionId);
  assert.ok(decision !== undefined, `no decision for ${versionId}`);
  return decision.reason;
}

/** Each version's action, by id. */
export function actions(result: RetentionPlan): Record<number, string> {
  return Object.fromEntries(result.decisions.map((d) => [d.versionId, d.action]));
}
