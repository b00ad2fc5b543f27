import { strict as assert } from "node:assert";
import { PrimaryBudget, waitAnnouncements } from "pulumi-github-package-versions/testing";
import { FakeWaitClock } from "../support/wait-clock";

/** The budget's waits pass at once on this clock, which records them. */
let clock = new FakeWaitClock();

/** The x-ratelimit-* headers of an answer: `remaining` of `limit` left, resetting in `inMs` on the clock. */
function headers(remaining: number, limit: number, inMs: number): Record<string, string> {
  return {
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": String(Math.ceil((clock.now() + inMs) / 1000)),
  };
}

describe("PrimaryBudget: the primary budget's edge", () => {
  beforeEach(() => {
    clock = new FakeWaitClock();
  });

  it("a request that would find the budget spent waits for a reset within the longest wait, with one line for those waiting together", async () => {
    const lines: string[] = [];
    const budget = new PrimaryBudget(600, waitAnnouncements(), (line) => lines.push(line), clock);
    await budget.beforeRequest("GET /a");
    budget.afterRequest(headers(0, 3, 1_000));
    const order: string[] = [];
    await Promise.all(
      ["GET /b", "GET /c"].map(async (label) => {
        await budget.beforeRequest(label);
        order.push(label);
        budget.afterRequest(headers(2, 3, 60_000)); // the new window
      }),
    );
    assert.deepEqual(order.sort(), ["GET /b", "GET /c"]);
    assert.equal(lines.length, 1, JSON.stringify(lines));
    assert.match(
      lines[0]!,
      /^GitHub primary rate limit reached \(0 of 3 left\); waiting until \S+Z \(\d s\) before GET \/[bc]; 1 requests made so far, 1 waiting$/,
    );
    // Both waited, until a second after the reset (1 to 2 s away: reset times are whole seconds).
    assert.deepEqual(clock.waits.map((w) => w.reason).sort(), ["primary rate limit before GET /b", "primary rate limit before GET /c"]);
    for (const wait of clock.waits) assert.ok(wait.ms > 1000 && wait.ms <= 3000, `waited ${wait.ms} ms`);
    assert.equal(lines[0]!.match(/\((\d) s\)/)?.[1], String(Math.ceil(clock.waits[0]!.ms / 1000)), "the line says how long");
  });

  it("a reset beyond the longest wait is not waited for: the request goes, and GitHub's refusal tells", async () => {
    const lines: string[] = [];
    const budget = new PrimaryBudget(60, waitAnnouncements(), (line) => lines.push(line), clock);
    await budget.beforeRequest("GET /a");
    budget.afterRequest(headers(0, 5000, 3_600_000));
    await budget.beforeRequest("GET /b");
    assert.deepEqual(lines, []);
    assert.deepEqual(clock.waits, [], "no wait");
  });

  it("an answer without rate-limit headers changes nothing, and no request waits for one", async () => {
    const budget = new PrimaryBudget(600, waitAnnouncements(), () => assert.fail("no wait"), clock);
    await budget.beforeRequest("GET /a");
    budget.afterRequest(undefined);
    await budget.beforeRequest("GET /b");
    budget.afterRequest({});
    assert.deepEqual(clock.waits, []);
  });
});
