import { strict as assert } from "node:assert";
import { formatWait, rateLimitAdvice, rateLimitHeadersOf, waitLine } from "pulumi-github-package-versions/testing";

const NOW_MS = Date.parse("2026-12-01T21:48:00Z");

describe("rate-limit waits: the line a wait prints and the advice when none is made", () => {
  it("formats waits as a person reads them", () => {
    assert.deepEqual([0, 0.2, 45, 89, 90, 720, 3600, 7260].map(formatWait), [
      "0 s",
      "1 s",
      "45 s",
      "89 s",
      "2 min",
      "12 min",
      "60 min",
      "2 h 1 min",
    ]);
  });

  it("reads GitHub's rate-limit headers", () => {
    const reset = String(Math.floor(Date.parse("2026-12-01T22:00:00Z") / 1000));
    assert.deepEqual(rateLimitHeadersOf({ "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }), {
      limit: 5000,
      remaining: 0,
      resetsAt: "2026-12-01T22:00:00Z",
    });
    assert.deepEqual(rateLimitHeadersOf(undefined), {});
  });

  it("says why and until when it waits", () => {
    const line = waitLine("primary", { limit: 5000, remaining: 0 }, 720, "GET /orgs/acme/packages/npm/widget/versions/2005", NOW_MS);
    assert.equal(
      line,
      "GitHub primary rate limit reached (0 of 5000 left); waiting until 2026-12-01T22:00:00Z (12 min) before GET /orgs/acme/packages/npm/widget/versions/2005",
    );
    assert.equal(
      waitLine("secondary", {}, 60, "DELETE /x", NOW_MS),
      "GitHub secondary rate limit reached (GitHub asked to wait 60 s); waiting until 2026-12-01T21:49:00Z (60 s) before DELETE /x",
    );
  });

  it("never claims a wait that did not happen", () => {
    const notWaited = rateLimitAdvice(
      { kind: "primary", limit: 5000, retryAt: "2026-12-01T22:35:00Z", waits: 0, gaveUp: "wait-too-long", maxWaitSeconds: 600 },
      {},
      NOW_MS,
    );
    assert.equal(
      notWaited,
      "GitHub's primary rate limit (5000 requests per window for this token) resets at 2026-12-01T22:35:00Z, in 47 min: longer than the longest wait, " +
        "10 min (github:maxRateLimitWait = 600), so the provider did not wait. Run again after 2026-12-01T22:35:00Z, set github:maxRateLimitWait " +
        "(or GITHUB_MAX_RATE_LIMIT_WAIT) to 2880 seconds or more to wait it out, or spread the change over several runs.",
    );
    const unknown = rateLimitAdvice(undefined, { resetsAt: "2026-12-01T22:00:00Z" }, NOW_MS);
    assert.equal(
      unknown,
      "GitHub refused the request for its rate limit. It resets at 2026-12-01T22:00:00Z (in 12 min). Run again later, or spread the change over several runs.",
    );
    for (const text of [notWaited, unknown]) assert.doesNotMatch(text, /after waiting|waited/);
    const exhausted = rateLimitAdvice(
      { kind: "secondary", retryAt: "2026-12-01T21:49:00Z", waits: 4, gaveUp: "retries-exhausted", maxWaitSeconds: 600 },
      {},
      NOW_MS,
    );
    assert.match(
      exhausted,
      /^The limit still held after waiting and retrying 4 times; GitHub's secondary rate limit asks to wait until 2026-12-01T21:49:00Z, 60 s from now\./,
    );
  });
});
