/**
 * One request of any method to the registry, for the writer (registry-writer.ts): a timeout, no
 * retry (a write whose answer is lost is observed again by its caller, never sent blindly twice),
 * the answer read whole (registries answer writes with small bodies). A network failure or a
 * timeout is a RegistryTransportError, whose words carry no header.
 */
import { failureWords, RegistryTransportError, type RegistryAnswer } from "./registry-http";

export interface RegistryRequest {
  readonly method: "GET" | "HEAD" | "POST" | "PUT";
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body?: Buffer | undefined;
}

export async function registrySend(request: RegistryRequest, timeoutMs: number): Promise<RegistryAnswer> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "follow",
    });
    const body = request.method === "HEAD" ? "" : await response.text();
    return { status: response.status, headers: response.headers, body, truncated: false, attempts: 1 } satisfies RegistryAnswer;
  } catch (error) {
    const timedOut = error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
    throw timedOut
      ? new RegistryTransportError("timeout", `no complete answer within ${timeoutMs / 1000} s`, 1)
      : new RegistryTransportError("unreachable", failureWords(error), 1);
  }
}
