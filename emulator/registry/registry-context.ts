/** What every registry handler receives and answers. */
import type { EmulatorStore } from "../store";
import type { RegistryOrigin } from "./challenge";
import type { RegistryTokens } from "./registry-tokens";

export interface RegistryContext {
  readonly store: EmulatorStore;
  readonly tokens: RegistryTokens;
  /** The emulator's clock when the request came: registry tokens expire on it. */
  readonly nowMs: number;
}

export interface RegistryRequest {
  readonly method: string;
  /** Without the query string, still percent-encoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization: string | undefined;
  readonly accept: string | undefined;
  readonly at: RegistryOrigin;
}

export interface RegistryResponse {
  readonly status: number;
  /** Content-Type and Content-Length included. */
  readonly headers: Readonly<Record<string, string>>;
  /** Sent as is; omitted for HEAD (the headers still describe it). */
  readonly body: string | undefined;
}

/** A JSON answer (registry bodies are `application/json`, without a charset, as ghcr.io sends them). */
export function jsonResponse(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): RegistryResponse {
  const text = JSON.stringify(body);
  return {
    status,
    headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) },
    body: text,
  } satisfies RegistryResponse;
}
