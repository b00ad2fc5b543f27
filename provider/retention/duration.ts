import parseDurationText from "parse-duration";
import { DAY_MS, HOUR_MS } from "../core/time-spans";
import { RetentionRuleError } from "./retention-errors";

/**
 * The units a retention age may use, as parse-duration spells them. Minutes and seconds are left
 * out (no retention rule needs them), and so is a bare `m`, which is minutes in some tools and
 * months in others. parse-duration's month is a twelfth of its 365.25-day year: 30.4375 days.
 */
const UNITS: Readonly<Record<string, string>> = {
  h: "hours",
  hour: "hours",
  hours: "hours",
  d: "days",
  day: "days",
  days: "days",
  w: "weeks",
  week: "weeks",
  weeks: "weeks",
  mo: "months",
  month: "months",
  months: "months",
  y: "years",
  year: "years",
  years: "years",
};

/** One or more parts, each a positive whole number and a unit, with optional spaces: "2w3d", "6 months", "1y 6mo". */
const PART = /([1-9]\d{0,5}) ?([a-z]+)/y;
const SEPARATOR = / ?/y;

const ALLOWED =
  'a duration such as "90d", "12h", "2w3d", "6 months" or "1y": one or more parts, each a positive whole number ' +
  "followed by a unit: h or hours, d or days, w or weeks, mo or months (30.44 days, a twelfth of a year), y or years " +
  "(365.25 days)";

function refuse(field: string, value: unknown, why?: string): never {
  throw new RetentionRuleError(field, `must be ${ALLOWED}${why !== undefined ? `; ${why}` : ""}, got ${JSON.stringify(value)}`);
}

/**
 * A retention age in milliseconds. The text is checked here (whole numbers, known units, nothing
 * else), then parse-duration adds the parts up.
 */
export function parseDuration(value: unknown, field = "deleteOlderThan"): number {
  if (typeof value !== "string" || value === "") refuse(field, value);
  let at = 0;
  let parts = 0;
  while (at < value.length) {
    if (parts > 0) {
      SEPARATOR.lastIndex = at;
      SEPARATOR.exec(value);
      at = SEPARATOR.lastIndex;
    }
    PART.lastIndex = at;
    const part = PART.exec(value);
    if (part === null) refuse(field, value);
    const unit = part[2]!;
    if (unit === "m") refuse(field, value, '"m" is minutes in some tools and months in others: write "mo" or "months"');
    if (UNITS[unit] === undefined) refuse(field, value, `"${unit}" is not one of these units`);
    at = PART.lastIndex;
    parts += 1;
  }
  const ms = parseDurationText(value);
  if (ms === null || !(ms > 0)) refuse(field, value);
  return ms;
}

/** A short human age: "3 days", "1 day", "5 hours", "0 hours". */
export function formatAge(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  if (days >= 1) return `${days} day${days === 1 ? "" : "s"}`;
  const hours = Math.max(0, Math.floor(ms / HOUR_MS));
  return `${hours} hour${hours === 1 ? "" : "s"}`;
}
