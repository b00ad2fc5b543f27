import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { Emulator, EmulatorSeed } from "../../emulator";
import { useEnvEmulator } from "../support/env-emulator";
import {
  getPackageVersion,
  getPackageVersionOutput,
  getPackageVersions,
  type GetPackageVersionsArgs,
  getPackageVersionsOutput,
  LookupArgumentError,
  PackageVersionError,
  PackageVersionsLookupError,
} from "pulumi-github-package-versions";
import { ADMIN_TOKEN, READ_ONLY_TOKEN, failureOf, baseSeed } from "../support/provider-fixture";
import { firstPageAnswered, newerVersions, pagesInOrder } from "../support/listing-log";

const api = { org: "acme", packageType: "container", packageName: "api" } as const;
const widget = { org: "acme", packageType: "npm", packageName: "widget" } as const;
const tool = { user: "octocat", packageType: "npm", packageName: "tool" } as const;
const many = { org: "acme", packageType: "npm", packageName: "many" } as const;

/** baseSeed plus an npm package with 250 versions (ids 7000..7249, one a day) to page through. */
function lookupSeed(): EmulatorSeed {
  const seed = baseSeed();
  const versions = Array.from({ length: 250 }, (_, i) => ({
    id: 7000 + i,
    name: `1.0.${i}`,
    createdAt: new Date(Date.parse("2026-01-01T00:00:00Z") + i * 86_400_000).toISOString(),
  }));
  seed.packages!.push({ owner: "acme", ownerType: "org", packageType: "npm", name: "many", versions });
  return seed;
}

/** A fresh emulator per test (found through GITHUB_TOKEN and GITHUB_BASE_URL), and its requests in short. */
function useLookups(): { readonly emu: Emulator; calls(): string[] } {
  const fx = useEnvEmulator(lookupSeed);
  return {
    get emu() {
      return fx.emu;
    },
    calls() {
      return this.emu
        .requests()
        .map(
          (r) =>
            `${r.method} ${r.path}${r.query["page"] !== undefined ? `?page=${r.query["page"]}` : ""}${r.query["state"] !== undefined ? ` state=${r.query["state"]}` : ""}`,
        );
    },
  };
}

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

