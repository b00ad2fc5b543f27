import { strict as assert } from "node:assert";
import type { EmulatorSeed } from "../../emulator";
import { ADMIN_TOKEN, failureOf, seedWithNpmPackage, stackConfig, useProvider } from "../support/provider-fixture";
import { warningsDuring } from "../support/console";

const many = { org: "acme", packageType: "npm", packageName: "many" } as const;
const COUNT = 16;

const manySeed = (): EmulatorSeed => seedWithNpmPackage("many", { active: COUNT + 1, firstId: 7000, createdFrom: "2026-01-01T00:00:00Z" });

describe("PackageVersion provider: writes at the rate GitHub allows", function () {
  this.timeout(120_000);
  // 20 points a 2-second window per endpoint, DELETE at 5: four deletions a window, fewer than 180 a minute allow.
  // The emulator's rate-limit windows and the client's pacing and waits run on the same fake clock:
  // seconds of spacing and retry-after pass at once, and are read back from the clock.
  const fx = useProvider(manySeed, { pointsPerEndpoint: 20, minuteWindowMs: 2_000 });
  const configureWith = (values: Record<string, string>) =>
    fx.provider.configure(stackConfig({ "github:token": ADMIN_TOKEN, "github:baseUrl": fx.emu.url, ...values }));

  it("a secondary limit slows writes down and loses nothing: every deletion is made, each refused one once more", async () => {
    await configureWith({ "github:writesPerMinute": "180" });
    const warnings = await warningsDuring(async () => {
      const results = await Promise.all(
        Array.from({ length: COUNT }, (_, i) => fx.provider.create({ ...many, version: `1.0.${i}`, state: "deleted" })),
      );
      assert.deepEqual(
        results.map((r) => r.outs?.state),
        results.map(() => "deleted"),
      );
    });
    const deletes = fx.emu.requests().filter((r) => r.method === "DELETE");
    const refused = deletes.filter((r) => r.status === 403);
    assert.equal(deletes.filter((r) => r.status === 204).length, COUNT, "each version deleted once");
    assert.ok(refused.length >= 1, "the limit was reached");
    for (const refusal of refused) {
      const later = deletes.slice(deletes.indexOf(refusal) + 1);
      assert.ok(
        later.some((r) => r.path === refusal.path && r.status === 204),
        `${refusal.path} retried until deleted`,
      );
    }
    assert.ok(refused.length <= COUNT / 2, `${refused.length} refusals: the rate went down after the first`);
    assert.ok(
      warnings.some((line) => /^GitHub asked to slow down: writes continue at 90 a minute \(github:writesPerMinute is 180\)$/.test(line)),
      JSON.stringify(warnings),
    );
    // The waits, on the fake clock: writes spaced 334 ms apart at 180 a minute, then 667 ms at 90; each
    // refused write waited its retry-after (1 or 2 s of the emulator's 2-second window) once before it was sent again.
    const spacing = fx.clock.waitsFor("write spacing");
    assert.deepEqual(
      spacing.slice(0, 5).map((w) => [w.ms, w.reason]),
      Array.from({ length: 5 }, () => [334, "write spacing (180 a minute)"]),
    );
    assert.ok(
      spacing.some((w) => w.reason === "write spacing (90 a minute)" && w.ms === 667),
      JSON.stringify(spacing),
    );
    const limitWaits = fx.clock.waitsFor("secondary rate limit before DELETE /orgs/acme/packages/npm/many/versions/");
    assert.equal(limitWaits.length, refused.length, "one wait per refused write");
    for (const wait of limitWaits) assert.ok(wait.ms === 1000 || wait.ms === 2000, `waited ${wait.ms} ms`);
    const holds = fx.clock.waitsFor("writes held for a secondary rate limit");
    assert.ok(holds.length >= 1 && holds.every((w) => w.ms > 0 && w.ms <= 2000), JSON.stringify(holds));
    const state = fx.emu.state().packages.find((p) => p.name === "many")!;
    assert.equal(state.versions.filter((v) => v.deletedAt !== undefined).length, COUNT);
    assert.equal(state.versions.find((v) => v.id === 7000 + COUNT)?.deletedAt, undefined, "the one not declared deleted is untouched");
  });

  it("refuses a write rate that is not a whole number from 1 to 180, naming the setting and the fix", async () => {
    for (const value of ["0", "181", "1.5", "fast", "-60"]) {
      const error = await failureOf(configureWith({ "github:writesPerMinute": value }));
      assert.equal(error.name, "GitHubSettingsError");
      assert.match(
        error.message,
        /^github:writesPerMinute must be the number of writes \(deletions, restores\) a minute, a whole number from 1 to 180 \(GitHub allows 900 points a minute per endpoint, 5 a write\), got "/,
      );
      assert.match(error.message, /For two a second: `pulumi config set github:writesPerMinute 120`\.$/);
    }
    const saved = process.env["GITHUB_WRITES_PER_MINUTE"];
    process.env["GITHUB_WRITES_PER_MINUTE"] = "lots";
    try {
      await configureWith({});
      const error = await failureOf(fx.provider.create({ ...many, versionId: 7000 }));
      assert.match(
        error.message,
        /^GITHUB_WRITES_PER_MINUTE must be .* got "lots"\. For two a second: `export GITHUB_WRITES_PER_MINUTE=120`\.$/,
      );
      assert.deepEqual(fx.emu.requests(), [], "refused before any request");
      // The stack setting wins over the environment.
      await configureWith({ "github:writesPerMinute": "120" });
      assert.equal((await fx.provider.create({ ...many, versionId: 7000 })).outs?.state, "present");
    } finally {
      if (saved === undefined) delete process.env["GITHUB_WRITES_PER_MINUTE"];
      else process.env["GITHUB_WRITES_PER_MINUTE"] = saved;
    }
  });
});
