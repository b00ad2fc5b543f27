import { DAY_MS, HOUR_MS, WEEK_MS } from "../time-spans";
import { RetentionRuleError } from "./retention-errors";

const UNIT_MS = { h: HOUR_MS, d: DAY_MS, w: WEEK_MS } as const;
const DURATION_PATTERN = /^([1-9]\d{0,5})([hdw])$/;

/** "90d", "12h" or "2w" in milliseconds: a positive whole number of hours, days or weeks. */
export function parseDuration(value: unknown, field = "deleteOlderThan"): number {
  const match = typeof value === "string" ? DURATION_PATTERN.exec(value) : null;
  if (match === null) {
    throw new RetentionRuleError(
      field,
      `must be a duration such as "90d", "12h" or "2w": a positive whole number followed by h (hours), d (days) or w (weeks), got ${JSON.stringify(value)}`,
    );
  }
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** A short human age: "3 days", "1 day", "5 hours", "0 hours". */
export function formatAge(ms: number): string {
  const days = Math.floor(ms / UNIT_MS.d);
  if (days >= 1) return `${days} day${days === 1 ? "" : "s"}`;
  const hours = Math.max(0, Math.floor(ms / UNIT_MS.h));
  return `${hours} hour${hours === 1 ? "" : "s"}`;
}
