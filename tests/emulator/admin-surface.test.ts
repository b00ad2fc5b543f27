import { strict as assert } from "node:assert";
import { AdminRequestError, SeedValidationError, startEmulator } from "../../emulator";
import { admin, useEmulator } from "../support/emulator-fixture";

describe("emulator: admin surface", () => {
  const fx = useEmulator();

  it("exposes the admin methods, url and close, and nothing of its internals", () => {
    assert.deepEqual(Object.keys(fx.emu).sort(), [
      "clearRequests", "close", "faults", "now", "rateLimits", "requests", "reset", "seed", "setClock", "setFaults", "setRateLimits", "state", "url",
    ]);
  });

  it("throws AdminRequestError from code for a malformed clock, fault rule or rate-limit setting, changing nothing", () => {
    const before = { now: fx.emu.now(), faults: fx.emu.faults(), rateLimits: fx.emu.rateLimits() };
    assert.throws(() => fx.emu.setClock({ now: "soon" }), (e: unknown) => e instanceof AdminRequestError && e.message === 'clock: "soon" is not an ISO 8601 date-time');
    assert.throws(() => fx.emu.setFaults([{ status: 700 }]), (e: unknown) => e instanceof AdminRequestError && e.message === "faults[0].status must be an integer between 100 and 599");
    assert.throws(() => fx.emu.setRateLimits({ primaryStatus: 500 as 403 }), (e: unknown) => e instanceof AdminRequestError && e.message === "rate limits: primaryStatus must be 403 or 429");
    assert.deepEqual({ now: fx.emu.now(), faults: fx.emu.faults(), rateLimits: fx.emu.rateLimits() }, before);
  });

  it("answers the same problems over HTTP with 400 and the message", async () => {
    const res = await admin(fx.emu, "POST", "/faults", { faults: [{ status: 700 }] });
    assert.deepEqual({ status: res.status, message: (res.json as { message: string }).message }, { status: 400, message: "Invalid faults: faults[0].status must be an integer between 100 and 599" });
  });

  it("SeedValidationError is an AdminRequestError; startEmulator refuses bad rate limits with one", async () => {
    assert.throws(() => fx.emu.seed({ now: "x" }), (e: unknown) => e instanceof SeedValidationError && e instanceof AdminRequestError);
    await assert.rejects(startEmulator({ rateLimits: { maxConcurrent: 0 } }), (e: unknown) => e instanceof AdminRequestError && e.message === "rate limits: maxConcurrent must be a positive integer");
  });
});
