/** Shared fixtures: a fresh emulator per test, a real Octokit client, and error assertions that validate bodies. */
import { Octokit } from "@octokit/rest";
import { strict as assert } from "node:assert";
import { type Emulator, type EmulatorSeed, type RateLimitSettings, startEmulator } from "../../emulator";
import { NOW } from "./clock";
import { assertMatchesSchema } from "./openapi-schemas";

export { NOW } from "./clock";
export const ALL_SCOPES = ["read:packages", "write:packages", "delete:packages"];

/** A public container package with three versions (one deleted), an org admin's token and tokens with narrower rights. */
export function baseSeed(): EmulatorSeed {
  return {
    now: NOW,
    tokens: [
      { token: "ghp_admin", login: "octocat", scopes: ALL_SCOPES, orgAdmin: ["acme"] },
      { token: "ghp_member", login: "monalisa", scopes: ALL_SCOPES, orgMember: ["acme"] },
      { token: "ghp_outsider", login: "hubot", scopes: ALL_SCOPES },
      { token: "ghp_read", login: "reader", scopes: ["read:packages"], orgAdmin: ["acme"] },
      { token: "ghp_none", login: "nobody", scopes: [], orgAdmin: ["acme"] },
    ],
    packages: [
      {
        owner: "acme",
        ownerType: "org",
        packageType: "container",
        name: "api",
        visibility: "public",
        versions: [
          { id: 1002, name: "sha256:aa11", tags: ["latest", "v2"], createdAt: "2026-11-20T00:00:00Z", downloads: 9000 },
          { id: 1001, name: "sha256:bb22", tags: [], createdAt: "2026-11-01T00:00:00Z" },
          { id: 1000, name: "sha256:cc33", tags: ["v1"], createdAt: "2026-10-01T00:00:00Z", deletedAt: "2026-11-10T00:00:00Z" },
        ],
      },
    ],
  };
}

export interface Fixture {
  emu: Emulator;
  client(token?: string): Octokit;
}

/** Registers beforeEach/afterEach starting a fresh emulator on port 0; read `fx.emu` inside tests. */
export function useEmulator(seed: () => EmulatorSeed = baseSeed, rateLimits: Partial<RateLimitSettings> = {}): Fixture {
  const fx = {} as { emu: Emulator };
  beforeEach(async () => {
    fx.emu = await startEmulator({ seed: seed(), rateLimits });
  });
  afterEach(async () => {
    await fx.emu.close();
  });
  return {
    get emu() {
      return fx.emu;
    },
    client: (token = "ghp_admin") => octokit(fx.emu.url, token),
  };
}

export function octokit(baseUrl: string, token?: string): Octokit {
  return new Octokit({ baseUrl, ...(token !== undefined && { auth: token }), request: { retries: 0 }, log: { debug() {}, info() {}, warn() {}, error() {} } });
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
    ...(body !== undefined && { body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  const text = await res.text();
  return { status: res.status, json: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

export const orgApi = { package_type: "container", package_name: "api", org: "acme" } as const;
