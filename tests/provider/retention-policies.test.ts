/** PackageRetentionPolicies: one policy per package matching a pattern (mocked engine, real emulator over HTTP). */
import { strict as assert } from "node:assert";
import type { EmulatorSeed } from "../../emulator";
import { useEnvEmulator } from "../support/env-emulator";
import { settled, useMockedEngine, valueOf } from "../support/mocked-engine";
import {
  OverlappingPoliciesError,
  PackageRetentionPolicies,
  PackageRetentionPolicy,
  RetentionRuleError,
} from "pulumi-github-package-versions";
import { PACKAGE_RETENTION_POLICIES_TYPE, PACKAGE_RETENTION_POLICY_TYPE, resetVersionOwners } from "pulumi-github-package-versions/testing";
import { ADMIN_TOKEN, NOW, baseSeed } from "../support/provider-fixture";

/** Three dev-* container packages (two versions each) and one other, besides the provider seed. */
function seed(): EmulatorSeed {
  const s = baseSeed();
  for (const name of ["dev-api", "dev-web", "dev-tools", "prod-api"]) {
    s.packages!.push({
      owner: "acme",
      ownerType: "org",
      packageType: "container",
      name,
      visibility: "public",
      versions: [
        { name: `sha256:${name}-new`, tags: ["latest"], createdAt: "2026-11-20T00:00:00Z" },
        { name: `sha256:${name}-old`, tags: [], createdAt: "2026-09-01T00:00:00Z" },
      ],
    });
  }
  return s;
}

describe("PackageRetentionPolicies (mocked engine, real emulator for the look-ups)", () => {
  const fx = useEnvEmulator(seed);
  let counter = 0;

  const { registered } = useMockedEngine();

  // Each package's policy with a PackageVersion per version, which these tests count.
  const rules = { org: "acme", packageType: "container", keepLatest: 1, untagged: "delete", now: NOW, perVersionChildren: true } as const;

  it("declares one policy per matching package, named <name>-<package>, each planning its own package", async () => {
    const name = `nightly${++counter}`;
    const policies = new PackageRetentionPolicies(name, { ...rules, packageName: "dev-*" });
    assert.deepEqual(await valueOf(policies.packageNames), ["dev-api", "dev-tools", "dev-web"]);
    const data = await valueOf(policies.policies);
    assert.deepEqual(Object.keys(data), ["dev-api", "dev-tools", "dev-web"]);
    assert.deepEqual(
      data["dev-api"]!.decisions.map((d) => `${d.name}:${d.action}`),
      ["sha256:dev-api-new:keep", "sha256:dev-api-old:delete"],
    );
    const childPolicies = registered
      .filter((r) => r.type === PACKAGE_RETENTION_POLICY_TYPE)
      .map((r) => r.name)
      .sort();
    assert.deepEqual(childPolicies, [`${name}-dev-api`, `${name}-dev-tools`, `${name}-dev-web`]);
    assert.ok(registered.some((r) => r.type === PACKAGE_RETENTION_POLICIES_TYPE && r.name === name));
    // The mock engine hears of each child when its registration is sent: wait for the six.
    for (let i = 0; i < 100 && registered.filter((r) => r.type.endsWith(":PackageVersion")).length < 6; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const versions = registered.filter((r) => r.type.endsWith(":PackageVersion"));
    assert.equal(versions.length, 6, "two versions in each of three packages");
    assert.ok(
      versions.every((v) => String(v.inputs["packageName"]).startsWith("dev-")),
      "prod-api is untouched",
    );
    const lists = fx.emu.requests().filter((r) => r.path === "/orgs/acme/packages");
    assert.equal(lists.length, 1, "one page lists the packages");
    assert.deepEqual(
      fx.emu.requests().filter((r) => r.method !== "GET"),
      [],
      "planning only reads",
    );
  });

  it("takes a list with !exclusions and /regex/", async () => {
    const a = new PackageRetentionPolicies(`list${++counter}`, { ...rules, packageName: ["dev-*", "!dev-tools"] });
    assert.deepEqual(await valueOf(a.packageNames), ["dev-api", "dev-web"]);
    resetVersionOwners();
    const b = new PackageRetentionPolicies(`regex${++counter}`, { ...rules, packageName: "/-api$/" });
    assert.deepEqual(await valueOf(b.packageNames), ["dev-api", "prod-api"]);
  });

  it("a package that appears later gets its policy on the next run; one that disappears drops out", async () => {
    const first = new PackageRetentionPolicies("stable", { ...rules, packageName: "dev-*" });
    assert.deepEqual(await valueOf(first.packageNames), ["dev-api", "dev-tools", "dev-web"]);
    fx.emu.seed({
      packages: [
        {
          owner: "acme",
          ownerType: "org",
          packageType: "container",
          name: "dev-new",
          visibility: "public",
          versions: [{ name: "sha256:n", tags: ["latest"] }],
        },
      ],
    });
    const deleted = await fetch(`${fx.emu.url}/orgs/acme/packages/container/dev-web`, {
      method: "DELETE",
      headers: { authorization: `token ${ADMIN_TOKEN}` },
    });
    assert.equal(deleted.status, 204);
    resetVersionOwners(); // the next run is a program of its own
    registered.length = 0;
    const next = new PackageRetentionPolicies("stable", { ...rules, packageName: "dev-*" });
    assert.deepEqual(await valueOf(next.packageNames), ["dev-api", "dev-new", "dev-tools"]);
    const names = registered
      .filter((r) => r.type === PACKAGE_RETENTION_POLICY_TYPE)
      .map((r) => r.name)
      .sort();
    assert.deepEqual(
      names,
      ["stable-dev-api", "stable-dev-new", "stable-dev-tools"],
      "the same names as the first run for the same packages",
    );
  });

  it("refuses a pattern in PackageRetentionPolicy and bad patterns or rules in PackageRetentionPolicies, at construction", () => {
    assert.throws(
      () => new PackageRetentionPolicy("p", { ...rules, packageName: "dev-*" }),
      (e: unknown) => e instanceof RetentionRuleError && e.field === "packageName" && /PackageRetentionPolicies/.test(e.message),
    );
    assert.throws(
      () => new PackageRetentionPolicies("q", { ...rules, packageName: ["!dev-*"] }),
      (e: unknown) => e instanceof RetentionRuleError && e.field === "packageName[0]",
    );
    assert.throws(
      () => new PackageRetentionPolicies("r", { ...rules, packageName: [] }),
      (e: unknown) => e instanceof RetentionRuleError && e.field === "packageName",
    );
    assert.throws(
      () => new PackageRetentionPolicies("s", { ...rules, keepLatest: -1, packageName: "dev-*" }),
      (e: unknown) => e instanceof RetentionRuleError && e.field === "keepLatest",
    );
  });

  it("a package with a policy of its own elsewhere in the program: the pattern's policy for it fails, naming both", async () => {
    new PackageRetentionPolicy("own-dev-api", { ...rules, packageName: "dev-api" });
    const failures: unknown[] = [];
    const onRejection = (reason: unknown): void => void failures.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
      const policies = new PackageRetentionPolicies("overlap", { ...rules, packageName: "dev-*" });
      await settled(policies.packageNames);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off("unhandledRejection", onRejection);
    }
    const overlap = failures.find((f) => f instanceof OverlappingPoliciesError) as Error | undefined;
    assert.ok(overlap, `expected an OverlappingPoliciesError, got ${failures.map(String).join("; ")}`);
    assert.match(overlap.message, /own-dev-api/);
    assert.match(overlap.message, /overlap-dev-api/);
  });
});
