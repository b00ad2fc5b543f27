import { strict as assert } from "node:assert";
import type { PackageVersionError } from "pulumi-github-package-versions";
import { ADMIN_TOKEN, failureOf, refusal, PRIMARY_WINDOW_MS, stackConfig, useProvider } from "../support/provider-fixture";
import { warningsDuring } from "../support/console";
import { withEnv } from "../support/env";

const api = { org: "acme", packageType: "container", packageName: "api" } as const;
const single = { ...api, packageName: "single" } as const;
const widget = { org: "acme", packageType: "npm", packageName: "widget" } as const;
const tool = { user: "octocat", packageType: "npm", packageName: "tool" } as const;
const LISTING = /^GET \/(orgs\/acme|users\/octocat)\/packages\/(container|npm)\/(api|single|widget|tool)\/versions$/;

async function rateLimited(call: Promise<unknown>): Promise<PackageVersionError> {
  const error = await refusal(call);
  assert.equal(error.reason, "rate-limited");
  return error;
}

describe("PackageVersion provider: a primary rate limit that resets far away is told truthfully", () => {
  const fx = useProvider(undefined, { primaryLimit: 2, primaryWindowMs: 3_600_000 });

  it("says when it resets and what to do, and that it did not wait", async () => {
    // One listing per package: three packages, one more than the budget.
    await fx.provider.create({ ...api, versionId: 1001 });
    await fx.provider.create({ ...single, versionId: 3001 });
    let error: PackageVersionError | undefined;
    const warnings = await warningsDuring(async () => {
      error = await rateLimited(fx.provider.create({ ...widget, versionId: 2005 }));
    });
    const rateLimit = error!.details.rateLimit;
    assert.equal(rateLimit?.kind, "primary");
    assert.equal(rateLimit?.gaveUp, "wait-too-long");
    assert.equal(rateLimit?.waits, 0);
    assert.equal(rateLimit?.maxWaitSeconds, 600);
    assert.equal(rateLimit?.limit, 2);
    const resetsIn = Date.parse(rateLimit!.retryAt) - Date.now();
    assert.ok(resetsIn > 50 * 60_000 && resetsIn <= 61 * 60_000, `resets in ${resetsIn} ms`);
    const message = error!.message;
    assert.match(message, /^Cannot read version id 2005 of npm package widget of org acme: GitHub rate-limited the request\./);
    assert.match(
      message,
      /GitHub's primary rate limit \(2 requests per window for this token\) resets at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, in (59|60|61) min/,
    );
    assert.match(message, /longer than the longest wait, 10 min \(github:maxRateLimitWait = 600\), so the provider did not wait\./);
    assert.match(message, /Run again after \S+Z, set github:maxRateLimitWait \(or GITHUB_MAX_RATE_LIMIT_WAIT\) to \d+ seconds or more/);
    assert.doesNotMatch(message, /after waiting|waited|held after/);
    assert.deepEqual(warnings, [], "no line claims a wait");
    assert.deepEqual(fx.clock.waits, [], "no wait");
    assert.deepEqual(
      fx.emu.requests().map((r) => r.status),
      [200, 200, 403],
      "no retry",
    );
  });
});