describe("look-ups: getPackageVersions", () => {
  const fx = useLookups();

  it("lists active versions by default, with PackageVersion's output fields", async () => {
    const result = await getPackageVersions(api);
    assert.equal(result.state, "active");
    assert.deepEqual(
      result.versions.map((v) => v.versionId),
      [1002, 1001, 1003],
    );
    const latest = result.versions[0]!;
    assert.equal(latest.name, "sha256:aa11");
    assert.equal(latest.state, "present");
    assert.deepEqual(latest.tags, ["latest", "v2"]);
    assert.deepEqual(latest.metadata, { packageType: "container", container: { tags: ["latest", "v2"] } });
    assert.equal(latest.createdAt, "2026-11-20T00:00:00Z");
    assert.match(latest.url, /\/orgs\/acme\/packages\/container\/api\/versions\/1002$/);
    assert.ok(latest.packageHtmlUrl.length > 0);
    assert.ok(latest.htmlUrl !== undefined);
    assert.equal(latest.deletedAt, undefined);
    assert.deepEqual(result.versions[1]!.tags, [], "an untagged image has empty tags");
    assert.deepEqual(fx.calls(), ["GET /orgs/acme/packages/container/api/versions state=active"]);
  });

  it("lists deleted versions with deletedAt and restorableUntil", async () => {
    const result = await getPackageVersions({ ...widget, state: "deleted" });
    // 2003 was deleted more than 30 days ago: GitHub no longer lists it
    assert.deepEqual(
      result.versions.map((v) => v.versionId),
      [2004, 2001],
    );
    const v = result.versions.find((x) => x.versionId === 2004)!;
    assert.equal(v.state, "deleted");
    assert.equal(v.deletedAt, "2026-11-21T00:00:00Z");
    assert.equal(Date.parse(v.restorableUntil ?? ""), Date.parse("2026-12-21T00:00:00Z"));
    assert.equal(v.htmlUrl, undefined, "GitHub reports no html_url for a deleted version");
    assert.equal(v.tags, undefined, "npm versions have no tags");
  });

  it("lists all: active versions first, then deleted ones", async () => {
    const result = await getPackageVersions({ ...widget, state: "all" });
    assert.deepEqual(
      result.versions.map((v) => `${v.versionId}:${v.state}`),
      ["2005:present", "2002:present", "2000:present", "2004:deleted", "2001:deleted"],
    );
    assert.deepEqual(fx.calls(), [
      "GET /orgs/acme/packages/npm/widget/versions state=active",
      "GET /orgs/acme/packages/npm/widget/versions state=deleted",
    ]);
  });

  it("versions pushed while the pages after the first are read: every version listed once, the shifted last one followed", async () => {
    // Every listing request waits 300 ms, then is answered from the store as it is then.
    fx.emu.setFaults([{ method: "GET", path: "/orgs/acme/packages/npm/many/versions$", latencyMs: 300 }]);
    const listing = getPackageVersions(many);
    await firstPageAnswered(fx.emu, "/many/versions");
    // 100 newer versions (a seed replaces the package: the 250 are seeded again as they were): each
    // of the 250 moves one page down, the 50 oldest to a page 4 the first answer did not name.
    const [seeded] = lookupSeed().packages!.filter((p) => p.name === "many");
    const pushed = newerVersions(100, 8000, "2.0.");
    fx.emu.seed({ packages: [{ ...seeded!, versions: [...seeded!.versions!, ...pushed] }] });
    const result = await listing;
    const ids = result.versions.map((v) => v.versionId);
    assert.equal(new Set(ids).size, ids.length, "no version twice");
    assert.deepEqual(
      [...ids].filter((id) => id < 8000).sort((a, b) => a - b),
      Array.from({ length: 250 }, (_, i) => 7000 + i),
      "every version of the first answer",
    );
    assert.deepEqual(pagesInOrder(fx.calls()), [
      "GET /orgs/acme/packages/npm/many/versions state=active",
      "GET /orgs/acme/packages/npm/many/versions?page=2 state=active",
      "GET /orgs/acme/packages/npm/many/versions?page=3 state=active",
      "GET /orgs/acme/packages/npm/many/versions?page=4 state=active",
    ]);
  });

  it("reads all pages: 250 versions in 3 requests of 100", async () => {
    const result = await getPackageVersions(many);
    assert.equal(result.versions.length, 250);
    assert.equal(new Set(result.versions.map((v) => v.versionId)).size, 250);
    assert.equal(result.versions[0]!.versionId, 7249, "newest first");
    assert.equal(result.versions[249]!.versionId, 7000);
    assert.deepEqual(pagesInOrder(fx.calls()), [
      "GET /orgs/acme/packages/npm/many/versions state=active",
      "GET /orgs/acme/packages/npm/many/versions?page=2 state=active",
      "GET /orgs/acme/packages/npm/many/versions?page=3 state=active",
    ]);
    assert.ok(fx.emu.requests().every((r) => r.query["per_page"] === "100"));
  });

  it("lists a user's package", async () => {
    const active = await getPackageVersions(tool);
    assert.deepEqual(
      active.versions.map((v) => v.versionId),
      [5002, 5000],
    );
    const deleted = await getPackageVersions({ ...tool, state: "deleted" });
    assert.deepEqual(
      deleted.versions.map((v) => v.versionId),
      [5001],
    );
    assert.equal(deleted.user, "octocat");
    assert.ok(fx.calls().every((c) => c.startsWith("GET /users/octocat/packages/npm/tool/versions")));
  });

  it("reads github:token and github:baseUrl from the stack configuration before the environment", async () => {
    const saved = pulumi.runtime.allConfig();
    try {
      pulumi.runtime.setAllConfig({ ...saved, "github:token": ADMIN_TOKEN, "github:baseUrl": fx.emu.url });
      process.env["GITHUB_TOKEN"] = "ghp_WRONGtokenSECRET0000";
      process.env["GITHUB_BASE_URL"] = "http://127.0.0.1:9";
      assert.equal((await getPackageVersions(api)).versions.length, 3);
    } finally {
      pulumi.runtime.setAllConfig(saved);
    }
    assert.equal(pulumi.runtime.getConfig("github:token"), undefined);
  });

  it("the args' baseUrl overrides GITHUB_BASE_URL", async () => {
    process.env["GITHUB_BASE_URL"] = "http://127.0.0.1:9";
    const result = await getPackageVersions({ ...api, baseUrl: fx.emu.url });
    assert.equal(result.versions.length, 3);
  });

  it("falls back to GITHUB_API_URL", async () => {
    delete process.env["GITHUB_BASE_URL"];
    process.env["GITHUB_API_URL"] = fx.emu.url;
    assert.equal((await getPackageVersions(api)).versions.length, 3);
  });

  it("getPackageVersionsOutput takes Output arguments", async () => {
    const result = await valueOf(
      getPackageVersionsOutput({ ...widget, packageName: pulumi.output("widget"), state: pulumi.output("all" as const) }),
    );
    assert.equal(result.versions.length, 5);
  });

  it("never puts the token in a result", async () => {
    const result = await getPackageVersions({ ...widget, state: "all" });
    assert.equal(JSON.stringify(result).includes(ADMIN_TOKEN), false);
  });
});

