import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { type Emulator, startEmulator } from "../../emulator";
import { useEnvEmulator } from "../support/env-emulator";
import { useFakeWaitClock } from "../support/wait-clock";
import { settled, useMockedEngine, valueOf } from "../support/mocked-engine";
import {
  LateVersionDeclarationError,
  MaxDeletionsExceededError,
  OverlappingPoliciesError,
  PackageRetentionPolicy,
  type PackageRetentionPolicyArgs,
  PackageVersion,
  RetentionRuleError,
} from "pulumi-github-package-versions";
import { PACKAGE_RETENTION_POLICY_TYPE, planPackageRetention, resetVersionOwners } from "pulumi-github-package-versions/testing";
// The registry the program's library holds (the same module instance as the package's).
import { ADMIN_TOKEN, NOW, baseSeed } from "../support/provider-fixture";

/** A child (or the component) as it was declared: the transformation sees the options too. */
interface Declared {
  type: string;
  name: string;
  props: Record<string, unknown>;
  retainOnDelete: boolean | undefined;
  parentedToPolicy: boolean;
  resource: pulumi.Resource;
}

describe("PackageRetentionPolicy (mocked engine, real emulator for the look-up)", () => {
  const fx = useEnvEmulator(baseSeed);
  let counter = 0;

  const { registered, recordedVersionIds } = useMockedEngine();

  function writes(): string[] {
    return fx.emu
      .requests()
      .filter((r) => r.method !== "GET")
      .map((r) => `${r.method} ${r.path}`);
  }

  /**
   * A policy with a unique name, and everything declared under it. These tests check the form with
   * a PackageVersion per version: `perVersionChildren: true` unless the test says otherwise.
   */
  function policy(args: PackageRetentionPolicyArgs): { name: string; policy: PackageRetentionPolicy; declared: Declared[] } {
    const name = `policy${++counter}`;
    const declared: Declared[] = [];
    // A parent's transformations run for the parent itself and for every child it declares.
    const transformation: pulumi.ResourceTransformation = (t) => {
      if (t.type === PACKAGE_RETENTION_POLICY_TYPE) return undefined;
      declared.push({
        type: t.type,
        name: t.name,
        props: t.props as Record<string, unknown>,
        retainOnDelete: t.opts.retainOnDelete,
        parentedToPolicy: t.opts.parent === created,
        resource: t.resource,
      });
      return undefined;
    };
    // Declared before it is assigned: the transformation reads it while the constructor runs (a const
    // would throw there, in its temporal dead zone).
    // eslint-disable-next-line prefer-const
    let created: PackageRetentionPolicy | undefined;
    created = new PackageRetentionPolicy(name, { perVersionChildren: true, ...args }, { transformations: [transformation] });
    return { name, policy: created, declared };
  }

  function childStates(declared: Declared[]): Record<string, unknown> {
    return Object.fromEntries(declared.map((d) => [d.name, d.props["state"]]));
  }

  it("declares one retained child PackageVersion per managed version, with the planned state", async () => {
    const {
      name,
      policy: p,
      declared,
    } = policy({
      org: "acme",
      packageType: "container",
      packageName: "api",
      keepLatest: 1,
      untagged: "delete",
      now: NOW,
    });
    assert.deepEqual(await valueOf(p.keptIds), [1002]);
    assert.deepEqual(await valueOf(p.deletedIds), [1001, 1003]);
    assert.deepEqual(await valueOf(p.restoredIds), []);
    assert.deepEqual(await valueOf(p.leftDeletedIds), [1000]);
    assert.equal(await valueOf(p.keptCount), 1);
    assert.equal(await valueOf(p.deletedCount), 2);
    assert.equal(await valueOf(p.restoredCount), 0);
    assert.deepEqual(childStates(declared), {
      [`${name}-1002`]: "present",
      [`${name}-1001`]: "deleted",
      [`${name}-1003`]: "deleted",
      [`${name}-1000`]: "deleted",
    });
    for (const child of declared) {
      assert.equal(child.retainOnDelete, true, `${child.name} must be retainOnDelete`);
      assert.equal(child.parentedToPolicy, true, `${child.name} must be a child of the policy`);
      assert.equal(child.type, "pulumi-nodejs:dynamic/github-package-versions:PackageVersion");
      assert.equal(child.props["org"], "acme");
      assert.equal(child.props["packageType"], "container");
      assert.equal(child.props["packageName"], "api");
      assert.equal(child.props["versionId"], Number(child.name.slice(name.length + 1)));
      assert.equal(child.props["baseUrl"], undefined);
      assert.equal(child.props["version"], undefined);
      assert.equal(child.props["tag"], undefined);
    }
    const decisions = await valueOf(p.decisions);
    assert.deepEqual(
      decisions.map((d) => [d.versionId, d.action]),
      [
        [1002, "keep"],
        [1001, "delete"],
        [1003, "delete"],
        [1000, "leave-deleted"],
      ],
    );
    assert.equal(decisions[0]!.reason, "kept: among the newest 1 images (#1)");
    assert.deepEqual(decisions[0]!.tags, ["latest", "v2"]);
    assert.deepEqual(writes(), [], "planning only reads");
  });

  it("registers the component under its type token, with the children parented to it", async () => {
    const { name, policy: p, declared } = policy({ org: "acme", packageType: "container", packageName: "api", keepLatest: 5, now: NOW });
    await valueOf(p.keptIds);
    const urn = await valueOf(p.urn);
    // each child's URN resolves once the (mock) engine has registered it
    const childUrns = await Promise.all(declared.map((d) => valueOf(d.resource.urn)));
    assert.ok(
      childUrns.every((u) => u.includes(`$pulumi-nodejs:dynamic/github-package-versions:PackageVersion::${name}-`)),
      childUrns.join("\n"),
    );
    assert.ok(urn.endsWith(`::${PACKAGE_RETENTION_POLICY_TYPE}::${name}`), urn);
    const children = registered.filter((r) => r.name.startsWith(`${name}-`));
    assert.equal(children.length, 4);
    assert.ok(registered.some((r) => r.type === PACKAGE_RETENTION_POLICY_TYPE && r.name === name));
  });

  it("restores a kept version deleted by hand when restoreKept is on, and never one whose name is reused", async () => {
    const {
      name,
      policy: p,
      declared,
    } = policy({
      org: "acme",
      packageType: "npm",
      packageName: "widget",
      keepLatest: 3,
      restoreKept: true,
      now: NOW,
    });
    assert.deepEqual(await valueOf(p.restoredIds), [2004]);
    assert.deepEqual(await valueOf(p.keptIds), [2005, 2002]);
    assert.deepEqual(await valueOf(p.deletedIds), [2000]);
    assert.deepEqual(await valueOf(p.leftDeletedIds), [2001]);
    assert.equal(childStates(declared)[`${name}-2004`], "present");
    assert.equal(childStates(declared)[`${name}-2001`], "deleted");
    const restored = (await valueOf(p.decisions)).find((d) => d.versionId === 2004)!;
    assert.equal(restored.reason, "restored: kept by the rules (among the newest 3 selected versions (#3)), deleted 5 days ago");
  });

  it("works for a user's package and passes a baseUrl override to every child", async () => {
    process.env["GITHUB_BASE_URL"] = "http://127.0.0.1:9";
    const { policy: p, declared } = policy({
      user: "octocat",
      packageType: "npm",
      packageName: "tool",
      deleteOlderThan: "30d",
      now: NOW,
      baseUrl: fx.emu.url,
    });
    assert.deepEqual(await valueOf(p.deletedIds), [5000]);
    assert.deepEqual(await valueOf(p.keptIds), [5002]);
    assert.equal(declared.length, 3);
    for (const child of declared) {
      assert.equal(child.props["user"], "octocat");
      assert.equal(child.props["org"], undefined);
      assert.equal(child.props["baseUrl"], fx.emu.url);
    }
  });

  it("evaluates the rules at `now`: a later time expires more versions", async () => {
    const early = policy({ org: "acme", packageType: "npm", packageName: "widget", deleteOlderThan: "30d", now: NOW });
    assert.deepEqual(await valueOf(early.policy.deletedIds), [2000]);
    resetVersionOwners(); // two programs: one may not hold two policies over one package
    const later = policy({ org: "acme", packageType: "npm", packageName: "widget", deleteOlderThan: "30d", now: "2027-01-10T00:00:00Z" });
    assert.deepEqual(await valueOf(later.policy.deletedIds), [2002, 2000]);
    assert.deepEqual(await valueOf(later.policy.keptIds), [2005], "the newest stays: never all versions of an npm package");
    assert.equal(await valueOf(later.policy.now), "2027-01-10T00:00:00.000Z");
  });

  it("a plan over maxDeletions fails the program with the count and declares nothing", async () => {
    // The failure reaches the runtime as an unhandled rejection (what makes `pulumi preview`
    // fail at once); catch it here instead of letting mocha see it.
    const runtimeListeners = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    let error: unknown;
    const raised = new Promise<void>((resolve) => process.once("unhandledRejection", (reason) => ((error = reason), resolve())));
    let p: PackageRetentionPolicy;
    let declared: unknown[];
    try {
      ({ policy: p, declared } = policy({
        org: "acme",
        packageType: "container",
        packageName: "api",
        keepLatest: 0,
        deleteOlderThan: "1d",
        untagged: "delete",
        maxDeletions: 1,
        now: NOW,
      }));
      await raised;
    } finally {
      process.removeAllListeners("unhandledRejection");
      for (const listener of runtimeListeners) process.on("unhandledRejection", listener);
    }
    assert.deepEqual(await settled(p.deletedIds), [], "the outputs still resolve, so the runtime does not wait on them");
    assert.ok(error instanceof MaxDeletionsExceededError, String(error));
    assert.equal(error.deletions, 2);
    assert.match(error.message, /container package api of org acme deletes 2 versions, more than maxDeletions \(1\)/);
    assert.deepEqual(declared, []);
    assert.deepEqual(writes(), []);
  });

  it("refuses bad arguments in the constructor, naming the argument, before any request", () => {
    const base = { org: "acme", packageType: "npm", packageName: "widget", keepLatest: 3 } as const;
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, org: undefined }, "org"],
      [{ ...base, user: "octocat" }, "user"],
      [{ ...base, packageType: "pypi" }, "packageType"],
      [{ ...base, packageName: "Widget" }, "packageName"],
      [{ ...base, keepLatest: undefined }, "keepLatest"],
      [{ ...base, keepLatest: -1 }, "keepLatest"],
      [{ ...base, deleteOlderThan: "ninety days" }, "deleteOlderThan"],
      [{ ...base, untagged: "delete" }, "untagged"],
      [{ ...base, prerelease: "maybe" }, "prerelease"],
      [{ ...base, keep: ["/(/"] }, "keep[0]"],
      [{ ...base, maxDeletions: 1.5 }, "maxDeletions"],
      [{ ...base, now: "yesterday" }, "now"],
      [{ ...base, baseUrl: "not a url" }, "baseUrl"],
      [{ ...base, token: ADMIN_TOKEN }, "token"],
    ];
    for (const [args, field] of cases) {
      assert.throws(
        () => new PackageRetentionPolicy(`bad${++counter}`, args as unknown as PackageRetentionPolicyArgs),
        (error: unknown) => error instanceof RetentionRuleError && error.field === field && !error.message.includes(ADMIN_TOKEN),
        `expected a RetentionRuleError naming ${field} for ${JSON.stringify(args)}`,
      );
    }
    assert.deepEqual(fx.emu.requests(), []);
  });

  it("never records the token in the component's or the children's inputs or outputs", async () => {
    const { policy: p, declared } = policy({ org: "acme", packageType: "container", packageName: "api", keepLatest: 1, now: NOW });
    const outputs = await valueOf(pulumi.all([p.decisions, p.keptIds, p.deletedIds]));
    await Promise.all(declared.map((d) => valueOf(d.resource.urn)));
    assert.equal(JSON.stringify(outputs).includes(ADMIN_TOKEN), false);
    assert.ok(registered.length > 1);
    assert.equal(JSON.stringify(registered).includes(ADMIN_TOKEN), false);
  });

  /** The next unhandled rejection (how a policy's failure reaches the runtime), instead of mocha's handler. */
  async function unhandledRejectionDuring(body: () => Promise<void>): Promise<unknown> {
    const runtimeListeners = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    let error: unknown;
    const raised = new Promise<void>((resolve) => process.once("unhandledRejection", (reason) => ((error = reason), resolve())));
    try {
      await body();
      await raised;
    } finally {
      process.removeAllListeners("unhandledRejection");
      for (const listener of runtimeListeners) process.on("unhandledRejection", listener);
    }
    return error;
  }

  const api = { org: "acme", packageType: "container", packageName: "api" } as const;
  const apiRules = { ...api, keepLatest: 1, untagged: "delete", now: NOW } as const;

  describe("one version, one owner", () => {
    it("leaves alone a version declared explicitly, before or after the policy in program order: no child, `kept: managed by <name>`", async () => {
      new PackageVersion("pinned-1001", { ...api, versionId: 1001 });
      const { name, policy: p, declared } = policy(apiRules);
      new PackageVersion("pinned-v1.5", { org: "ACME", packageType: "container", packageName: "api", tag: "v1.5", state: "deleted" });
      const decisions = await valueOf(p.decisions);
      assert.deepEqual(
        decisions.map((d) => [d.versionId, d.action, d.reason]),
        [
          [1002, "keep", "kept: among the newest 1 images (#1)"],
          [1001, "keep", "kept: managed by pinned-1001"],
          [1003, "keep", "kept: managed by pinned-v1.5"],
          [1000, "leave-deleted", "left deleted: restoreKept is off, deleted 7 days ago"],
        ],
      );
      assert.equal(decisions[1]!.managedBy, "pinned-1001");
      assert.deepEqual(declared.map((d) => d.name).sort(), [`${name}-1000`, `${name}-1002`]);
      assert.deepEqual(await valueOf(p.keptIds), [1002], "the id lists hold the policy's own versions");
      assert.deepEqual(await valueOf(p.deletedIds), []);
      assert.deepEqual(writes(), []);
    });

    it("matches by version name and by an Output selector, and by the version a tag was adopted as, not where the tag is now", async () => {
      recordedVersionIds.set("was-latest", 1003); // adopted when `latest` was on 1003
      new PackageVersion("was-latest", { ...api, tag: "latest" });
      new PackageVersion("by-name", { ...api, version: pulumi.output("sha256:bb22") });
      const { name, policy: p, declared } = policy({ ...apiRules, restoreKept: true });
      new PackageVersion("by-output-id", { ...api, versionId: pulumi.output(1000), state: "deleted" });
      const reasons = Object.fromEntries((await valueOf(p.decisions)).map((d) => [d.versionId, d.reason]));
      assert.deepEqual(reasons, {
        1002: "kept: among the newest 1 images (#1)",
        1001: "kept: managed by by-name",
        1003: "kept: managed by was-latest",
        1000: "left deleted: managed by by-output-id",
      });
      assert.deepEqual(await valueOf(p.restoredIds), [], "restoreKept leaves the explicitly deleted version deleted");
      assert.deepEqual(
        declared.map((d) => d.name),
        [`${name}-1002`],
      );
    });

    it("ignores declarations of other packages, owners, registries and API base URLs", async () => {
      new PackageVersion("other-package", { org: "acme", packageType: "container", packageName: "single", versionId: 1001 });
      new PackageVersion("other-owner", { user: "acme", packageType: "container", packageName: "api", versionId: 1001 });
      new PackageVersion("other-api", { ...api, versionId: 1001, baseUrl: "http://127.0.0.1:9" });
      new PackageVersion("same-api", { ...api, versionId: 1003, baseUrl: `${fx.emu.url}/` });
      const { policy: p } = policy(apiRules);
      const byId = Object.fromEntries((await valueOf(p.decisions)).map((d) => [d.versionId, d.reason]));
      assert.equal(byId[1001], "deleted: orphan, no image references it, beyond the newest 1 images");
      assert.equal(byId[1003], "kept: managed by same-api", "the configured base URL and the same URL as an override are one API");
    });

    it("a policy's own children are not explicit declarations (no conflict with their own policy)", async () => {
      const { policy: p, declared } = policy(apiRules);
      await valueOf(p.decisions);
      await Promise.all(declared.map((d) => valueOf(d.resource.urn)));
      // A second run of the policy in the same program would be refused; a new program starts clean.
      resetVersionOwners();
      const again = policy(apiRules);
      assert.ok((await valueOf(again.policy.decisions)).every((d) => d.managedBy === undefined));
    });

    it("a declaration made after the policy planned, for a version it manages, fails the program naming both", async () => {
      const { name, policy: p } = policy(apiRules);
      const error = await unhandledRejectionDuring(async () => {
        await valueOf(p.decisions);
        new PackageVersion("late-1001", { ...api, versionId: 1001 });
      });
      assert.ok(error instanceof LateVersionDeclarationError, String(error));
      assert.equal(
        error.message,
        `PackageVersion late-1001 selects version sha256:bb22 (id 1001) of container package api of org acme, which retention policy ${name} already manages as ${name}-1001: ` +
          "late-1001 was declared after the policy planned. Declare it before the program's first await (policies leave alone the versions declared by then), " +
          "or remove it and let the policy manage the version.",
      );
    });

    it("an unknown selector (at preview) is planned as not one of the policy's versions", async () => {
      new PackageVersion("unknown-yet", { ...api, versionId: pulumi.output(pulumi.unknown) as unknown as pulumi.Output<number> });
      const { policy: p, declared } = policy(apiRules);
      assert.ok((await valueOf(p.decisions)).every((d) => d.managedBy === undefined));
      assert.equal(declared.length, 4);
    });

    it("two policies over one package: the second fails when constructed, naming both and the package", async () => {
      const first = policy(apiRules);
      assert.throws(
        () => new PackageRetentionPolicy("images-again", { org: "Acme", packageType: "container", packageName: "api", keepLatest: 3 }),
        (error: unknown) =>
          error instanceof OverlappingPoliciesError &&
          error.message ===
            `Retention policies ${first.name} and images-again both manage container package api of org Acme; one version would be deleted by one ` +
              "and restored or re-declared by the other on alternate runs. Merge their rules into one policy, or remove one.",
      );
      // Another package, or the same name under a user, is fine.
      const others = [
        new PackageRetentionPolicy(`widget${++counter}`, {
          org: "acme",
          packageType: "npm",
          packageName: "widget",
          keepLatest: 3,
          now: NOW,
          perVersionChildren: true,
        }),
        new PackageRetentionPolicy(`tool${++counter}`, {
          user: "octocat",
          packageType: "npm",
          packageName: "tool",
          keepLatest: 3,
          now: NOW,
          perVersionChildren: true,
        }),
      ];
      for (const other of [first.policy, ...others]) assert.ok((await valueOf(other.keptIds)).length > 0);
    });
  });
});

