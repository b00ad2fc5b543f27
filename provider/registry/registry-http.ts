/**
 * One GET to the registry or its token endpoint, with Node's fetch: a timeout per attempt, and
 * retries of network failures, timeouts, 429 and 5xx after the configured delays, or after the
 * answer's `Retry-After` when it asks for longer (up to `maxRetryAfterMs`). The answer is read
 * whole (manifests and token answers are small). No header is reported but `Retry-After`.
 */

/** The largest body read: the OCI distribution spec lets registries refuse manifests over 4 MiB. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface RegistryHttpTimings {
  /** Milliseconds an attempt may take, answer body included, before it is abandoned. */
  requestTimeoutMs: number;
  /** Milliseconds waited before each retry; its length is the number of retries. */
  retryDelaysMs: readonly number[];
  /** How a delay is waited: real timers in production; tests pass a function that does not wait. */
  wait: (ms: number) => Promise<void>;
  /** The longest `Retry-After` waited (`github:maxRateLimitWait`); an answer asking for longer is returned at once. */
  maxRetryAfterMs: number;
  /** The clock an HTTP-date `Retry-After` is read against. */
  now: () => number;
}

/** A complete answer. */
export interface RegistryAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  /** True when the body was cut at MAX_BODY_BYTES. */
  readonly truncated: boolean;
  /** How many times the request was sent. */
  readonly attempts: number;
  /** What a 429 or 5xx's `Retry-After` asked for when that was more than `maxRetryAfterMs`: it was returned without waiting. */
  readonly unwaitedRetryAfterMs?: number;
}

/** The request never got a complete answer: the last attempt's failure, in words. */
export class RegistryTransportError extends Error {
  override readonly name = "RegistryTransportError";
  constructor(
    readonly kind: "unreachable" | "timeout",
    /** `connect ECONNREFUSED 127.0.0.1:9` or `no answer within 30 s`: never a header. */
    readonly description: string,
    readonly attempts: number,
  ) {
    super(description);
    this.stack = `${this.name}: ${description}`;
  }
}

function isRetriedStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Milliseconds the answer's `Retry-After` asks for (delay-seconds or an HTTP-date, RFC 9110), if it has a valid one. */
export function retryAfterMsOf(answer: Pick<RegistryAnswer, "headers">, now: number): number | undefined {
  const value = answer.headers.get("retry-after")?.trim();
  if (value === undefined || value === "") return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * How a 429 or 5xx that ended the reads came about, for its error: ` (3 attempts)`, or that it
 * asked to be retried later than `maxRetryAfterMs` allowed and was not waited for.
 */
export function unavailableWords(answer: Pick<RegistryAnswer, "attempts" | "unwaitedRetryAfterMs">, maxRetryAfterMs: number): string {
  const attempts = answer.attempts > 1 ? ` after ${answer.attempts} attempts` : "";
  if (answer.unwaitedRetryAfterMs !== undefined) {
    return `, asking to be retried after ${Math.ceil(answer.unwaitedRetryAfterMs / 1000)} s${attempts}, longer than github:maxRateLimitWait (${maxRetryAfterMs / 1000} s): not waited for`;
  }
  return ` (${answer.attempts} attempts)`;
}

/** The words of a fetch failure: undici wraps the system error (`ECONNREFUSED`) as its cause. */
export function failureWords(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const inner = cause instanceof Error ? cause : error instanceof Error ? error : undefined;
  if (inner === undefined) return String(error);
  const code = (inner as { code?: unknown }).code;
  if (typeof code !== "string" || inner.message.includes(code)) return inner.message !== "" ? inner.message : "fetch failed";
  return inner.message !== "" ? `${code}: ${inner.message}` : code;
}

async function readBody(response: Response): Promise<{ body: string; truncated: boolean }> {
  if (response.body === null) return { body: "", truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return { body: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString("utf8"), truncated: true };
    }
  }
  return { body: Buffer.concat(chunks).toString("utf8"), truncated: false };
}

async function attempt(url: URL, headers: Record<string, string>, timeoutMs: number, attempts: number): Promise<RegistryAnswer> {
  const signal = AbortSignal.timeout(timeoutMs);
  const response = await fetch(url, { method: "GET", headers, signal, redirect: "follow" });
  const { body, truncated } = await readBody(response);
  return { status: response.status, headers: response.headers, body, truncated, attempts } satisfies RegistryAnswer;
}

/**
 * GETs `url` with `headers`. Answers with 429 or 5xx are retried while retries remain, after the
 * configured delay or the answer's `Retry-After`, whichever is longer, then returned as they are
 * (at once when `Retry-After` asks for more than `maxRetryAfterMs`); a network failure or timeout
 * is retried too, then thrown as a RegistryTransportError.
 */
export async function registryGet(url: URL, headers: Record<string, string>, timings: RegistryHttpTimings): Promise<RegistryAnswer> {
  const attempts = timings.retryDelaysMs.length + 1;
  for (let index = 0; ; index++) {
    const last = index === attempts - 1;
    let delayMs = timings.retryDelaysMs[index] ?? 0;
    try {
      const answer = await attempt(url, headers, timings.requestTimeoutMs, index + 1);
      if (last || !isRetriedStatus(answer.status)) return answer;
      const asked = retryAfterMsOf(answer, timings.now());
      if (asked !== undefined && asked > timings.maxRetryAfterMs)
        return { ...answer, unwaitedRetryAfterMs: asked } satisfies RegistryAnswer;
      delayMs = Math.max(delayMs, asked ?? 0);
    } catch (error) {
      if (last) {
        const timedOut = error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
        throw timedOut
          ? new RegistryTransportError("timeout", `no complete answer within ${timings.requestTimeoutMs / 1000} s`, attempts)
          : new RegistryTransportError("unreachable", failureWords(error), attempts);
      }
    }
    await timings.wait(delayMs);
  }
}
