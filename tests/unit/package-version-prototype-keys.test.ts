import { strict as assert } from "node:assert";
import { InvalidPackageVersionError, PackageVersion } from "pulumi-github-package-versions";
import { useMockedEngine } from "../support/mocked-engine";

describe("PackageVersion arguments with a prototype key (mocked engine)", () => {
  const { registered } = useMockedEngine();

  it("refuses an own __proto__ (as JSON.parse makes it) naming it, before anything is registered: its fields are never declared unseen", async () => {
    // Copied into the inputs, this __proto__ would become their prototype and declare state: deleted.
    const args = {
      org: "acme",
      packageType: "npm",
      packageName: "widget",
      versionId: 1001,
      ...JSON.parse('{"__proto__": {"state": "deleted"}}'),
    };
    assert.throws(
      () => new PackageVersion("from-json", args),
      (e: unknown) =>
        e instanceof InvalidPackageVersionError &&
        /^PackageVersion from-json: invalid inputs:\n {2}__proto__: a prototype key .* is never an argument; remove it$/.test(e.message),
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      registered.map((r) => r.name),
      [],
    );
  });

  it("refuses constructor and prototype too, naming each", () => {
    assert.throws(
      () =>
        new PackageVersion("two-keys", {
          org: "acme",
          packageType: "npm",
          packageName: "widget",
          versionId: 1001,
          ...({ constructor: "x", prototype: {} } as object),
        }),
      (e: unknown) =>
        e instanceof InvalidPackageVersionError &&
        /constructor: a prototype key/.test(e.message) &&
        /prototype: a prototype key/.test(e.message),
    );
  });
});
