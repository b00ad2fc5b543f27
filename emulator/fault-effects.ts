/** What an injected fault does to one request, once the injector picked it. */
import { setTimeout as delay } from "node:timers/promises";
import * as errors from "./errors";
import { ApiError } from "./errors";
import type { FaultRule } from "./faults";

export interface FaultEffect {
  /** Destroy the socket without answering, before the request is handled. */
  resetConnection: boolean;
  /** Handle the request, then destroy the socket instead of sending the answer. */
  dropResponse: boolean;
}

const NO_EFFECT: FaultEffect = { resetConnection: false, dropResponse: false };

/**
 * Waits the fault's latency, then throws the answer it injects (a status, a secondary rate
 * limit) or says what to do with the connection.
 */
export async function applyFault(fault: FaultRule | undefined, secondaryStatus: 403 | 429): Promise<FaultEffect> {
  if (fault === undefined) return NO_EFFECT;
  if (fault.latencyMs !== undefined && fault.latencyMs > 0) await delay(fault.latencyMs);
  if (fault.resetConnection === true) return { resetConnection: true, dropResponse: false };
  if (fault.secondaryRateLimit === true) throw errors.secondaryRateLimit(secondaryStatus, fault.retryAfterSeconds ?? 60);
  if (fault.status !== undefined) {
    const injected = errors.injectedFault(fault.status, fault.message);
    const retryAfter = fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
    throw new ApiError(injected.status, injected.message, injected.documentationUrl, retryAfter);
  }
  return { resetConnection: false, dropResponse: fault.dropResponse === true };
}
