import assert from "node:assert/strict";
import { RetentionRuleError } from "pulumi-github-package-versions";
import {
  compileKeepPattern,
  compileKeepPatterns,
  formatAge,
  isPrerelease,
  isPrereleaseName,
  matchingPattern,
  parseDuration,
  resolveRetentionRules,
} from "pulumi-github-package-versions/testing";

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
  const MONTH = (365.25 / 12) * DAY;
  const YEAR = 365.25 * DAY;
  /** Each duration with the spellings that mean it. */
  const accepted: [ms: number, spellings: string[]][] = [
    [12 * HOUR, ["12h"]],
    [36 * HOUR, ["36 hours"]],
    [DAY, ["1d", "1 day"]],
    [14 * DAY, ["2w"]],
    [17 * DAY, ["2w3d", "3d2w", "2w 3d"]],
    [90 * DAY, ["90d", "90 days", "90days"]],
    [MONTH, ["1 month"]],
    [6 * MONTH, ["6 months", "6mo"]],
    [YEAR, ["1y"]],
    [YEAR + 6 * MONTH, ["1y6mo", "1 year 6 months"]],
    [2 * YEAR, ["2 years"]],
  ];
  for (const [ms, spellings] of accepted) {
    for (const text of spellings) {
      it(`parses ${JSON.stringify(text)}`, () => {
        assert.equal(parseDuration(text), ms);
      });
    }
  }

  it("a month is a twelfth of a 365.25-day year (30.4375 days), a year 365.25 days", () => {
    assert.equal(parseDuration("1mo"), 30.4375 * DAY);
    assert.equal(parseDuration("12 months"), parseDuration("1y"));
  });

  const refused = [
    "",
    "90",
    "d",
    "0d",
    "-3d",
    "1.5d",
    "3m",
    " 90d",
    "90d ",
    "90D",
    "6 Months",
    "007d",
    "2w  3d",
    "2w,3d",
    "1h30",
    "30 minutes",
    "45s",
    "2 fortnights",
    "90 dayz",
    "3d and 2h",
    "P90D",
    90,
    null,
  ];
  for (const bad of refused) {
    it(`refuses ${JSON.stringify(bad)}, naming deleteOlderThan and the accepted forms`, () => {
      const error = ruleError(() => parseDuration(bad));
      assert.equal(error.field, "deleteOlderThan");
      assert.match(error.message, /`deleteOlderThan`/);
      assert.match(error.message, /"90d", "12h", "2w3d", "6 months" or "1y"/);
      assert.match(error.message, /mo or months \(30\.44 days/);
      assert.ok(error.message.includes(JSON.stringify(bad)));
    });
  }

  it('refuses a bare "m", saying to write mo or months', () => {
    assert.match(ruleError(() => parseDuration("3m")).message, /"m" is minutes in some tools and months in others: write "mo" or "months"/);
    assert.match(ruleError(() => parseDuration("2 fortnights")).message, /"fortnights" is not one of these units/);
  });

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

  it("runs a backtracking pattern in linear time: /(a+)+$/ against 40 a's and one other character answers", function () {
    // JavaScript's RegExp takes minutes here (four times longer for each two more a's); RE2 does not backtrack.
    this.timeout(5_000);
    const compiled = compileKeepPattern("/(a+)+$/", "keep[0]");
    assert.equal(compiled.matches(`${"a".repeat(40)}!`), false, "(a+)+ must end at the end of the tag, after an a");
    assert.equal(compiled.matches(`v-${"a".repeat(40)}`), true);
  });

  it("runs a glob of many stars in linear time", function () {
    this.timeout(5_000);
    const compiled = compileKeepPattern("*a*a*a*a*a*a*a*a*a*a*b", "keep[0]");
    assert.equal(compiled.matches("a".repeat(2_000)), false);
    assert.equal(compiled.matches(`${"a".repeat(2_000)}b`), true);
  });

  it("refuses lookaround and backreferences, naming the field and the pattern and saying they are not RE2 syntax", () => {
    const cases: [string, RegExp][] = [
      ["/^v(?=\\d)/", /lookahead or lookbehind/],
      ["/(?!rc)/", /lookahead or lookbehind/],
      ["/(?<=v)1/", /lookahead or lookbehind/],
      ["!/(?<!v)1/", /lookahead or lookbehind/],
      ["/(a)\\1/", /backreferences/],
      ["/(?<n>a)\\k<n>/", /backreferences/],
    ];
    for (const [pattern, reason] of cases) {
      const error = ruleError(() => compileKeepPatterns(["v*", pattern]));
      assert.equal(error.field, "keep[1]", pattern);
      assert.ok(error.message.includes(JSON.stringify(pattern)), `${error.message} names ${pattern}`);
      assert.match(error.message, /not a valid regular expression: .*RE2 syntax/, pattern);
      assert.match(error.message, reason, pattern);
    }
    assert.match(
      ruleError(() => compileKeepPatterns(["/[unclosed/"])).message,
      /missing closing \]: .*RE2 syntax, without lookaround or backreferences/,
    );
  });

  it("keeps the flags i, m, s and u", () => {
    assert.equal(compileKeepPattern("/^RC$/i", "keep[0]").matches("rc"), true);
    assert.equal(compileKeepPattern("/^b$/m", "keep[0]").matches("a\nb"), true);
    assert.equal(compileKeepPattern("/^b$/", "keep[0]").matches("a\nb"), false);
    assert.equal(compileKeepPattern("/a.b/s", "keep[0]").matches("a\nb"), true);
    assert.equal(compileKeepPattern("/a.b/", "keep[0]").matches("a\nb"), false);
    assert.equal(compileKeepPattern("/^.$/u", "keep[0]").matches("é"), true);
  });

  it("refuses empty entries and a keep that is not a list", () => {
    assert.equal(ruleError(() => compileKeepPatterns(["v*", " "])).field, "keep[1]");
    assert.equal(ruleError(() => compileKeepPatterns([3])).field, "keep[0]");
    assert.equal(ruleError(() => compileKeepPatterns("v*")).field, "keep");
    assert.deepEqual(compileKeepPatterns(undefined), []);
  });
});

