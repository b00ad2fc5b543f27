/**
 * GitHub's 30-day restore window as the emulator enforces it: a deleted version or package can be
 * restored up to exactly 30 days after its deletion, and is gone 1 ms later. Written apart from
 * the provider's rule (provider/core/restore-window.ts), which is tested against this emulator:
 * a boundary bug in one shows up against the other, and tests/unit/restore-window-agreement.test.ts
 * checks that both put the boundary at the same millisecond.
 */

/** 30 days of 24 hours, in milliseconds: GitHub counts the window from the deletion's timestamp. */
const RESTORE_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** Whether something deleted at `deletedAtMs` can still be restored at `nowMs` (epoch milliseconds). */
export function isRestorable(deletedAtMs: number, nowMs: number): boolean {
  return nowMs - deletedAtMs <= RESTORE_WINDOW_MS;
}
