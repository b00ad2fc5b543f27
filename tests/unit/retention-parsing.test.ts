import assert from "node:assert/strict";
import { formatAge, parseDuration } from "../../provider/retention/duration";
import { compileKeepPattern, compileKeepPatterns } from "../../provider/retention/keep-patterns";
import { isPrerelease, isPrereleaseName } from "../../provider/retention/prerelease";
import { RetentionRuleError } from "../../provider/retention/retention-errors";
import { resolveRetentionRules } from "../../provider/retention/retention-rules";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function ruleError(call: () => unknown): RetentionRuleError {
  try {
    call();
  } catch (error) {
    if (error instanceof RetentionRuleError) return error;
    throw error;
  }
  throw new Error("expected a RetentionRuleError, nothing was thrown");
}

describe("retention: durations", () => {
  it("parses hours, days and weeks", () => {
    assert.equal(parseDuration("12h"), 12 * HOUR);
    assert.equal(parseDuration("90d"), 90 * DAY);
    assert.equal(parseDuration("2w"), 14 * DAY);
    assert.equal(parseDuration("1d"), DAY);
  });

  for (const bad of ["", "90", "d", "0d", "-3d", "1.5d", "90 d", "90days", "3m", "1y", " 90d", "90D", "007d", 90, null]) {
    it(`refuses ${JSON.stringify(bad)}, naming deleteOlderThan and the accepted forms`, () => {
      const error = ruleError(() => parseDuration(bad));
      assert.equal(error.field, "deleteOlderThan");
      assert.match(error.message, /`deleteOlderThan`/);
      assert.match(error.message, /"90d", "12h" or "2w"/);
      assert.ok(error.message.includes(JSON.stringify(bad)));
    });
  }

  it("formats ages in whole days, or hours under a day", () => {
    assert.equal(formatAge(5 * DAY + 3 * HOUR), "5 days");
    assert.equal(formatAge(DAY), "1 day");
    assert.equal(formatAge(5 * HOUR), "5 hours");
    assert.equal(formatAge(HOUR), "1 hour");
    assert.equal(formatAge(0), "0 hours");
  });
});

describe("retention: keep patterns", () => {
  const cases: [string, string[], string[]][] = [
    ["v*", ["v1", "v1.2.3", "v", "v-rc"], ["1.2.3", "av1", "V1"]],
    ["latest", ["latest"], ["latest2", "Latest", "notlatest"]],
    ["release-?", ["release-1", "release-a"], ["release-", "release-10"]],
    ["1.0.*", ["1.0.0", "1.0.17-rc.1"], ["1x0.3", "1.00", "11.0.1"]],
    ["*-stable", ["2.0-stable", "-stable"], ["2.0-stable1"]],
    ["a+b", ["a+b"], ["aab", "ab"]],
    ["/^release-/", ["release-2026", "release-"], ["pre-release-1", "Release-1"]],
    ["/rc/", ["1.0.0-rc.1", "rc"], ["1.0.0"]],
    ["/^RC/i", ["rc1", "RC2"], ["xrc"]],
    ["/^v\\d+$/", ["v1", "v22"], ["v1.2", "v"]],
  ];
  for (const [pattern, matching, notMatching] of cases) {
    it(`${pattern} matches ${matching.join(", ")} and not ${notMatching.join(", ")}`, () => {
      const compiled = compileKeepPattern(pattern, "keep[0]");
      for (const value of matching) assert.equal(compiled.matches(value), true, `${pattern} should match ${value}`);
      for (const value of notMatching) assert.equal(compiled.matches(value), false, `${pattern} should not match ${value}`);
    });
  }

  it("refuses an invalid regex, naming its index", () => {
    const error = ruleError(() => compileKeepPatterns(["v*", "/[unclosed/"]));
    assert.equal(error.field, "keep[1]");
    assert.match(error.message, /not a valid regular expression/);
  });

  it("refuses empty entries and a keep that is not a list", () => {
    assert.equal(ruleError(() => compileKeepPatterns(["v*", " "])).field, "keep[1]");
    assert.equal(ruleError(() => compileKeepPatterns([3])).field, "keep[0]");
    assert.equal(ruleError(() => compileKeepPatterns("v*")).field, "keep");
    assert.deepEqual(compileKeepPatterns(undefined), []);
  });
});