describe("retention: keep exclusions (!pattern)", () => {
  const decide = (patterns: string[], value: string) => matchingPattern(compileKeepPatterns(patterns), value)?.source;

  it("an exclusion takes back what the entries before it matched", () => {
    const keep = ["v*", "!v*-rc*"];
    assert.equal(decide(keep, "v1.2"), "v*");
    assert.equal(decide(keep, "v1.2-rc1"), undefined);
    assert.equal(decide(keep, "latest"), undefined);
  });

  it("the last matching entry decides: a pattern after the exclusion matches again", () => {
    assert.equal(decide(["v*", "!v*-rc*", "v2.0-rc*"], "v2.0-rc1"), "v2.0-rc*");
    assert.equal(decide(["v*", "!v*-rc*", "v2.0-rc*"], "v1.0-rc1"), undefined);
    assert.equal(decide(["v*", "!v1.*", "v*"], "v1.3"), "v*");
  });

  it("an exclusion may be a regex, and compiles to an excluding pattern", () => {
    assert.equal(decide(["v*", "!/-(rc|beta)\\.?\\d*$/"], "v3.0-beta.2"), undefined);
    assert.equal(decide(["v*", "!/-(rc|beta)\\.?\\d*$/"], "v3.0"), "v*");
    const compiled = compileKeepPattern("!v*-rc*", "keep[1]");
    assert.equal(compiled.exclude, true);
    assert.equal(compiled.source, "!v*-rc*");
    assert.equal(compiled.matches("v1-rc1"), true, "matches tests the pattern without its !");
  });

  it("refuses an exclusion with no pattern before it, saying where to put it", () => {
    for (const keep of [["!v*-rc*"], ["!v*-rc*", "v*"], ["!a", "!b"]]) {
      const error = ruleError(() => compileKeepPatterns(keep));
      assert.equal(error.field, "keep[0]");
      assert.match(error.message, /no pattern comes before it; put it after the pattern it narrows/);
    }
    assert.equal(ruleError(() => compileKeepPatterns(["v*", "!"])).field, "keep[1]");
    assert.equal(ruleError(() => compileKeepPatterns(["v*", "!/[unclosed/"])).field, "keep[1]");
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
    ["a bad duration", { deleteOlderThan: "3 fortnights" }, "deleteOlderThan", /"90d"/],
    ["a bad keep entry", { keepLatest: 1, keep: ["ok", ""] }, "keep[1]", /non-empty/],
    ["an unknown prerelease", { keepLatest: 1, prerelease: "none" }, "prerelease", /"only", "exclude", "any"/],
    ["an unknown untagged", { keepLatest: 1, untagged: "drop" }, "untagged", /"keep", "delete"/],
    ["a non-boolean restoreKept", { keepLatest: 1, restoreKept: "yes" }, "restoreKept", /true or false/],
    ["a negative maxDeletions", { keepLatest: 1, maxDeletions: -5 }, "maxDeletions", /0 or more/],
    ["an unknown rule", { keepLatest: 1, keepNewest: 3 }, "keepNewest", /unknown rule/],
    ["a token among the rules", { keepLatest: 1, token: "ghp_x" }, "token", /unknown rule/],
    ["a deleteTags that is not a list", { keepLatest: 1, deleteTags: "pr-*" }, "deleteTags", /must be a list of tags/],
    ["a bad deleteTags entry", { keepLatest: 1, deleteTags: ["pr-*", "/(/"] }, "deleteTags[1]", /not a valid regular expression/],
    ["a deleteTags exclusion first", { keepLatest: 1, deleteTags: ["!pr-1"] }, "deleteTags[0]", /no pattern comes before it/],
    [
      "keepLatestUntagged without untagged: delete",
      { keepLatest: 1, keepLatestUntagged: 2 },
      "keepLatestUntagged",
      /set untagged: "delete" with it/,
    ],
    [
      "keepLatestUntagged with untagged: keep",
      { keepLatest: 1, keepLatestUntagged: 2, untagged: "keep" },
      "keepLatestUntagged",
      /set untagged: "delete"/,
    ],
    ["a negative keepLatestUntagged", { keepLatest: 1, keepLatestUntagged: -1, untagged: "delete" }, "keepLatestUntagged", /0 or more/],
    ["a keepLatestUntagged string", { keepLatest: 1, keepLatestUntagged: "3", untagged: "delete" }, "keepLatestUntagged", /whole number/],
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

  it("refuses deleteTags and keepLatestUntagged for registries without tags", () => {
    for (const packageType of ["npm", "maven", "nuget", "rubygems"] as const) {
      const deleteTags = ruleError(() => resolveRetentionRules(packageType, { keepLatest: 1, deleteTags: ["pr-*"] }));
      assert.equal(deleteTags.field, "deleteTags");
      assert.match(deleteTags.message, /container and docker packages only/);
      const untaggedCount = ruleError(() => resolveRetentionRules(packageType, { keepLatest: 1, keepLatestUntagged: 1 }));
      assert.equal(untaggedCount.field, "keepLatestUntagged");
      assert.match(untaggedCount.message, /container and docker packages only/);
    }
    const resolved = resolveRetentionRules("docker", {
      keepLatest: 1,
      keepLatestUntagged: 0,
      untagged: "delete",
      deleteTags: ["pr-*", "!pr-1"],
    });
    assert.equal(resolved.keepLatestUntagged, 0);
    assert.deepEqual(
      resolved.deleteTags.map((p) => [p.source, p.exclude]),
      [
        ["pr-*", false],
        ["!pr-1", true],
      ],
    );
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
    assert.deepEqual(resolved.deleteTags, []);
    assert.equal(resolved.keepLatestUntagged, undefined);
  });
});
