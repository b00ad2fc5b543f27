/** One API request as the server sees it once parsed: what admission, faults and handlers read. */
import type { AuthResult } from "./auth";
import type { Route } from "./handlers/route";
import type { PrimaryResult } from "./rate-limits";

export interface ApiRequest {
  readonly method: string;
  /** Without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The API operation, when the method and path name one. */
  readonly route: Route | undefined;
  readonly auth: AuthResult;
  /** Whose rate limits the request counts against: a token, or the client's address. */
  readonly bucket: string;
  /** The primary budget after counting this request. */
  readonly primary: PrimaryResult;
  /** Seconds to wait when the concurrency limit refused a slot; undefined when the request holds one. */
  readonly concurrencyRetryAfter: number | undefined;
}