describe("look-ups: getPackageVersions errors", () => {
  const fx = useLookups();

  it("a missing package fails naming the package, with GitHub's message", async () => {
    const error = await failureOf(getPackageVersions({ ...widget, packageName: "nope" }));
    assert.ok(error instanceof PackageVersionsLookupError);
    assert.equal(error.reason, "package-not-found");
    assert.match(
      error.message,
      /^Cannot list the active versions of npm package nope of org acme: the package was not found\. GitHub said \(404\): "Package not found\."/,
    );
  });

  it("says what the version look-up's error says, worded for a list", async () => {
    const error = await failureOf(getPackageVersions({ ...widget, packageName: "nope" }));
    assert.ok(error instanceof PackageVersionsLookupError && error.cause instanceof PackageVersionError);
    assert.equal(error.message, `Cannot list the active versions of npm package nope of org acme: ${error.cause.explanation}`);
    assert.equal(error.cause.summary, "the package was not found");
  });

  it("listing deleted versions without delete:packages fails naming the scopes", async () => {
    process.env["GITHUB_TOKEN"] = READ_ONLY_TOKEN;
    const error = await failureOf(getPackageVersions({ ...widget, state: "deleted" }));
    assert.ok(error instanceof PackageVersionsLookupError);
    assert.equal(error.reason, "missing-scopes");
    assert.match(error.message, /Cannot list the deleted versions of npm package widget of org acme/);
    assert.match(error.message, /delete:packages/);
    assert.equal(error.message.includes(READ_ONLY_TOKEN), false);
  });

  it("a bad token fails as authentication, never showing the token", async () => {
    process.env["GITHUB_TOKEN"] = "ghp_WRONGtokenSECRET0000";
    const error = await failureOf(getPackageVersions(api));
    assert.ok(error instanceof PackageVersionsLookupError);
    assert.equal(error.reason, "authentication");
    assert.equal(error.message.includes("ghp_WRONGtokenSECRET0000"), false);
    assert.equal(JSON.stringify(error).includes("ghp_WRONGtokenSECRET0000"), false);
  });

  it("no token fails before any request, saying how to set one", async () => {
    delete process.env["GITHUB_TOKEN"];
    const error = await failureOf(getPackageVersions(api));
    assert.ok(error instanceof PackageVersionsLookupError);
    assert.equal(error.reason, "missing-token");
    assert.match(error.message, /github:token/);
    assert.deepEqual(fx.calls(), []);
  });

  const badArgs: [string, Record<string, unknown>, string][] = [
    ["no owner", { packageType: "npm", packageName: "widget" }, "org"],
    ["two owners", { org: "acme", user: "octocat", packageType: "npm", packageName: "widget" }, "user"],
    ["a bad owner", { org: "-acme", packageType: "npm", packageName: "widget" }, "org"],
    ["a bad package type", { org: "acme", packageType: "pypi", packageName: "widget" }, "packageType"],
    ["a bad package name", { org: "acme", packageType: "npm", packageName: "Widget" }, "packageName"],
    ["a bad state", { org: "acme", packageType: "npm", packageName: "widget", state: "present" }, "state"],
    ["a selector", { org: "acme", packageType: "npm", packageName: "widget", version: "1.4.2" }, "version"],
    ["a bad baseUrl", { org: "acme", packageType: "npm", packageName: "widget", baseUrl: "ftp://x" }, "baseUrl"],
    ["a token argument", { org: "acme", packageType: "npm", packageName: "widget", token: "ghp_x" }, "token"],
  ];
  for (const [title, args, field] of badArgs) {
    it(`refuses ${title} before any request, naming ${field}`, async () => {
      const error = await failureOf(getPackageVersions(args as unknown as GetPackageVersionsArgs));
      assert.ok(error instanceof LookupArgumentError, String(error));
      assert.ok(
        error.failures.some((f) => f.property === field),
        JSON.stringify(error.failures),
      );
      assert.match(error.message, new RegExp(`\`${field}\``));
      assert.deepEqual(fx.calls(), []);
    });
  }
});

