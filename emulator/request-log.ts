/** The log of API requests (admin requests under /_emulator are not logged). Tokens are never recorded. */

export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** 0 when a fault reset the connection or dropped the answer. */
  status: number;
  /** The status the request was processed with when a `dropResponse` fault kept the answer from the client. */
  droppedStatus?: number;
  durationMs: number;
  token?: never;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly maxEntries = 200_000) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.maxEntries) this.entries = this.entries.slice(-Math.floor(this.maxEntries / 2));
  }

  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e, query: { ...e.query } }));
  }

  clear(): void {
    this.entries = [];
  }
}
