/** Version sets for the retention unit tests: ages are days before NOW_DATE. */
import type { RetentionDecision } from "pulumi-github-package-versions";
import {
  DAY_MS,
  type ImageGraph,
  type ManagedElsewhere,
  planRetention,
  type RetentionCandidate,
  type RetentionPlan,
  type RetentionPlanRules,
} from "pulumi-github-package-versions/testing";
import { NOW } from "./clock";
import assert from "node:assert/strict";

/** The suites' clock (tests/support/clock.ts) as a Date. */
export const NOW_DATE = new Date(NOW);

export function daysAgo(days: number): string {
  return new Date(NOW_DATE.getTime() - days * DAY_MS).toISOString();
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

/** What the tests plan with besides versions and rules: the clock (NOW_DATE), versions declared by PackageVersion resources (none), the image graph (none). */
export interface PlanContext {
  now?: Date;
  owners?: [number, ManagedElsewhere][];
  imageGraph?: ImageGraph;
}

/** planRetention of "the test package". */
export function plan(versions: readonly RetentionCandidate[], rules: RetentionPlanRules, context: PlanContext = {}): RetentionPlan {
  return planRetention(versions, rules, context.now ?? NOW_DATE, "the test package", new Map(context.owners ?? []), context.imageGraph);
}

/** The plan's decision for a version. */
export function decisionOf(result: RetentionPlan, versionId: number): RetentionDecision {
  const decision = result.decisions.find((d) => d.versionId === versionId);
  assert.ok(decision !== undefined, `no decision for ${versionId}`);
  return decision;
}

/** The reason the plan gives for a version. */
export function reasonOf(result: RetentionPlan, versionId: number): string {
  return decisionOf(result, versionId).reason;
}

/** The versions the plan keeps and those it deletes, each in the plan's order. */
export function assertKeptAndDeleted(result: RetentionPlan, ids: { kept: number[]; deleted: number[] }): void {
  assert.deepEqual(result.keptIds, ids.kept, "keptIds");
  assert.deepEqual(result.deletedIds, ids.deleted, "deletedIds");
}

/** Each version's action, by id. */
export function actions(result: RetentionPlan): Record<number, string> {
  return Object.fromEntries(result.decisions.map((d) => [d.versionId, d.action]));
}
