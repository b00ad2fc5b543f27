/** The unauthenticated admin API under /_emulator/ (reset, seed, clock, request log, faults, rate limits, state). */
import { AdminRequestError } from "../admin-request-error";
import * as errors from "../errors";
import type { FaultRule } from "../faults";
import type { RateLimitSettings } from "../rate-limits";
import type { RequestLogEntry } from "../request-log";
import { type EmulatorSeed, SeedValidationError } from "../seed";
import type { EmulatorStateSnapshot } from "../store";
import type { ApiResponse } from "./context";

/** The admin surface: what the admin API drives, and what an Emulator offers in code. */
export interface AdminTarget {
  reset(): void;
  seed(seed: EmulatorSeed): void;
  setClock(opts: { now?: string; advanceDays?: number }): void;
  now(): Date;
  requests(): RequestLogEntry[];
  clearRequests(): void;
  /** Replaces the fault rules; a `seed` restarts the generator that decides their `probability`. */
  setFaults(faults: FaultRule[], seed?: number): void;
  faults(): FaultRule[];
  setRateLimits(settings: Partial<RateLimitSettings>): RateLimitSettings;
  rateLimits(): RateLimitSettings;
  state(): EmulatorStateSnapshot;
}

/** Every AdminTarget method; `satisfies` fails to compile when one is missing or unknown. */
const ADMIN_METHODS = Object.keys({
  reset: true,
  seed: true,
  setClock: true,
  now: true,
  requests: true,
  clearRequests: true,
  setFaults: true,
  faults: true,
  setRateLimits: true,
  rateLimits: true,
  state: true,
} satisfies Record<keyof AdminTarget, true>) as (keyof AdminTarget)[];

/** The admin surface of `target` alone, its methods bound: what an Emulator exposes of its core. */
export function adminSurface(target: AdminTarget): AdminTarget {
  return Object.fromEntries(ADMIN_METHODS.map((method) => [method, target[method].bind(target)])) as unknown as AdminTarget;
}

function parseJson(body: string, what: string): unknown {
  if (body.trim() === "") return {};
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw errors.badAdminRequest(`Invalid ${what}: body is not valid JSON`);
  }
}

function asBadRequest(what: string, action: () => void): void {
  try {
    action();
  } catch (e) {
    if (e instanceof SeedValidationError) throw errors.badAdminRequest(e.message);
    if (e instanceof AdminRequestError) throw errors.badAdminRequest(`Invalid ${what}: ${e.message}`);
    throw e;
  }
}

const clockBody = (target: AdminTarget): { now: string } => ({ now: target.now().toISOString() });

/** `path` is the part after /_emulator, e.g. "/seed". */
export function handleAdmin(target: AdminTarget, method: string, path: string, body: string): ApiResponse {
  const key = `${method} ${path.replace(/\/+$/, "")}`;
  switch (key) {
    case "POST /reset":
      target.reset();
      return { status: 204 };
    case "POST /seed": {
      const seed = parseJson(body, "seed");
      asBadRequest("seed", () => target.seed(seed as EmulatorSeed));
      return { status: 204 };
    }
    case "GET /clock":
      return { status: 200, body: clockBody(target) };
    case "POST /clock": {
      const raw = parseJson(body, "clock");
      asBadRequest("clock", () => {
        if (typeof raw !== "object" || raw === null || Array.isArray(raw))
          throw new AdminRequestError('expected {"now": "<ISO>"} or {"advanceDays": n}');
        const { now, advanceDays, ...rest } = raw as Record<string, unknown>;
        const unknown = Object.keys(rest);
        if (unknown.length > 0) throw new AdminRequestError(`unknown field "${unknown[0]}" (expected now or advanceDays)`);
        if (now !== undefined && typeof now !== "string") throw new AdminRequestError("now must be an ISO 8601 string");
        if (advanceDays !== undefined && typeof advanceDays !== "number") throw new AdminRequestError("advanceDays must be a number");
        if (now === undefined && advanceDays === undefined) throw new AdminRequestError('expected {"now": "<ISO>"} or {"advanceDays": n}');
        target.setClock({ ...(now !== undefined && { now }), ...(advanceDays !== undefined && { advanceDays }) });
      });
      return { status: 200, body: clockBody(target) };
    }
    case "GET /requests":
      return { status: 200, body: target.requests() };
    case "DELETE /requests":
      target.clearRequests();
      return { status: 204 };
    case "GET /faults":
      return { status: 200, body: { faults: target.faults() } };
    case "POST /faults": {
      const raw = parseJson(body, "faults");
      const { faults, seed } = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
      asBadRequest("faults", () => target.setFaults(faults as FaultRule[], seed as number | undefined));
      return { status: 200, body: { faults: target.faults() } };
    }
    case "GET /rate-limits":
      return { status: 200, body: target.rateLimits() };
    case "POST /rate-limits": {
      const raw = parseJson(body, "rate limits");
      let settings: RateLimitSettings | undefined;
      asBadRequest("rate limits", () => {
        settings = target.setRateLimits(raw as Partial<RateLimitSettings>);
      });
      return { status: 200, body: settings };
    }
    case "GET /state":
      return { status: 200, body: target.state() };
    default:
      throw errors.routeNotFound();
  }
}
