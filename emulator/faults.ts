/**
 * Fault injection: answer a status, add latency, reset the connection, or process the request
 * and then drop its answer, for matching requests.
 */
import { AdminRequestError } from "./admin-request-error";

import { isRandomSeed, seededRandom } from "./seeded-random";

export interface FaultRule {
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Regular expression source matched against the request path (without query string). */
  path?: string;
  /** Fraction of matching requests affected, 0..1 (default 1). */
  probability?: number;
  /** Apply at most this many times. */
  times?: number;
  /** Answer this status with a GitHub-shaped error body. */
  status?: number;
  message?: string;
  /** Delay before answering (normally or with the fault). */
  latencyMs?: number;
  /** Destroy the socket without answering (the request is not processed). */
  resetConnection?: boolean;
  /** Process the request normally (state changes, it is logged), then destroy the socket instead of answering. */
  dropResponse?: boolean;
  /** Answer a secondary-rate-limit 403 with retry-after. */
  secondaryRateLimit?: boolean;
  retryAfterSeconds?: number;
}

interface ActiveRule {
  readonly rule: FaultRule;
  readonly method: string | undefined;
  readonly path: RegExp | undefined;
  remaining: number;
}

/** Validates rules (from code, the admin API); throws AdminRequestError naming the bad field. */
export function validateFaultRules(raw: unknown): FaultRule[] {
  if (!Array.isArray(raw)) throw new AdminRequestError('faults must be an array, e.g. {"faults": [{"status": 503, "probability": 0.5}]}');
  return raw.map((r: unknown, i): FaultRule => {
    const field = `faults[${i}]`;
    if (typeof r !== "object" || r === null || Array.isArray(r)) throw new AdminRequestError(`${field} must be an object`);
    const rule = r as Record<string, unknown>;
    const known = [
      "method",
      "path",
      "probability",
      "times",
      "status",
      "message",
      "latencyMs",
      "resetConnection",
      "dropResponse",
      "secondaryRateLimit",
      "retryAfterSeconds",
    ];
    for (const key of Object.keys(rule))
      if (!known.includes(key)) throw new AdminRequestError(`${field}.${key} is not a known field (expected one of ${known.join(", ")})`);
    checkFieldTypes(field, rule);
    checkCombinations(field, rule);
    return { ...(rule as FaultRule) };
  });
}

/** Each known field of a fault rule has its type and range. */
function checkFieldTypes(field: string, rule: Record<string, unknown>): void {
  const str = (k: string): void => {
    if (rule[k] !== undefined && typeof rule[k] !== "string") throw new AdminRequestError(`${field}.${k} must be a string`);
  };
  const num = (k: string, min: number, max: number, integer: boolean): void => {
    const v = rule[k];
    if (v === undefined) return;
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      throw new AdminRequestError(`${field}.${k} must be ${integer ? "an integer" : "a number"} between ${min} and ${max}`);
    }
  };
  const bool = (k: string): void => {
    if (rule[k] !== undefined && typeof rule[k] !== "boolean") throw new AdminRequestError(`${field}.${k} must be a boolean`);
  };
  str("method");
  str("path");
  str("message");
  num("probability", 0, 1, false);
  num("times", 0, Number.MAX_SAFE_INTEGER, true);
  num("status", 100, 599, true);
  num("latencyMs", 0, 600_000, true);
  num("retryAfterSeconds", 0, 86_400, true);
  bool("resetConnection");
  bool("dropResponse");
  bool("secondaryRateLimit");
}

/** dropResponse alone (it answers nothing, so status and the others cannot apply), and `path` a valid regular expression. */
function checkCombinations(field: string, rule: Record<string, unknown>): void {
  if (rule["dropResponse"] === true) {
    const other = ["status", "resetConnection", "secondaryRateLimit"].find((k) => rule[k] !== undefined && rule[k] !== false);
    if (other !== undefined) {
      throw new AdminRequestError(
        `${field}: dropResponse processes the request and drops its normal answer; it cannot be combined with ${other}`,
      );
    }
  }
  if (typeof rule["path"] === "string") {
    try {
      new RegExp(rule["path"]);
    } catch {
      throw new AdminRequestError(`${field}.path is not a valid regular expression`);
    }
  }
}

/** The generator for a seed (validated: AdminRequestError naming it), Math.random without one. */
function randomFor(seed: unknown): () => number {
  if (seed === undefined) return Math.random;
  if (!isRandomSeed(seed)) throw new AdminRequestError(`seed must be a whole number from 0 to 4294967295, got ${JSON.stringify(seed)}`);
  return seededRandom(seed);
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private random: () => number;

  /** With a seed, `probability` is decided by a seeded generator (the same requests fire on every run); else by Math.random. */
  constructor(private readonly initialSeed?: number) {
    this.random = randomFor(initialSeed);
  }

  /** Restarts the generator from `seed`, or from the seed the injector was made with. */
  reseed(seed: number | undefined = this.initialSeed): void {
    this.random = randomFor(seed);
  }

  set(rules: FaultRule[]): void {
    this.rules = validateFaultRules(rules).map((rule) => ({
      rule,
      method: rule.method?.toUpperCase(),
      path: rule.path === undefined ? undefined : new RegExp(rule.path),
      remaining: rule.times ?? Number.POSITIVE_INFINITY,
    }));
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r.rule }));
  }

  get active(): boolean {
    return this.rules.length > 0;
  }

  /**
   * The first matching rule that fires for this request, if any (counts against its `times`).
   * With `explicitPathOnly` (registry requests), rules without a `path` do not match: the registry
   * is another service than the API, so only a rule aimed at its paths affects it.
   */
  pick(method: string, path: string, explicitPathOnly = false): FaultRule | undefined {
    for (const r of this.rules) {
      if (r.remaining <= 0) continue;
      if (r.method !== undefined && r.method !== method) continue;
      if (r.path === undefined ? explicitPathOnly : !r.path.test(path)) continue;
      if (this.random() >= (r.rule.probability ?? 1)) continue;
      r.remaining--;
      return r.rule;
    }
    return undefined;
  }
}
