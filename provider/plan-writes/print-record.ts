#!/usr/bin/env node
/**
 * `pulumi stack export | npx pulumi-github-package-versions-record [--since <ISO time>] [--json] [file]`:
 * prints what the stack's retention policies (the compact form, the default) deleted and restored, and
 * when, from the state only: no request to GitHub. Errors are one line on stderr, exit code 2.
 */
import * as fs from "node:fs";
import { formatJsonLines, formatTable, parseSince, readStackRecord, RecordInputError, rowsSince, summaryLine } from "./record-report";

const COMMAND = "pulumi-github-package-versions-record";

const USAGE = `Usage: pulumi stack export | ${COMMAND} [--since <ISO time>] [--json]
       ${COMMAND} [--since <ISO time>] [--json] <exported-stack.json>

Prints every version the stack's retention policies deleted or restored in the last 30 days (the
record of each policy's PackagePlanWrites: the compact form, the default), one line per version, oldest
first: AT (when the run's writes ended), RUN (when its plan was made), ACTION, POLICY, PACKAGE, ID,
NAME, TAGS. Reads the state only: no request to GitHub.

  --since <time>  only the runs planned at or after this time (ISO: 2026-09-30T02:00:00Z, 2026-09-30)
  --json          one JSON object a line instead of the table
  -h, --help      this text
`;

interface Options {
  since?: string;
  json: boolean;
  file?: string;
  help: boolean;
}

export function parseArguments(args: readonly string[]): Options {
  const options: Options = { json: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--json") options.json = true;
    else if (arg === "-h" || arg === "--help") options.help = true;
    else if (arg === "--since") {
      options.since = args[++i] ?? "";
      parseSince(options.since);
    } else if (arg.startsWith("--since=")) {
      options.since = arg.slice("--since=".length);
      parseSince(options.since);
    } else if (arg.startsWith("-") && arg !== "-") throw new RecordInputError(`unknown option ${arg} (see --help)`);
    else if (options.file !== undefined) throw new RecordInputError(`one input at most: ${options.file} and ${arg} given`);
    else options.file = arg;
  }
  return options;
}

async function readInput(file: string | undefined): Promise<string> {
  if (file !== undefined && file !== "-") {
    try {
      return fs.readFileSync(file, "utf8");
    } catch (error) {
      throw new RecordInputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  if (process.stdin.isTTY)
    throw new RecordInputError(`no input: run \`pulumi stack export | ${COMMAND}\`, or give the exported file (see --help)`);
  // Read as a stream: a pipe may be non-blocking, where a synchronous read of fd 0 fails (EAGAIN).
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Runs the command; returns the exit code. */
export async function main(args: readonly string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  try {
    const options = parseArguments(args);
    if (options.help) {
      out(USAGE);
      return 0;
    }
    const sinceMs = options.since !== undefined ? parseSince(options.since) : undefined;
    const record = readStackRecord(await readInput(options.file));
    if (record.resources === 0) {
      const none =
        "No PackagePlanWrites in this stack's state, so no record of deletions: a retention policy records what it " +
        "deletes and restores only in its compact form (the default; not with perVersionChildren: true).\n";
      (options.json ? err : out)(none);
      return 0;
    }
    const rows = rowsSince(record.rows, sinceMs);
    if (options.json) {
      out(formatJsonLines(rows));
      return 0;
    }
    if (rows.length === 0) {
      const policies = `${record.resources} ${record.resources === 1 ? "PackagePlanWrites" : "PackagePlanWrites resources"}`;
      out(
        `Nothing deleted or restored ${options.since !== undefined ? `in the runs since ${options.since}` : "in the last 30 days"} (the record of ${policies}).\n`,
      );
      return 0;
    }
    out(formatTable(rows));
    err(`${summaryLine(rows, options.since)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof RecordInputError) {
      err(`${COMMAND}: ${error.message}\n`);
      return 2;
    }
    err(`${COMMAND}: ${(error as Error).message ?? String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => process.exit(error.code === "EPIPE" ? 0 : 2));
  void main(
    process.argv.slice(2),
    (text) => process.stdout.write(text),
    (text) => process.stderr.write(text),
  ).then((code) => {
    process.exitCode = code;
  });
}
