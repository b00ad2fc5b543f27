/** The real `pulumi` CLI on a fresh stack in a temp directory, against a fresh emulator. */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { type Emulator, type EmulatorSeed, startEmulator } from "../../emulator";
import { createSandbox, type Sandbox } from "../../scripts/pulumi-sandbox";
import { ADMIN_TOKEN, failureOf, baseSeed } from "./provider-fixture";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export { ADMIN_TOKEN };

export interface StackFixture {
  readonly emu: Emulator;
  readonly sandbox: Sandbox;
  /** Non-GET API requests since the last call, as "METHOD path". */
  takeWrites(): string[];
  /** All API requests since the last call. */
  takeRequests(): string[];
  setVersions(versions: Record<string, unknown>[]): Promise<void>;
  /** A resource's outputs in the stack's state, found by its name. */
  outputsOf(resourceName: string): Record<string, unknown> | undefined;
  /** Active (true) or deleted (false) in the emulator; undefined when gone. */
  isActive(packageName: string, versionId: number): boolean | undefined;
}

export interface StackOptions {
  projectDir?: string;
  include?: string[];
  seed?: () => EmulatorSeed;
  /** How the token reaches the provider: a secret in stack config (default) or GITHUB_TOKEN. */
  tokenVia?: "config" | "env";
  /** The token the stack uses (default ADMIN_TOKEN); the state is checked for it after each test. */
  token?: string;
  /** More environment for every pulumi command (GITHUB_ACTIONS, GITHUB_REPOSITORY, ...). */
  env?: Record<string, string>;
  /** The project's node_modules (read when each test starts); the repo's when absent. */
  nodeModulesDir?: () => string;
}

/**
 * Registers beforeEach/afterEach: a fresh emulator, a fresh stack of the project, and after each
 * test the checks every state must pass (no token, small `__provider`).
 */
export function useStack(options: StackOptions = {}): StackFixture {
  let emu: Emulator | undefined;
  let sandbox: Sandbox | undefined;
  let seen = 0;
  const tokenVia = options.tokenVia ?? "config";
  const token = options.token ?? ADMIN_TOKEN;
  const take = () => {
    const all = fixture.emu.requests().slice(seen);
    seen += all.length;
    return all.map((r) => `${r.method} ${r.path}`);
  };
  const fixture: StackFixture = {
    get emu() {
      assert.ok(emu);
      return emu;
    },
    get sandbox() {
      assert.ok(sandbox);
      return sandbox;
    },
    takeRequests: take,
    takeWrites: () => take().filter((call) => !call.startsWith("GET ")),
    setVersions: (versions) => fixture.sandbox.stack.setConfig("package-versions:versions", { value: JSON.stringify(versions) }),
    outputsOf: (resourceName) => {
      const text = fixture.sandbox.stateText();
      const checkpoint = JSON.parse(text) as {
        checkpoint: { latest?: { resources?: { urn: string; outputs?: Record<string, unknown> }[] } };
      };
      return checkpoint.checkpoint.latest?.resources?.find((r) => r.urn.endsWith(`::${resourceName}`))?.outputs;
    },
    isActive: (packageName, versionId) => {
      const version = fixture.emu
        .state()
        .packages.find((p) => p.name === packageName)
        ?.versions.find((v) => v.id === versionId);
      return version === undefined ? undefined : version.deletedAt === undefined;
    },
  };
  beforeEach(async function () {
    this.timeout(120_000);
    emu = await startEmulator({ seed: (options.seed ?? baseSeed)() });
    seen = 0;
    const env: Record<string, string> = { GITHUB_BASE_URL: emu.url, GITHUB_REGISTRY_URL: emu.url, ...options.env };
    if (tokenVia === "env") env["GITHUB_TOKEN"] = token;
    sandbox = await createSandbox({
      projectDir: options.projectDir ?? REPO_ROOT,
      include: options.include ?? ["Pulumi.yaml", "program", "package.json", "tsconfig.json", "dist"],
      stackName: "e2e",
      env,
      ...(options.nodeModulesDir !== undefined ? { nodeModulesDir: options.nodeModulesDir() } : {}),
    });
    if (tokenVia === "config") await sandbox.stack.setConfig("github:token", { value: token, secret: true });
  });
  afterEach(async function () {
    this.timeout(60_000);
    try {
      if (sandbox !== undefined) {
        const state = sandbox.stateText();
        assert.ok(!state.includes(token), "the token is in the stack's state");
        for (const text of sandbox.serializedProviders()) assert.ok(text.length < 2048, `a __provider of ${text.length} bytes`);
        const config = await sandbox.stack.getAllConfig();
        if (tokenVia === "config") assert.equal(config["github:token"]?.secret, true, "the token is stored as a secret");
      }
    } finally {
      sandbox?.cleanup();
      await emu?.close();
      sandbox = undefined;
      emu = undefined;
    }
  });
  return fixture;
}

/** The error text of a failed pulumi command (the Automation API's CommandError). */
export async function commandFailure(call: Promise<unknown>): Promise<string> {
  return (await failureOf(call)).message;
}
