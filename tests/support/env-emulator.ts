/**
 * A fresh emulator per test that the program-side code (look-ups, retention policies) finds the
 * way a program run does: through GITHUB_TOKEN, GITHUB_BASE_URL and GITHUB_REGISTRY_URL. The variables the test process
 * had are put back after each test.
 */
import { type Emulator, type EmulatorSeed, startEmulator } from "../../emulator";
// The manifests the program's library has read (the same module instance as the package's).
import { forgetReadManifests } from "pulumi-github-package-versions/dist/provider/images/manifest-cache";
import { ADMIN_TOKEN } from "./provider-fixture";

const ENV_KEYS = ["GITHUB_TOKEN", "GITHUB_BASE_URL", "GITHUB_API_URL", "GITHUB_REGISTRY_URL"] as const;

export function useEnvEmulator(seed: () => EmulatorSeed): { readonly emu: Emulator } {
  let emu: Emulator | undefined;
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  beforeEach(async () => {
    for (const key of ENV_KEYS) {
      const value = process.env[key];
      if (value !== undefined) saved[key] = value;
      delete process.env[key];
    }
    emu = await startEmulator({ seed: seed() });
    // A fresh program run: the emulator names manifests by seeded names, not by their content, so one seen before may differ now.
    forgetReadManifests();
    process.env["GITHUB_TOKEN"] = ADMIN_TOKEN;
    process.env["GITHUB_BASE_URL"] = emu.url;
    process.env["GITHUB_REGISTRY_URL"] = emu.url;
  });
  afterEach(async () => {
    for (const key of ENV_KEYS) {
      delete process.env[key];
      const value = saved[key];
      if (value !== undefined) process.env[key] = value;
      delete saved[key];
    }
    await emu?.close();
    emu = undefined;
  });
  return {
    get emu() {
      if (emu === undefined) throw new Error("emulator not started");
      return emu;
    },
  };
}
