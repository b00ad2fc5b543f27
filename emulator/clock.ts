/** The emulator's fake clock: frozen until set or advanced. Drives created/deleted times and the 30-day window. */
import { DAY_MS } from "../provider/time-spans";
import { AdminRequestError } from "./admin-request-error";

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
    this.current = ms;
  }

  advanceDays(days: number): void {
    if (!Number.isFinite(days)) throw new AdminRequestError("clock: advanceDays must be a finite number");
    this.current += days * DAY_MS;
  }
}
