import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import { PackageVersion, type PackageVersionOutputs } from "pulumi-github-package-versions";
import { useMockedEngine } from "../support/mocked-engine";

/** Every output the README names for a PackageVersion. */
const OUTPUTS: readonly (keyof PackageVersionOutputs)[] = [
  "org",
  "user",
  "packageType",
  "packageName",
  "version",
  "tag",
  "baseUrl",
  "observedState",
  "displayName",
  "displayTags",
  "state",
  "versionId",
  "name",
  "deletedAt",
  "restorableUntil",
  "tags",
];

/** The internal parts of an Output the SDK itself uses (not in its typings). */
interface OutputParts {
  readonly isKnown: Promise<boolean>;
  promise(): Promise<unknown>;
  resources(): Set<pulumi.Resource>;
}

/** An output's value, whether it is known, and whether it depends on the resource. */
async function outputOf(
  resource: PackageVersion,
  key: keyof PackageVersionOutputs,
): Promise<{ known: boolean; value: unknown; ofResource: boolean }> {
  const output = resource[key] as unknown as OutputParts;
  return { known: await output.isKnown, value: await output.promise(), ofResource: output.resources().has(resource) };
}

const npm = { org: "acme", packageType: "npm", packageName: "widget" } as const;
const container = { org: "acme", packageType: "container", packageName: "api" } as const;

describe("PackageVersion outputs (mocked engine)", () => {
  const { registered, recordedOutputs } = useMockedEngine();
  let counter = 0;
  const unique = (label: string) => `${label}-${++counter}`;

  it("has every output the README names, each an Output that depends on the resource", async () => {
    const name = unique("by-id");
    recordedOutputs.set(name, { name: "1.0.0" });
    const version = new PackageVersion(name, { ...npm, versionId: 1001 });
    for (const key of OUTPUTS) {
      const seen = await outputOf(version, key);
      assert.ok(seen.ofResource, `${key} depends on the resource`);
    }
    assert.deepEqual(await outputOf(version, "name"), { known: true, value: "1.0.0", ofResource: true });
    assert.deepEqual(await outputOf(version, "versionId"), { known: true, value: 1001, ofResource: true });
    assert.deepEqual(await outputOf(version, "packageName"), { known: true, value: "widget", ofResource: true });
  });

  it("sends the engine the declared inputs only, as before", async () => {
    const name = unique("inputs");
    recordedOutputs.set(name, { name: "1.0.0" });
    await outputOf(new PackageVersion(name, { ...npm, versionId: 1001 }), "name");
    const { __provider: provider, ...inputs } = registered.find((r) => r.name === name)?.inputs ?? {};
    assert.deepEqual(inputs, { org: "acme", packageType: "npm", packageName: "widget", versionId: 1001 });
    assert.match(String(provider), /require\("pulumi-github-package-versions\/dist\/provider\/package-version-provider\.js"\)/);
  });

  it("resolves a declared input's output from what was recorded, not from the declaration", async () => {
    const name = unique("recorded-owner");
    recordedOutputs.set(name, { org: "ACME", displayName: "1.0.0 (recorded)" });
    const version = new PackageVersion(name, { ...npm, versionId: 1001, displayName: "1.0.0" });
    assert.equal((await outputOf(version, "org")).value, "ACME");
    assert.equal((await outputOf(version, "displayName")).value, "1.0.0 (recorded)");
  });

  it("leaves the outputs of inputs the program left out undefined (the declaration is recorded as declared)", async () => {
    const name = unique("left-out");
    // A value the provider would not record for this declaration: not shown.
    recordedOutputs.set(name, { version: "1.0.0", tag: "latest", displayName: "stale", observedState: "present", user: "someone" });
    const version = new PackageVersion(name, { ...npm, versionId: 1001 });
    for (const key of ["user", "version", "tag", "baseUrl", "observedState", "displayName", "displayTags"] as const) {
      assert.deepEqual(await outputOf(version, key), { known: true, value: undefined, ofResource: true }, key);
    }
  });

  it("records tags for container and docker versions, and none for other registries", async () => {
    const image = unique("image");
    recordedOutputs.set(image, { name: "sha256:aa11", tags: ["latest", "v2"] });
    assert.deepEqual((await outputOf(new PackageVersion(image, { ...container, versionId: 1001 }), "tags")).value, ["latest", "v2"]);
    const docker = unique("docker");
    recordedOutputs.set(docker, { tags: [] });
    assert.deepEqual(
      (await outputOf(new PackageVersion(docker, { ...container, packageType: "docker", versionId: 1002 }), "tags")).value,
      [],
    );
    const widget = unique("widget");
    recordedOutputs.set(widget, { tags: ["never recorded for npm"] });
    assert.equal((await outputOf(new PackageVersion(widget, { ...npm, versionId: 1003 }), "tags")).value, undefined);
  });

  it("gives deletedAt and restorableUntil (deletedAt plus 30 days) of a version seen deleted, whatever its declared state", async () => {
    for (const state of ["deleted", "present", undefined] as const) {
      const name = unique(`deleted-${state ?? "default"}`);
      recordedOutputs.set(name, { state: "deleted", deletedAt: "2026-11-20T10:00:00Z" });
      const version = new PackageVersion(name, { ...npm, versionId: 1001, ...(state !== undefined ? { state } : {}) });
      assert.equal((await outputOf(version, "state")).value, "deleted", String(state));
      assert.equal((await outputOf(version, "deletedAt")).value, "2026-11-20T10:00:00Z", String(state));
      assert.deepEqual(
        await outputOf(version, "restorableUntil"),
        { known: true, value: "2026-12-20T10:00:00Z", ofResource: true },
        String(state),
      );
    }
    const active = new PackageVersion(unique("active"), { ...npm, versionId: 1002 });
    assert.equal((await outputOf(active, "restorableUntil")).value, undefined);
  });
});
