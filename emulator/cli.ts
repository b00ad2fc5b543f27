#!/usr/bin/env node
/** `npm run emulator -- --port 4010 --seed seed.json [--host 127.0.0.1] [--rate-limits '{"primaryLimit":100}']` */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { AdminRequestError } from "./admin-request-error";
import type { RateLimitSettings } from "./rate-limits";
import type { EmulatorSeed } from "./seed";
import { startEmulator } from "./server";

const USAGE =
  "usage: npm run emulator -- [--port 4010] [--host 127.0.0.1] [--seed path/to/seed.json] [--rate-limits '{\"primaryLimit\": 5000}']";

function fail(message: string): never {
  process.stderr.write(`emulator: ${message}\n${USAGE}\n`);
  process.exit(2);
}

/** The command line's options, checked: what startEmulator takes. */
interface CliOptions {
  readonly port: number;
  readonly host: string | undefined;
  readonly seed: unknown;
  readonly rateLimits: unknown;
}

/** The options, or "help" for --help; a bad option ends the process with the usage. */
function parseCli(): CliOptions | "help" {
  let values: { port?: string; host?: string; seed?: string; "rate-limits"?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        seed: { type: "string" },
        "rate-limits": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  if (values.help === true) return "help";
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be an integer 0..65535, got "${values.port}"`);
  return { port, host: values.host, seed: readSeed(values.seed), rateLimits: parseRateLimits(values["rate-limits"]) } satisfies CliOptions;
}

function readSeed(file: string | undefined): unknown {
  if (file === undefined) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as unknown;
  } catch (e) {
    fail(`cannot read seed ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function parseRateLimits(json: string | undefined): unknown {
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    fail("--rate-limits must be a JSON object");
  }
}

async function main(): Promise<void> {
  const options = parseCli();
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { port, host, seed, rateLimits } = options;
  let emulator;
  try {
    emulator = await startEmulator({
      port,
      ...(host !== undefined && { host }),
      ...(seed !== undefined && { seed: seed as EmulatorSeed }),
      ...(rateLimits !== undefined && { rateLimits: rateLimits as Partial<RateLimitSettings> }),
    });
  } catch (e) {
    if (e instanceof AdminRequestError) fail(e.message);
    throw e;
  }
  process.stdout.write(`GitHub Packages emulator listening on ${emulator.url}\n`);

  const stop = (signal: NodeJS.Signals): void => {
    process.stdout.write(`emulator: ${signal}, stopping\n`);
    emulator.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`emulator: close failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`emulator: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
