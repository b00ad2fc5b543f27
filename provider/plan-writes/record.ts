/**
 * The record of what a policy's writes did: each run's deleted and restored versions (id, name,
 * tags) and when, for the last 30 days (what GitHub can still restore), kept compact in the
 * stack's state as gzip-compressed JSON.
 */
import * as zlib from "node:zlib";
import { RESTORE_WINDOW_MS } from "../core/restore-window";
import type { RecordedRun } from "./types";

export function decodeRecord(encoded: string | undefined): RecordedRun[] {
  if (encoded === undefined || encoded === "") return [];
  return JSON.parse(zlib.gunzipSync(Buffer.from(encoded, "base64")).toString("utf8")) as RecordedRun[];
}

export function encodeRecord(runs: readonly RecordedRun[]): string {
  return zlib.gzipSync(Buffer.from(JSON.stringify(runs), "utf8"), { level: 9 }).toString("base64");
}

/** The runs whose writes ended less than 30 days before `now`, then `latest` when it wrote anything. */
export function appendRun(previous: readonly RecordedRun[], latest: RecordedRun, now: Date): RecordedRun[] {
  const since = now.getTime() - RESTORE_WINDOW_MS;
  const kept = previous.filter((run) => Date.parse(run.at) > since);
  return latest.deleted.length + latest.restored.length + (latest.untagged?.length ?? 0) > 0 ? [...kept, latest] : kept;
}
