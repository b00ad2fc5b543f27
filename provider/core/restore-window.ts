/**
 * GitHub's restore window, for the provider and the retention planner: a deleted version or
 * package can be restored until exactly 30 days after its deletion (at `deletedAt + 30 days`
 * still; 1 ms later it is gone). The emulator keeps its own rule (emulator/restore-window.ts);
 * tests/unit/restore-window-agreement.test.ts checks both agree at the boundary.
 */
import { DAY_MS } from "./time-spans";

export const RESTORE_WINDOW_DAYS = 30;
export const RESTORE_WINDOW_MS = RESTORE_WINDOW_DAYS * DAY_MS;

/** The last moment GitHub can restore something deleted at `deletedAtMs` (epoch milliseconds). */
export function restorableUntilMs(deletedAtMs: number): number {
  return deletedAtMs + RESTORE_WINDOW_MS;
}

/** Whether something deleted at `deletedAtMs` can still be restored at `nowMs` (epoch milliseconds). */
export function isRestorable(deletedAtMs: number, nowMs: number): boolean {
  return nowMs <= restorableUntilMs(deletedAtMs);
}
