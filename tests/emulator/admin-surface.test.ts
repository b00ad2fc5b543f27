import { strict as assert } from "node:assert";
import { AdminRequestError, SeedValidationError, startEmulator } from "../../emulator";
import { admin, useEmulator } from "../support/emulator-fixture";

describe("emulator: admin surface", () => {
  const fx = useEmulator();

  it("exposes the admin methods, url and close, and nothing of its internals", () => {
    assert.deepEqual(Object.keys(fx.emu).sort(), [
      "clearRequests",
      "close",
      "faults",
      "now",
      "rateLimits",
      "requests",
      "reset",
      "seed",
      "setClock",
      "setFaults",
      "setRateLimits",
      "state",
      "url",
    ]);
  });

  it("throws AdminRequestError from code for a malformed clock, fault rule or rate-limit setting, changing nothing", () => {
    const before = { now: fx.emu.now(), faults: fx.emu.faults(), rateLimits: fx.emu.rateLimits() };
    assert.throws(
      () => fx.emu.setClock({ now: "soon" }),
      (e: unknown) => e instanceof AdminRequestError && e.message === 'clock: "soon" is not an ISO 8601 date-time',
    );
    assert.throws(
      () => fx.emu.setFaults([{ status: 700 }]),
      (e: unknown) => e instanceof AdminRequestError && e.message === "faults[0].status must be an integer between 100 and 599",
    );
    assert.throws(
      () => fx.emu.setRateLimits({ primaryStatus: 500 as 403 }),
      (e: unknown) => e instanceof AdminRequestError && e.message === "rate limits: primaryStatus must be 403 or 429",
    );
    assert.deepEqual({ now: fx.emu.now(), faults: fx.emu.faults(), rateLimits: fx.emu.rateLimits() }, before);
  });

  it("answers the same problems over HTTP with 400 and the message", async () => {
    const res = await admin(fx.emu, "POST", "/faults", { faults: [{ status: 700 }] });
    assert.deepEqual(
      { status: res.status, message: (res.json as { message: string }).message },
      { status: 400, message: "Invalid faults: faults[0].status must be an integer between 100 and 599" },
    );
  });

  it("refuses an impossible time for the clock with a 400 naming the field, changing nothing", async () => {
    const before = fx.emu.now().toISOString();
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { advanceDays: 1e9 },
        /^Invalid clock: clock: advanceDays 1000000000 would set the clock outside 0000-01-01T00:00:00Z to 9999-12-31T23:59:59\.999Z/,
      ],
      [{ advanceDays: -1e9 }, /advanceDays -1000000000 would set the clock outside/],
      [{ advanceDays: 1.7976931348623157e308 }, /advanceDays 1\.7976931348623157e\+308 would set the clock outside/],
      [{ now: "+275760-09-13T00:00:00.000Z" }, /now "\+275760-09-13T00:00:00\.000Z" would set the clock outside/],
      [{ now: "9999-12-31T00:00:00Z", advanceDays: 1 }, /advanceDays 1 would set the clock outside/],
      [{ advanceDays: "1" }, /advanceDays must be a number/],
    ];
    for (const [body, message] of cases) {
      const res = await admin(fx.emu, "POST", "/clock", body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match((res.json as { message: string }).message, message);
      assert.doesNotMatch(JSON.stringify(res.json), /RangeError/);
    }
    // 1e999 is Infinity once JSON.parse has read it.
    const infinite = await admin(fx.emu, "POST", "/clock", '{"advanceDays": 1e999}');
    assert.equal(infinite.status, 400);
    assert.match((infinite.json as { message: string }).message, /advanceDays must be a finite number/);
    assert.throws(
      () => fx.emu.setClock({ advanceDays: Number.NaN }),
      (e: unknown) => e instanceof AdminRequestError && /advanceDays must be a finite number/.test(e.message),
    );
    assert.throws(
      () => fx.emu.setClock({ advanceDays: 1e9 }),
      (e: unknown) => e instanceof AdminRequestError && /advanceDays/.test(e.message),
    );
    assert.equal(fx.emu.now().toISOString(), before);
    const edge = await admin(fx.emu, "POST", "/clock", { now: "9999-12-30T00:00:00Z", advanceDays: 1 });
    assert.deepEqual(edge, { status: 200, json: { now: "9999-12-31T00:00:00.000Z" } });
  });

  it("SeedValidationError is an AdminRequestError; startEmulator refuses bad rate limits with one", async () => {
    assert.throws(
      () => fx.emu.seed({ now: "x" }),
      (e: unknown) => e instanceof SeedValidationError && e instanceof AdminRequestError,
    );
    await assert.rejects(
      startEmulator({ rateLimits: { maxConcurrent: 0 } }),
      (e: unknown) => e instanceof AdminRequestError && e.message === "rate limits: maxConcurrent must be a positive integer",
    );
  });
});
