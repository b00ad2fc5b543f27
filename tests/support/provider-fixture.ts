/** A fresh emulator per test and the real provider object configured against it over HTTP. */
import { strict as assert } from "node:assert";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { type Emulator, type EmulatorSeed, type RateLimitSettings, startEmulator } from "../../emulator";
import { PackageVersionError, type PackageVersionInputs, type PackageVersionOutputs } from "pulumi-github-package-versions";
import { packageVersionProvider } from "pulumi-github-package-versions/testing";
import { type FakeWaitClock, useFakeWaitClock } from "./wait-clock";

export { NOW } from "./clock";
export * from "./base-seed";
import { ADMIN_TOKEN, TEST_TOKENS, baseSeed } from "./base-seed";
/** Seeds the emulator's fault generator: a rule's `probability` picks the same requests on every run. */
export const FAULT_SEED = 9;

/**
 * A primary window short enough to wait out under the default longest wait: the client waits
 * until a second after the reset, on the fake clock (see tests/support/wait-clock.ts).
 */
export const PRIMARY_WINDOW_MS = 1_000;

/**
 * baseSeed plus an npm package of org acme with `active` versions `1.0.0`, `1.0.1`, ... (ids
 * from `firstId`, one hour apart from `createdFrom`) followed by `deleted` ones deleted on 2026-11-20.
 */
export function seedWithNpmPackage(
  name: string,
  options: { active: number; deleted?: number; firstId: number; createdFrom: string },
): EmulatorSeed {
  const seed = baseSeed();
  const deleted = options.deleted ?? 0;
  const versions = Array.from({ length: options.active + deleted }, (_, i) => ({
    id: options.firstId + i,
    name: `1.0.${i}`,
    createdAt: new Date(Date.parse(options.createdFrom) + i * 3_600_000).toISOString(),
    ...(i >= options.active ? { deletedAt: "2026-11-20T00:00:00Z" } : {}),
  }));
  seed.packages!.push({ owner: "acme", ownerType: "org", packageType: "npm", name, versions });
  return seed;
}

/** A config reader as the engine passes it to `configure`. */
export function stackConfig(values: Record<string, string>): dynamic.ConfigureRequest {
  return { config: { get: (key) => values[key], require: (key) => values[key] ?? "" } };
}

export interface ProviderFixture {
  readonly emu: Emulator;
  readonly provider: Required<dynamic.ResourceProvider<PackageVersionInputs, PackageVersionOutputs>>;
  /** Configures the provider with a token (the admin's unless given). */
  configure(token?: string): Promise<void>;
  /** Methods and paths of the API requests made since the test started. */
  calls(): string[];
  /** Each API request as "METHOD path?query status", a dropped answer as "status 0 (dropped 204)". */
  log(): string[];
  /** The clock the client waited on during the test (and the emulator's rate-limit windows ran on), with every wait it recorded. */
  readonly clock: FakeWaitClock;
}

/**
 * Registers beforeEach/afterEach: a fresh emulator and a fresh FakeWaitClock per test, the
 * client's waits and the emulator's rate-limit windows both on that clock, and the provider
 * configured against the emulator with the admin's token.
 */
export function useProvider(seed: () => EmulatorSeed = baseSeed, rateLimits: Partial<RateLimitSettings> = {}): ProviderFixture {
  let emu: Emulator | undefined;
  const clock = useFakeWaitClock();
  const provider = packageVersionProvider as Required<dynamic.ResourceProvider<PackageVersionInputs, PackageVersionOutputs>>;
  const fixture: ProviderFixture = {
    get emu() {
      if (emu === undefined) throw new Error("emulator not started");
      return emu;
    },
    provider,
    get clock() {
      return clock();
    },
    configure: (token = ADMIN_TOKEN) => provider.configure(stackConfig({ "github:token": token, "github:baseUrl": fixture.emu.url })),
    calls: () => fixture.emu.requests().map((r) => `${r.method} ${r.path}`),
    log: () =>
      fixture.emu.requests().map((r) => {
        const query = new URLSearchParams(r.query).toString();
        const dropped = r.droppedStatus !== undefined ? ` (dropped ${r.droppedStatus})` : "";
        return `${r.method} ${r.path}${query !== "" ? `?${query}` : ""} ${r.status}${dropped}`;
      }),
  };
  beforeEach(async () => {
    const waitClock = clock();
    emu = await startEmulator({ seed: seed(), rateLimits, faultSeed: FAULT_SEED, rateLimitClock: () => waitClock.now() });
    await fixture.configure();
  });
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });
  return fixture;
}

/** Awaits a call expected to throw and returns the error's message. */
export async function failureOf(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error("expected the call to fail, it succeeded");
}

/** Awaits a provider call expected to be refused: a PackageVersionError whose message and details carry no test token. */
export async function refusal(call: Promise<unknown>): Promise<PackageVersionError> {
  const error = await failureOf(call);
  assert.ok(error instanceof PackageVersionError, `expected a PackageVersionError, got ${error.stack}`);
  for (const token of TEST_TOKENS)
    assert.ok(!error.message.includes(token) && !JSON.stringify(error.details).includes(token), "the error carries a token");
  return error;
}

/** A missing-scopes refusal: the scopes the token lacks and, where given, those GitHub named and those the token has. */
export function assertMissingScopes(
  error: PackageVersionError,
  scopes: { missing: string[]; required?: string[]; token?: string[] },
): void {
  assert.equal(error.reason, "missing-scopes");
  assert.deepEqual(error.details.missingScopes, scopes.missing);
  if (scopes.required !== undefined) assert.deepEqual(error.details.requiredScopes, scopes.required);
  if (scopes.token !== undefined) assert.deepEqual(error.details.tokenScopes, scopes.token);
}
