/**
 * Reading the record from a stack's state: what each policy's PackagePlanWrites deleted and
 * restored, and when, one row per version, from the output of `pulumi stack export` alone (no
 * request to GitHub). The command line around it is print-record.ts.
 */
import { decodeRecord } from "./record";
import { ISO_TIME_EXAMPLE, parseIsoTime } from "../core/iso-time";
import type { PlannedEntry, RecordedRun } from "./types";

/** The type token of a PackagePlanWrites in the state. */
export const PLAN_WRITES_TYPE = "pulumi-nodejs:dynamic/github-package-versions:PackagePlanWrites";

/** A problem with the input or the arguments: printed as one line, exit code 2. */
export class RecordInputError extends Error {
  override readonly name = "RecordInputError";
}

/** One version one policy's writes deleted, restored or untagged. */
export interface RecordRow {
  /** When the run's writes ended (ISO). */
  at: string;
  /** The run: the time its plan was made (ISO). */
  run: string;
  /** `untagged`: the version stayed and lost the tags in `tags` (issue 23's untagging). */
  action: "deleted" | "restored" | "untagged";
  /** The policy whose writes these are (the PackagePlanWrites' parent). */
  policy: string;
  /** The package as `owner/type/name`. */
  package: string;
  owner: string;
  packageType: string;
  packageName: string;
  id: number;
  name: string;
  tags: string[];
  /** A restored version: when it had been deleted, when the plan knew it. */
  deletedAt?: string;
}

/** The PackagePlanWrites of a stack and their decoded records. */
export interface StackRecord {
  /** How many PackagePlanWrites the state holds. */
  resources: number;
  rows: RecordRow[];
}