describe("planPackageRetention", () => {
  useFakeWaitClock();
  let emu: Emulator | undefined;
  let savedToken: string | undefined;
  beforeEach(async () => {
    savedToken = process.env["GITHUB_TOKEN"];
    emu = await startEmulator({ seed: baseSeed() });
    process.env["GITHUB_TOKEN"] = ADMIN_TOKEN;
  });
  afterEach(async () => {
    if (savedToken === undefined) delete process.env["GITHUB_TOKEN"];
    else process.env["GITHUB_TOKEN"] = savedToken;
    await emu?.close();
  });

  it("lists active and deleted versions and plans without writing", async () => {
    const plan = await planPackageRetention({
      org: "acme",
      packageType: "maven",
      packageName: "com.acme.lib",
      deleteOlderThan: "1d",
      now: NOW,
      baseUrl: emu!.url,
      perVersionChildren: true, // what this form lists: the deleted versions too, each a child
    });
    assert.deepEqual(plan.keptIds, [4000], "the last maven version stays");
    assert.match(plan.decisions[0]!.reason, /last version of a maven package/);
    assert.equal(plan.versions.length, 1);
    assert.deepEqual(
      emu!.requests().map((r) => `${r.method} ${r.query["state"]}`),
      ["GET active", "GET deleted"],
    );
  });
});
