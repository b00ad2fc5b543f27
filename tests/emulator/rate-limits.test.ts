import { strict as assert } from "node:assert";
import { admin, expectFailure, MEMBER_TOKEN, octokit, orgApi, useEmulator } from "../support/emulator-fixture";
import { baseSeed } from "../support/emulator-fixture";
import { FakeWaitClock } from "../support/wait-clock";

/** The clock a suite's rate-limit windows run on, fresh per test: a test moves it past a window instead of waiting for one. */
function useWindowClock(): () => FakeWaitClock {
  let clock = new FakeWaitClock();
  beforeEach(() => {
    clock = new FakeWaitClock();
  });
  return () => clock;
}

const get = { ...orgApi, package_version_id: 1001 };

describe("emulator: primary rate limit", () => {
  const windows = useWindowClock();
  const fx = useEmulator(baseSeed, { primaryLimit: 3 }, () => windows().now());

  it("sends x-ratelimit-* on every response and answers 403 with remaining 0 when exhausted", async () => {
    const c = fx.client();
    const first = await c.rest.packages.getPackageVersionForOrganization(get);
    assert.equal(first.headers["x-ratelimit-limit"], "3");
    assert.equal(first.headers["x-ratelimit-remaining"], "2");
    assert.equal(first.headers["x-ratelimit-used"], "1");
    assert.equal(first.headers["x-ratelimit-resource"], "core");
    assert.ok(Number(first.headers["x-ratelimit-reset"]) * 1000 > Date.now() - 1000);
    const notFound = await expectFailure(c.rest.packages.getPackageVersionForOrganization({ ...get, package_version_id: 5 }), 404);
    assert.equal(notFound.headers["x-ratelimit-remaining"], "1");
    await c.rest.packages.getPackageVersionForOrganization(get);
    const f = await expectFailure(
      c.rest.packages.getPackageVersionForOrganization(get),
      403,
      /^API rate limit exceeded for user ID \d+\.$/,
    );
    assert.equal(f.headers["x-ratelimit-remaining"], "0");
    assert.equal(f.headers["x-ratelimit-used"], "3");
  });

  it("keeps a budget per token", async () => {
    for (let i = 0; i < 3; i++) await fx.client().rest.packages.getPackageVersionForOrganization(get);
    await expectFailure(fx.client().rest.packages.getPackageVersionForOrganization(get), 403, /API rate limit exceeded/);
    const other = await fx.client(MEMBER_TOKEN).rest.packages.getPackageVersionForOrganization(get);
    assert.equal(other.headers["x-ratelimit-remaining"], "2");
  });

  it("can answer 429 instead of 403, configured through the admin API", async () => {
    const res = await admin(fx.emu, "POST", "/rate-limits", { primaryStatus: 429, primaryLimit: 1 });
    assert.equal((res.json as { primaryLimit: number }).primaryLimit, 1);
    await fx.client().rest.packages.getPackageVersionForOrganization(get);
    await expectFailure(fx.client().rest.packages.getPackageVersionForOrganization(get), 429, /API rate limit exceeded/);
    assert.equal((await admin(fx.emu, "POST", "/rate-limits", { nope: 1 })).status, 400);
    assert.equal((await admin(fx.emu, "POST", "/rate-limits", { primaryLimit: -1 })).status, 400);
  });

  it("starts a new budget when the window ends", async () => {
    fx.emu.setRateLimits({ primaryLimit: 1, primaryWindowMs: 300 });
    await fx.client().rest.packages.getPackageVersionForOrganization(get);
    await expectFailure(fx.client().rest.packages.getPackageVersionForOrganization(get), 403);
    windows().advance(350);
    assert.equal((await fx.client().rest.packages.getPackageVersionForOrganization(get)).status, 200);
  });

  it("answers requests without a token beyond unauthenticatedLimit with the primary status, naming the address", async () => {
    fx.emu.setRateLimits({ unauthenticatedLimit: 1, primaryStatus: 429 });
    await expectFailure(octokit(fx.emu.url).rest.packages.getPackageForOrganization(orgApi), 401, "Requires authentication");
    const f = await expectFailure(
      octokit(fx.emu.url).rest.packages.getPackageForOrganization(orgApi),
      429,
      /^API rate limit exceeded for (::ffff:)?127\.0\.0\.1\. \(But here's the good news/,
    );
    assert.equal(f.headers["x-ratelimit-remaining"], "0");
    await expectFailure(octokit(fx.emu.url, "ghp_bad").rest.packages.getPackageForOrganization(orgApi), 401, "Bad credentials");
    assert.deepEqual(
      fx.emu.requests().map((r) => r.status),
      [401, 429, 401],
    );
  });

  it("counts unauthenticated requests against a 60-request budget by default", async () => {
    const f = await expectFailure(octokit(fx.emu.url).rest.packages.getPackageForOrganization(orgApi), 401);
    assert.equal(f.headers["x-ratelimit-limit"], "60");
    assert.equal(f.headers["x-ratelimit-remaining"], "59");
  });
});

describe("emulator: secondary rate limits", () => {
  const windows = useWindowClock();
  const fx = useEmulator(
    () => {
      const seed = baseSeed();
      seed.packages![0]!.versions = Array.from({ length: 20 }, (_, i) => ({ id: 6000 + i, name: `sha256:${i}`, tags: [] }));
      return seed;
    },
    {},
    () => windows().now(),
  );

  it("limits points per endpoint per minute window: GET 1 point", async () => {
    fx.emu.setRateLimits({ pointsPerEndpoint: 3, minuteWindowMs: 30_000 });
    const c = fx.client();
    for (let i = 0; i < 3; i++) await c.rest.packages.getPackageVersionForOrganization({ ...get, package_version_id: 6000 });
    const f = await expectFailure(
      c.rest.packages.getPackageVersionForOrganization({ ...get, package_version_id: 6001 }),
      403,
      /^You have exceeded a secondary rate limit/,
    );
    const retryAfter = Number(f.headers["retry-after"]);
    assert.ok(retryAfter >= 1 && retryAfter <= 30, `retry-after ${retryAfter}`);
    // another endpoint has its own budget
    assert.equal((await c.rest.packages.getPackageForOrganization(orgApi)).status, 200);
  });

  it("counts DELETE and POST as 5 points", async () => {
    fx.emu.setRateLimits({ pointsPerEndpoint: 10, minuteWindowMs: 30_000 });
    const c = fx.client();
    await c.rest.packages.deletePackageVersionForOrg({ ...get, package_version_id: 6000 });
    await c.rest.packages.deletePackageVersionForOrg({ ...get, package_version_id: 6001 });
    await expectFailure(c.rest.packages.deletePackageVersionForOrg({ ...get, package_version_id: 6002 }), 403, /secondary rate limit/);
    assert.equal(fx.emu.state().packages[0]!.versions.filter((v) => v.deletedAt !== undefined).length, 2);
  });

  it("does not count deletions and restores toward the content-changing limits by default", async () => {
    assert.equal(fx.emu.rateLimits().deleteRestoreCountAsContent, false);
    fx.emu.setRateLimits({ contentChangingPerMinute: 1, contentChangingPerHour: 1 });
    const c = fx.client();
    await c.rest.packages.deletePackageVersionForOrg({ ...get, package_version_id: 6000 });
    await c.rest.packages.restorePackageVersionForOrg({ ...get, package_version_id: 6000 });
    assert.equal((await c.rest.packages.deletePackageVersionForOrg({ ...get, package_version_id: 6001 })).status, 204);
    assert.throws(
      () => fx.emu.setRateLimits({ deleteRestoreCountAsContent: 1 } as never),
      /deleteRestoreCountAsContent must be true or false/,
    );
  });

  it("limits content-changing requests per minute window across endpoints", async () => {
    fx.emu.setRateLimits({ contentChangingPerMinute: 2, minuteWindowMs: 30_000, deleteRestoreCountAsContent: true });
    const c = fx.client();
    await c.rest.packages.deletePackageVersionForOrg({ ...get, package_version_id: 6000 });
    await c.rest.packages.restorePackageVersionForOrg({ ...get, package_version_id: 6000 });
    const f = await expectFailure(
      c.rest.packages.deletePackageVersionForOrg({ ...get, package_version_id: 6003 }),
      403,
      /secondary rate limit/,
    );
    assert.ok(Number(f.headers["retry-after"]) >= 1);
    assert.equal((await c.rest.packages.getPackageVersionForOrganization({ ...get, package_version_id: 6003 })).status, 200);
  });

  it("limits content-changing requests per hour window, and can answer 429", async () => {
    fx.emu.setRateLimits({ contentChangingPerHour: 1, hourWindowMs: 120_000, secondaryStatus: 429, deleteRestoreCountAsContent: true });
    const c = fx.client();
    await c.rest.packages.deletePackageVersionForOrg({ ...get, package_version_id: 6000 });
    const f = await expectFailure(
      c.rest.packages.deletePackageVersionForOrg({ ...get, package_version_id: 6001 }),
      429,
      /secondary rate limit/,
    );
    const retryAfter = Number(f.headers["retry-after"]);
    assert.ok(retryAfter > 60 && retryAfter <= 120, `retry-after ${retryAfter}`);
  });

  it("allows requests again after the window", async () => {
    fx.emu.setRateLimits({ contentChangingPerMinute: 1, minuteWindowMs: 300, deleteRestoreCountAsContent: true });
    const c = fx.client();
    await c.rest.packages.deletePackageVersionForOrg({ ...get, package_version_id: 6000 });
    await expectFailure(c.rest.packages.deletePackageVersionForOrg({ ...get, package_version_id: 6001 }), 403);
    windows().advance(350);
    assert.equal((await c.rest.packages.deletePackageVersionForOrg({ ...get, package_version_id: 6001 })).status, 204);
  });

  it("limits concurrent requests per token", async () => {
    fx.emu.setRateLimits({ maxConcurrent: 2 });
    fx.emu.setFaults([{ method: "GET", latencyMs: 200 }]);
    const c = fx.client();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => c.rest.packages.getPackageVersionForOrganization({ ...get, package_version_id: 6000 })),
    );
    const statuses = results.map((r) => (r.status === "fulfilled" ? r.value.status : (r.reason as { status: number }).status));
    assert.equal(statuses.filter((s) => s === 200).length, 2, statuses.join(","));
    assert.equal(statuses.filter((s) => s === 403).length, 3, statuses.join(","));
    for (const r of results) {
      if (r.status === "rejected")
        assert.match((r.reason as { response: { data: { message: string } } }).response.data.message, /secondary rate limit/);
    }
  });
});