describe("look-ups: getPackageVersion", () => {
  const fx = useLookups();

  it("finds a version by id, by name and by tag", async () => {
    assert.equal((await getPackageVersion({ ...api, versionId: 1001 })).name, "sha256:bb22");
    assert.equal((await getPackageVersion({ ...widget, version: "1.4.2" })).versionId, 2005);
    const byTag = await getPackageVersion({ ...api, tag: "v2" });
    assert.equal(byTag.versionId, 1002);
    assert.equal(byTag.state, "present");
  });

  it("finds a version deleted in the last 30 days, with its restore deadline", async () => {
    const version = await getPackageVersion({ ...widget, version: "1.4.1" });
    assert.equal(version.state, "deleted");
    assert.equal(version.versionId, 2004);
    assert.equal(Date.parse(version.restorableUntil ?? ""), Date.parse("2026-12-21T00:00:00Z"));
  });

  it("finds a user's version", async () => {
    assert.equal((await getPackageVersion({ ...tool, version: "3.0.0" })).versionId, 5002);
  });

  it("a version GitHub no longer has fails as version-not-found, naming it", async () => {
    const error = await failureOf(getPackageVersion({ ...widget, version: "9.9.9" }));
    assert.ok(error instanceof PackageVersionError);
    assert.equal(error.reason, "version-not-found");
    assert.match(error.message, /version 9\.9\.9 of npm package widget of org acme/);
  });

  it("a missing package fails as package-not-found", async () => {
    const error = await failureOf(getPackageVersion({ ...api, packageName: "gone", tag: "latest" }));
    assert.ok(error instanceof PackageVersionError);
    assert.equal(error.reason, "package-not-found");
  });

  it("refuses bad selectors before any request", async () => {
    for (const args of [
      { ...widget },
      { ...widget, tag: "latest" },
      { ...widget, versionId: 1, version: "1.0.0" },
      { ...api, versionId: -3 },
    ]) {
      const error = await failureOf(getPackageVersion(args));
      assert.ok(error instanceof LookupArgumentError, String(error));
    }
    assert.deepEqual(fx.calls(), []);
  });

  it("getPackageVersionOutput takes Output arguments", async () => {
    const version = await valueOf(getPackageVersionOutput({ ...api, tag: pulumi.output("latest") }));
    assert.equal(version.versionId, 1002);
  });
});
