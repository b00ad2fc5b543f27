/** Shared fixtures: a fresh emulator per test, a real Octokit client, and error assertions that validate bodies. */
import { Octokit } from "@octokit/rest";
import { strict as assert } from "node:assert";
import { type Emulator, type EmulatorSeed, type RateLimitSettings, startEmulator } from "../../emulator";
import { ADMIN_TOKEN, baseSeed } from "./base-seed";
import { assertMatchesSchema } from "./openapi-schemas";

export { NOW } from "./clock";
export { ADMIN_TOKEN, ALL_SCOPES, MEMBER_TOKEN, NO_SCOPES_TOKEN, OUTSIDER_TOKEN, READ_ONLY_TOKEN, baseSeed } from "./base-seed";

export interface Fixture {
  emu: Emulator;
  client(token?: string): Octokit;
}

/** Registers beforeEach/afterEach starting a fresh emulator on port 0; read `fx.emu` inside tests. */
export function useEmulator(
  seed: () => EmulatorSeed = baseSeed,
  rateLimits: Partial<RateLimitSettings> = {},
  /** The time the rate-limit windows run on (default: the wall clock), e.g. a FakeWaitClock's `now` that the test advances. */
  rateLimitClock?: () => number,
): Fixture {
  const fx = {} as { emu: Emulator };
  beforeEach(async () => {
    fx.emu = await startEmulator({ seed: seed(), rateLimits, ...(rateLimitClock !== undefined ? { rateLimitClock } : {}) });
  });
  afterEach(async () => {
    await fx.emu.close();
  });
  return {
    get emu() {
      return fx.emu;
    },
    client: (token = ADMIN_TOKEN) => octokit(fx.emu.url, token),
  };
}

export function octokit(baseUrl: string, token?: string): Octokit {
  return new Octokit({
    baseUrl,
    ...(token !== undefined && { auth: token }),
    request: { retries: 0 },
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });
}

export interface HttpFailure {
  status: number;
  message: string;
  headers: Record<string, string | number | undefined>;
  data: unknown;
}

/** Awaits a call expected to fail; checks status (and message when given) and validates the body as basic-error. */
export async function expectFailure(call: Promise<unknown>, status: number, message?: string | RegExp): Promise<HttpFailure> {
  let failure: HttpFailure | undefined;
  try {
    await call;
  } catch (e) {
    const err = e as { status?: number; response?: { data: unknown; headers: Record<string, string | number | undefined> } };
    if (err.response === undefined || err.status === undefined) throw e;
    const data = err.response.data;
    assertMatchesSchema(data, "basic-error");
    const body = data as { message: string; status: string; documentation_url: string };
    failure = { status: err.status, message: body.message, headers: err.response.headers, data };
  }
  assert.ok(failure, `expected HTTP ${status} but the call succeeded`);
  assert.equal(failure.status, status, `expected HTTP ${status}, got ${failure.status}: ${failure.message}`);
  assert.equal((failure.data as { status: string }).status, String(status));
  assert.match((failure.data as { documentation_url: string }).documentation_url, /^https:\/\/docs\.github\.com\//);
  if (typeof message === "string") assert.equal(failure.message, message);
  else if (message !== undefined) assert.match(failure.message, message);
  return failure;
}

/** Plain fetch for admin calls and raw checks. */
export async function admin(emu: Emulator, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${emu.url}/_emulator${path}`, {
    method,
    ...(body !== undefined && {
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": "application/json" },
    }),
  });
  const text = await res.text();
  return { status: res.status, json: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

export const orgApi = { package_type: "container", package_name: "api", org: "acme" } as const;
