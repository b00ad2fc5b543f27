/** The emulator's fake clock: frozen until set or advanced. Drives created/deleted times and the 30-day window. */
import { AdminRequestError } from "./admin-request-error";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The clock's range: the times ISO 8601 writes with a four-digit year, as GitHub's timestamps are. */
const EARLIEST_MS = Date.parse("0000-01-01T00:00:00Z");
const LATEST_MS = Date.parse("9999-12-31T23:59:59.999Z");
const RANGE = "0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z";

/** A time the clock may show, or an AdminRequestError naming the field that asked for it. */
function checkedTime(ms: number, field: string, asked: string): number {
  if (Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS) return ms;
  throw new AdminRequestError(`clock: ${field} ${asked} would set the clock outside ${RANGE} (four-digit years, as GitHub's timestamps)`);
}

export class FakeClock {
  private current: number;

  constructor(start: Date = new Date()) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  nowMs(): number {
    return this.current;
  }

  set(iso: string): void {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) throw new AdminRequestError(`clock: "${iso}" is not an ISO 8601 date-time`);
    this.current = checkedTime(ms, "now", JSON.stringify(iso));
  }

  advanceDays(days: number): void {
    if (typeof days !== "number" || !Number.isFinite(days)) throw new AdminRequestError("clock: advanceDays must be a finite number");
    this.current = checkedTime(this.current + days * DAY_MS, "advanceDays", String(days));
  }
}
