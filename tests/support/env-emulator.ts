/**
 * A fresh emulator per test that the program-side code (look-ups, retention policies) finds the
 * way a program run does: through GITHUB_TOKEN, GITHUB_BASE_URL and GITHUB_REGISTRY_URL. The
 * variables the test process had are put back after each test.
 */
import { type Emulator, type EmulatorSeed, startEmulator } from "../../emulator";
// The manifests the program's library has read (the same module instance as the package's).
import { forgetReadManifests } from "pulumi-github-package-versions/testing";
import { withGitHubEnv } from "./github-env";
import { ADMIN_TOKEN } from "./provider-fixture";
import { type FakeWaitClock, useFakeWaitClock } from "./wait-clock";

/**
 * Registers beforeEach/afterEach: the emulator, the environment pointing to it, and a fresh
 * FakeWaitClock that the GitHub clients made during the test wait on and the emulator's rate-limit windows run on.
 */
export function useEnvEmulator(seed: () => EmulatorSeed): { readonly emu: Emulator; readonly clock: FakeWaitClock } {
  let emu: Emulator | undefined;
  let restoreEnv: () => void = () => undefined;
  const clock = useFakeWaitClock();
  beforeEach(async () => {
    const waitClock = clock();
    emu = await startEmulator({ seed: seed(), rateLimitClock: () => waitClock.now() });
    // A fresh program run: the emulator names manifests by seeded names, not by their content, so one seen before may differ now.
    forgetReadManifests();
    restoreEnv = withGitHubEnv({ GITHUB_TOKEN: ADMIN_TOKEN, GITHUB_BASE_URL: emu.url, GITHUB_REGISTRY_URL: emu.url });
  });
  afterEach(async () => {
    restoreEnv();
    await emu?.close();
    emu = undefined;
  });
  return {
    get clock() {
      return clock();
    },
    get emu() {
      if (emu === undefined) throw new Error("emulator not started");
      return emu;
    },
  };
}