describe("PackageVersion provider: a waiting run says why and until when, once per wait", () => {
  const fx = useProvider(undefined, { primaryLimit: 2, primaryWindowMs: PRIMARY_WINDOW_MS });

  it("waits out a primary limit that resets within the longest wait, printing one line for requests limited together", async function () {
    this.timeout(30_000);
    const warnings = await warningsDuring(async () => {
      const declared = [
        { ...api, versionId: 1001 },
        { ...api, versionId: 1002 },
        { ...api, versionId: 1003 },
        { ...single, versionId: 3001 },
        { ...widget, versionId: 2005 },
        { ...tool, versionId: 5002 },
      ];
      const results = await Promise.all(declared.map((inputs) => fx.provider.create({ ...inputs, state: "present" })));
      assert.deepEqual(
        results.map((r) => r.outs?.state),
        declared.map(() => "present"),
      );
    });
    // Four listings (one per package) through a budget of two per window: the first two found
    // it spent and the others waited; GitHub refused at most the two answered before the budget was known.
    assert.equal(fx.emu.requests().filter((r) => r.status === 200).length, 4);
    assert.ok(fx.emu.requests().filter((r) => r.status === 403).length <= 2);
    assert.ok(warnings.length >= 1 && warnings.length <= 2, `one line per wait, got ${JSON.stringify(warnings)}`);
    const match = /^GitHub primary rate limit reached \(0 of 2 left\); waiting until (\S+Z) \((\d+) s\) before ([A-Z]+ [^;\s]+)/.exec(
      warnings[0]!,
    );
    assert.ok(match, warnings[0]);
    assert.match(match[3]!, LISTING);
    assert.ok(Number(match[2]) >= 1 && Number(match[2]) <= 5);
    assert.ok(Math.abs(Date.parse(match[1]!) - Date.now()) < 10_000);
    // Every request that found the budget spent (or was refused) waited, on the fake clock, until just after the 1-second window reset.
    const waits = fx.clock.waits;
    assert.ok(waits.length >= 2 && waits.length <= 4, JSON.stringify(waits));
    for (const wait of waits) {
      assert.match(wait.reason, /^primary rate limit before GET \//);
      assert.match(wait.reason.slice("primary rate limit before ".length), LISTING);
      assert.ok(wait.ms > 1000 && wait.ms <= 3000, `waited ${wait.ms} ms`);
    }
    assert.equal(Number(match[2]), Math.ceil(waits[0]!.ms / 1000), "the line says how long the wait is");
  });

  it("at the budget's edge, waits for the reset before sending instead of being refused, saying how far the run got", async function () {
    this.timeout(30_000);
    const warnings = await warningsDuring(async () => {
      for (const inputs of [
        { ...api, versionId: 1001 },
        { ...single, versionId: 3001 },
        { ...widget, versionId: 2005 },
        { ...tool, versionId: 5002 },
      ]) {
        assert.equal((await fx.provider.create({ ...inputs, state: "present" })).outs?.state, "present");
      }
    });
    assert.deepEqual(
      fx.emu.requests().map((r) => r.status),
      [200, 200, 200, 200],
      "no request refused",
    );
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.match(
      warnings[0]!,
      /^GitHub primary rate limit reached \(0 of 2 left\); waiting until \S+Z \(\d s\) before GET \/orgs\/acme\/packages\/npm\/widget\/versions; 2 requests made so far, 1 waiting$/,
    );
    assert.deepEqual(
      fx.clock.waits.map((w) => w.reason),
      ["primary rate limit before GET /orgs/acme/packages/npm/widget/versions"],
    );
    assert.ok(fx.clock.waits[0]!.ms > 1000 && fx.clock.waits[0]!.ms <= 3000, `waited ${fx.clock.waits[0]!.ms} ms`);
  });
});

describe("PackageVersion provider: github:maxRateLimitWait sets the longest wait", () => {
  const fx = useProvider(undefined, { primaryLimit: 1, primaryWindowMs: PRIMARY_WINDOW_MS });
  const configureWith = (values: Record<string, string>) =>
    fx.provider.configure(stackConfig({ "github:token": ADMIN_TOKEN, "github:baseUrl": fx.emu.url, ...values }));

  it("0 never waits, even for a limit that resets in seconds", async () => {
    await configureWith({ "github:maxRateLimitWait": "0" });
    await fx.provider.create({ ...api, versionId: 1001 });
    const error = await rateLimited(fx.provider.create({ ...single, versionId: 3001 }));
    assert.equal(error.details.rateLimit?.maxWaitSeconds, 0);
    assert.match(error.message, /longer than the longest wait, 0 s \(github:maxRateLimitWait = 0\), so the provider did not wait/);
    assert.deepEqual(
      fx.emu.requests().map((r) => r.status),
      [200, 403],
    );
    assert.deepEqual(fx.clock.waits, [], "no wait");
  });

  it("falls back to GITHUB_MAX_RATE_LIMIT_WAIT", async () => {
    await withEnv("GITHUB_MAX_RATE_LIMIT_WAIT", "0", async () => {
      await configureWith({});
      await fx.provider.create({ ...api, versionId: 1001 });
      const error = await rateLimited(fx.provider.create({ ...single, versionId: 3001 }));
      assert.equal(error.details.rateLimit?.maxWaitSeconds, 0);
      assert.deepEqual(fx.clock.waits, [], "no wait");
    });
  });

  it("github:maxRateLimitWait wins over GITHUB_MAX_RATE_LIMIT_WAIT", async function () {
    this.timeout(20_000);
    await withEnv("GITHUB_MAX_RATE_LIMIT_WAIT", "0", async () => {
      await configureWith({ "github:maxRateLimitWait": "30" });
      const warnings = await warningsDuring(async () => {
        await fx.provider.create({ ...api, versionId: 1001 });
        await fx.provider.create({ ...single, versionId: 3001 });
      });
      assert.equal(warnings.length, 1);
      // The second listing waited for the reset before it was sent: never refused.
      assert.deepEqual(
        fx.emu.requests().map((r) => r.status),
        [200, 200],
      );
      const waits = fx.clock.waits;
      assert.deepEqual(
        waits.map((w) => w.reason),
        ["primary rate limit before GET /orgs/acme/packages/container/single/versions"],
      );
      assert.ok(waits[0]!.ms > 1000 && waits[0]!.ms <= 3000, `waited ${waits[0]!.ms} ms, within the 30 s allowed`);
    });
  });

  it("refuses a value that is not whole seconds, naming the setting and the fix", async () => {
    for (const value of ["10m", "-1", "1.5", "ten", "86401"]) {
      const error = await failureOf(configureWith({ "github:maxRateLimitWait": value }));
      assert.equal(error.name, "GitHubSettingsError");
      assert.match(
        error.message,
        /^github:maxRateLimitWait must be the longest rate-limit wait in whole seconds, 0 \(never wait\) to 86,400 \(a day\), got "/,
      );
      assert.match(error.message, /For 10 minutes: `pulumi config set github:maxRateLimitWait 600`\.$/);
      assert.doesNotMatch(error.stack ?? "", /ghp_/);
    }
    await withEnv("GITHUB_MAX_RATE_LIMIT_WAIT", "soon", async () => {
      await configureWith({});
      const error = await failureOf(fx.provider.create({ ...api, versionId: 1001 }));
      assert.match(
        error.message,
        /^GITHUB_MAX_RATE_LIMIT_WAIT must be .* got "soon"\. For 10 minutes: `export GITHUB_MAX_RATE_LIMIT_WAIT=600`\.$/,
      );
      assert.deepEqual(fx.emu.requests(), [], "refused before any request");
    });
  });
});

describe("PackageVersion provider: secondary rate limits told truthfully", () => {
  const fx = useProvider();

  it("a retry-after longer than the longest wait fails at once, saying until when", async () => {
    fx.emu.setFaults([{ method: "DELETE", secondaryRateLimit: true, retryAfterSeconds: 3600 }]);
    const warnings = await warningsDuring(async () => {
      const error = await rateLimited(fx.provider.create({ ...api, versionId: 1001, state: "deleted" }));
      assert.equal(error.details.rateLimit?.kind, "secondary");
      assert.match(
        error.message,
        /GitHub's secondary rate limit asks to wait until \S+Z, (59|60) min from now: longer than the longest wait, 10 min/,
      );
      assert.match(error.message, /so the provider did not wait/);
    });
    assert.deepEqual(warnings, []);
    assert.deepEqual(fx.clock.waits, [], "no wait");
    assert.equal(fx.emu.requests().filter((r) => r.method === "DELETE").length, 1);
  });

  it("a limit that holds through every retry says how often it waited", async function () {
    this.timeout(10_000); // on the fake clock: the retries' 1 s waits and the slower writes (30, then 15 a minute) take no real time
    fx.emu.setFaults([{ method: "DELETE", secondaryRateLimit: true, retryAfterSeconds: 1 }]);
    const warnings = await warningsDuring(async () => {
      const error = await rateLimited(fx.provider.create({ ...api, versionId: 1001, state: "deleted" }));
      assert.equal(error.details.rateLimit?.gaveUp, "retries-exhausted");
      assert.equal(error.details.rateLimit?.waits, 4);
      assert.match(error.message, /The limit still held after waiting and retrying 4 times/);
    });
    const waits = warnings.filter((line) => line.startsWith("GitHub secondary rate limit reached"));
    assert.equal(waits.length, 4, "one line per wait");
    assert.match(
      warnings.find((line) => !waits.includes(line)) ?? "",
      /^GitHub asked to slow down: writes continue at 30 a minute \(github:writesPerMinute is 60\)$/,
    );
    for (const line of waits)
      assert.match(
        line,
        /^GitHub secondary rate limit reached \(GitHub asked to wait 1 s\); waiting until \S+Z \(1 s\) before DELETE \/orgs\/acme\/packages\/container\/api\/versions\/1001$/,
      );
    assert.equal(fx.emu.requests().filter((r) => r.method === "DELETE").length, 5);
    // Each of the four waits lasted the second GitHub asked for, and held the client's other writes as long.
    const waited = fx.clock.waitsFor("secondary rate limit before ");
    assert.deepEqual(
      waited.map((w) => [w.ms, w.reason]),
      Array.from({ length: 4 }, () => [1000, "secondary rate limit before DELETE /orgs/acme/packages/container/api/versions/1001"]),
    );
    assert.deepEqual(
      fx.clock.waitsFor("writes held").map((w) => w.ms),
      [1000, 1000, 1000, 1000],
    );
  });
});
