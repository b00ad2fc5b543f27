/**
 * The times a person writes for "since when": an ISO date (UTC midnight) or an ISO date-time with
 * its zone (`Z` or `+02:00`). Shared by `pulumi-github-package-versions-record --since` and the
 * `restoreDeletedSince` argument, so the time printed by one is accepted by the other.
 */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** An example of what is accepted, for messages. */
export const ISO_TIME_EXAMPLE = "such as 2026-09-30T02:00:00Z or 2026-09-30";

/** Epoch milliseconds, or undefined for anything but an ISO date or date-time with its zone. */
export function parseIsoTime(value: unknown): number | undefined {
  if (typeof value !== "string" || !ISO_TIME.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
