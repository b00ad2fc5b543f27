/**
 * The clock the GitHub client waits by: rate-limit waits, write pacing and retry back-offs read
 * the time and sleep through this one object. Production uses real time; tests inject a clock
 * that advances at once and records each wait (see docs/development.md).
 */
import { setTimeout as delay } from "node:timers/promises";

/** What a wait is for, as a test reads it: "primary rate limit before GET /orgs/acme/...". */
export type WaitReason = string;

export interface WaitClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves once `ms` milliseconds have passed on this clock (at once for 0 or less). */
  sleep(ms: number, reason: WaitReason): Promise<void>;
}

/** Real time: Date.now() and Node's timers. */
export const REAL_TIME: WaitClock = Object.freeze({
  now: () => Date.now(),
  sleep: (ms: number) => (ms > 0 ? delay(ms) : Promise.resolve()),
});