describe("retention: prereleases", () => {
  it("reads a prerelease from a semver-like name with a '-' part", () => {
    for (const name of ["1.0.0-rc.1", "2.0.0-beta", "v3.1.0-alpha.2+build.5", "1.0-SNAPSHOT", "4-dev"]) {
      assert.equal(isPrereleaseName(name), true, name);
    }
    for (const name of ["1.0.0", "1.0.0+build.5", "v2.3.4", "latest", "sha-abc123", "release-1", "sha256:abcd"]) {
      assert.equal(isPrereleaseName(name), false, name);
    }
  });

  it("reads a container version's prerelease status from its version-like tags", () => {
    assert.equal(isPrerelease({ name: "sha256:aa", tags: ["1.2.0-rc.1"] }, true), true);
    assert.equal(isPrerelease({ name: "sha256:aa", tags: ["1.2.0-rc.1", "sha-abc", "edge"] }, true), true);
    assert.equal(isPrerelease({ name: "sha256:aa", tags: ["1.2.0-rc.1", "1.2.0"] }, true), false, "promoted to a release");
    assert.equal(isPrerelease({ name: "sha256:aa", tags: ["latest"] }, true), false, "no version-like tag");
    assert.equal(isPrerelease({ name: "sha256:aa", tags: [] }, true), false, "untagged");
    assert.equal(isPrerelease({ name: "1.0.0-rc.1" }, false), true);
    assert.equal(isPrerelease({ name: "1.0.0", tags: ["1.0.0-rc.1"] }, false), false, "tags are ignored outside container/docker");
  });
});

describe("retention: rule validation", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["neither keepLatest nor deleteOlderThan", {}, "keepLatest", /set keepLatest, deleteOlderThan or both/],
    ["a negative keepLatest", { keepLatest: -1 }, "keepLatest", /0 or more/],
    ["a fractional keepLatest", { keepLatest: 2.5 }, "keepLatest", /whole number/],
    ["a keepLatest string", { keepLatest: "20" }, "keepLatest", /got "20"/],
    ["a bad duration", { deleteOlderThan: "3 months" }, "deleteOlderThan", /"90d"/],
    ["a bad keep entry", { keepLatest: 1, keep: ["ok", ""] }, "keep[1]", /non-empty/],
    ["an unknown prerelease", { keepLatest: 1, prerelease: "none" }, "prerelease", /"only", "exclude", "any"/],
    ["an unknown untagged", { keepLatest: 1, untagged: "drop" }, "untagged", /"keep", "delete"/],
    ["a non-boolean restoreKept", { keepLatest: 1, restoreKept: "yes" }, "restoreKept", /true or false/],
    ["a negative maxDeletions", { keepLatest: 1, maxDeletions: -5 }, "maxDeletions", /0 or more/],
    ["an unknown rule", { keepLatest: 1, keepNewest: 3 }, "keepNewest", /unknown rule/],
    ["a token among the rules", { keepLatest: 1, token: "ghp_x" }, "token", /unknown rule/],
  ];
  for (const [title, rules, field, message] of cases) {
    it(`refuses ${title}, naming ${field}`, () => {
      const error = ruleError(() => resolveRetentionRules("container", rules));
      assert.equal(error.field, field);
      assert.match(error.message, message);
    });
  }

  it("refuses untagged for registries without tags", () => {
    for (const packageType of ["npm", "maven", "nuget", "rubygems"] as const) {
      const error = ruleError(() => resolveRetentionRules(packageType, { keepLatest: 1, untagged: "keep" }));
      assert.equal(error.field, "untagged");
      assert.match(error.message, /container and docker packages only/);
    }
    assert.equal(resolveRetentionRules("docker", { keepLatest: 1, untagged: "delete" }).untagged, "delete");
  });

  it("fills in the defaults", () => {
    const resolved = resolveRetentionRules("container", { deleteOlderThan: "2w" });
    assert.equal(resolved.keepLatest, undefined);
    assert.deepEqual(resolved.deleteOlderThan, { text: "2w", ms: 14 * DAY });
    assert.equal(resolved.untagged, "keep");
    assert.equal(resolved.prerelease, "any");
    assert.equal(resolved.restoreKept, false);
    assert.equal(resolved.maxDeletions, undefined);
    assert.equal(resolved.tagged, true);
    assert.deepEqual(resolved.keep, []);
  });
});
