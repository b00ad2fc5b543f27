/** What every registry handler receives and answers. */
import type { EmulatorStore } from "../store";
import type { BlobStore } from "./blob-store";
import type { RegistryOrigin } from "./challenge";
import type { RegistryTokens } from "./registry-tokens";
import type { UploadSessions } from "./upload-sessions";

export interface RegistryContext {
  readonly store: EmulatorStore;
  readonly tokens: RegistryTokens;
  readonly blobs: BlobStore;
  readonly uploads: UploadSessions;
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
  readonly contentType: string | undefined;
  /** `Content-Range` of a chunk (PATCH), e.g. "0-1023". */
  readonly contentRange: string | undefined;
  /** `Range` of a blob GET, e.g. "bytes=0-1023". */
  readonly range: string | undefined;
  /** The request body (pushes); empty for the others. */
  readonly body: Buffer;
  readonly at: RegistryOrigin;
}

export interface RegistryResponse {
  readonly status: number;
  /** Content-Type and Content-Length included. */
  readonly headers: Readonly<Record<string, string>>;
  /** Sent as is; omitted for HEAD (the headers still describe it). */
  readonly body: string | Buffer | undefined;
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

/** An answer without a body (201, 202, 204): its headers say where the content is. */
export function emptyResponse(status: number, headers: Readonly<Record<string, string>> = {}): RegistryResponse {
  return { status, headers: { ...headers, "content-length": "0" }, body: undefined } satisfies RegistryResponse;
}