interface StateResource {
  urn?: unknown;
  type?: unknown;
  parent?: unknown;
  outputs?: unknown;
  delete?: unknown;
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** The resources of a `pulumi stack export` (or of a file backend's checkpoint), or a clear refusal. */
export function stackResources(text: string): StateResource[] {
  if (text.trim() === "")
    throw new RecordInputError("the input is empty: pipe `pulumi stack export` into this command, or give the exported file");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RecordInputError(`the input is not JSON (${(error as Error).message}): expected the output of \`pulumi stack export\``);
  }
  const object = (value: unknown): Record<string, unknown> | undefined =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const root = object(parsed);
  // `pulumi stack export`: { version, deployment: { manifest, resources? } }; a file backend's
  // checkpoint: { version, checkpoint: { latest: { manifest, resources? } } }.
  const deployment = object(root?.["deployment"]) ?? object(object(root?.["checkpoint"])?.["latest"]);
  if (
    root === undefined ||
    typeof root["version"] !== "number" ||
    deployment === undefined ||
    object(deployment["manifest"]) === undefined
  ) {
    throw new RecordInputError(
      "the input is JSON but not a stack export (no `version` and `deployment.manifest`): expected the output of `pulumi stack export`",
    );
  }
  const resources = deployment["resources"] ?? [];
  if (!Array.isArray(resources)) throw new RecordInputError("the input is not a valid stack export: `deployment.resources` is not a list");
  return resources.filter((r): r is StateResource => object(r) !== undefined);
}

/** The name part of a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
function urnName(urn: string): string {
  const at = urn.lastIndexOf("::");
  return at === -1 ? urn : urn.slice(at + 2);
}

/** An output's value, unwrapped when it is a secret exported with --show-secrets. */
function plainOutput(value: unknown, urn: string, output: string): unknown {
  if (typeof value !== "object" || value === null || (value as Record<string, unknown>)[SECRET_SIG] === undefined) return value;
  const plaintext = (value as Record<string, unknown>)["plaintext"];
  if (typeof plaintext !== "string") {
    throw new RecordInputError(`the ${output} of ${urn} is a secret in this export: export with \`pulumi stack export --show-secrets\``);
  }
  return JSON.parse(plaintext) as unknown;
}

/** Every version the stack's PackagePlanWrites recorded, sorted by time (`at`, then run, policy, id). */
export function readStackRecord(text: string): StackRecord {
  const rows: RecordRow[] = [];
  let resources = 0;
  for (const resource of stackResources(text)) {
    if (resource.type !== PLAN_WRITES_TYPE || resource.delete === true) continue;
    resources++;
    rows.push(...rowsOf(resource));
  }
  rows.sort(
    (a, b) => compare(a.at, b.at) || compare(a.run, b.run) || compare(a.policy, b.policy) || compare(a.action, b.action) || a.id - b.id,
  );
  return { resources, rows };
}

/** The rows of one PackagePlanWrites of the export: each version its runs deleted, restored or untagged. */
function rowsOf(resource: StateResource): RecordRow[] {
  const urn = typeof resource.urn === "string" ? resource.urn : "(a resource without a URN)";
  const outputs = (typeof resource.outputs === "object" && resource.outputs !== null ? resource.outputs : {}) as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const value = plainOutput(outputs[key], urn, key);
    return typeof value === "string" ? value : undefined;
  };
  // The policy is the resource's parent; without one (a PackagePlanWrites declared on its own),
  // its name less the `-writes` a policy gives it.
  const policy =
    typeof resource.parent === "string" && !resource.parent.includes("::pulumi:pulumi:Stack::")
      ? urnName(resource.parent)
      : urnName(urn).replace(/-writes$/, "");
  const owner = text("org") ?? text("user") ?? "?";
  const packageType = text("packageType") ?? "?";
  const packageName = text("packageName") ?? "?";
  let runs: RecordedRun[];
  try {
    runs = decodeRecord(text("record"));
    if (!Array.isArray(runs)) throw new Error("not a list of runs");
  } catch (error) {
    throw new RecordInputError(`the record of ${urn} cannot be read (${(error as Error).message})`);
  }
  const base = { policy, package: `${owner}/${packageType}/${packageName}`, owner, packageType, packageName };
  const row = (run: RecordedRun, action: RecordRow["action"], [id, name, tags, deletedAt]: PlannedEntry): RecordRow => ({
    at: run.at,
    run: run.run,
    action,
    ...base,
    id,
    name,
    tags: tags ?? [],
    ...(deletedAt !== undefined ? { deletedAt } : {}),
  });
  const rows: RecordRow[] = [];
  for (const run of runs) {
    for (const entry of run.deleted ?? []) rows.push(row(run, "deleted", entry));
    for (const entry of run.restored ?? []) rows.push(row(run, "restored", entry));
    for (const entry of run.untagged ?? []) rows.push(row(run, "untagged", entry));
  }
  return rows;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `--since`'s value as epoch milliseconds: an ISO date (UTC midnight) or date-time with its zone. */
export function parseSince(value: string | undefined): number {
  if (value === undefined || value === "" || value.startsWith("--"))
    throw new RecordInputError(`--since needs a time, ${ISO_TIME_EXAMPLE}`);
  const ms = parseIsoTime(value);
  if (ms === undefined)
    throw new RecordInputError(`--since ${JSON.stringify(value)} is not an ISO date-time with its zone, ${ISO_TIME_EXAMPLE}`);
  return ms;
}

/** The rows of the runs planned at or after `sinceMs`. */
export function rowsSince(rows: readonly RecordRow[], sinceMs: number | undefined): RecordRow[] {
  return sinceMs === undefined ? [...rows] : rows.filter((row) => Date.parse(row.run) >= sinceMs);
}

/** One JSON object a line. */
export function formatJsonLines(rows: readonly RecordRow[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join("");
}

const HEADER = ["AT", "RUN", "ACTION", "POLICY", "PACKAGE", "ID", "NAME", "TAGS"];

/** A header and one aligned line a version; tags comma-separated (`-` for none). */
export function formatTable(rows: readonly RecordRow[]): string {
  const cells = rows.map((row) => [
    row.at,
    row.run,
    row.action,
    row.policy,
    row.package,
    String(row.id),
    row.name,
    (row.tags.length > 0 ? row.tags.join(",") : "-") + (row.deletedAt !== undefined ? ` (deleted at ${row.deletedAt})` : ""),
  ]);
  const widths = HEADER.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((value, column) => (column === values.length - 1 ? value : value.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd() + "\n";
  return line(HEADER) + cells.map(line).join("");
}

/** The closing count: "50 deleted, 1 restored by 1 policy in 2 runs" (", 2 untagged" after restored when any were). */
export function summaryLine(rows: readonly RecordRow[], since: string | undefined): string {
  const count = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
  const of = (action: RecordRow["action"]) => rows.filter((row) => row.action === action).length.toLocaleString("en-US");
  const untagged = rows.some((row) => row.action === "untagged") ? `, ${of("untagged")} untagged` : "";
  const policies = new Set(rows.map((row) => row.policy)).size;
  const runs = new Set(rows.map((row) => `${row.policy}\u0000${row.run}`)).size;
  const window = since !== undefined ? `in the runs since ${since}` : "in the last 30 days (what the record keeps)";
  return `${of("deleted")} deleted, ${of("restored")} restored${untagged} by ${count(policies, "policy", "policies")} in ${count(runs, "run", "runs")}, ${window}`;
}
