import { strict as assert } from "node:assert";
import { PrimaryBudget, waitAnnouncements } from "pulumi-github-package-versions/testing";

/** The x-ratelimit-* headers of an answer: `remaining` of `limit` left, resetting in `inMs`. */
function headers(remaining: number, limit: number, inMs: number): Record<string, string> {
  return {
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": String(Math.ceil((Date.now() + inMs) / 1000)),
  };
}

describe("PrimaryBudget: the primary budget's edge", function () {
  this.timeout(20_000);

  it("a request that would find the budget spent waits for a reset within the longest wait, with one line for those waiting together", async () => {
    const lines: string[] = [];
    const budget = new PrimaryBudget(600, waitAnnouncements(), (line) => lines.push(line));
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
  });

  it("a reset beyond the longest wait is not waited for: the request goes, and GitHub's refusal tells", async () => {
    const lines: string[] = [];
    const budget = new PrimaryBudget(60, waitAnnouncements(), (line) => lines.push(line));
    await budget.beforeRequest("GET /a");
    budget.afterRequest(headers(0, 5000, 3_600_000));
    await budget.beforeRequest("GET /b");
    assert.deepEqual(lines, []);
  });

  it("an answer without rate-limit headers changes nothing, and no request waits for one", async () => {
    const budget = new PrimaryBudget(600, waitAnnouncements(), () => assert.fail("no wait"));
    await budget.beforeRequest("GET /a");
    budget.afterRequest(undefined);
    await budget.beforeRequest("GET /b");
    budget.afterRequest({});
  });
});
