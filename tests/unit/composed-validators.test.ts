import { strict as assert } from "node:assert";
import {
  baseUrlFailures,
  composeValidators,
  ownerFailures,
  packageNameFailures,
  packageTypeFailures,
  selectorFailures,
  validateOwnerPackages,
  validatePackageAddress,
  validatePackageVersionInputs,
  checkPolicyArgs,
  checkSharedPolicyArgs,
  RetentionRuleError,
  ownerOf,
  OwnerDeclarationError,
} from "pulumi-github-package-versions/testing";

const properties = (failures: readonly { property: string }[]) => failures.map((f) => f.property);

describe("composed validators: each field checked by its own validator, each caller checking the fields it has", () => {
  it("a field validator checks its fields only: an owner alone passes the owner's check, and nothing else is asked for", () => {
    assert.deepEqual(ownerFailures({ org: "acme" }), []);
    assert.deepEqual(packageTypeFailures({ packageType: "npm" }), []);
    assert.deepEqual(baseUrlFailures({}), [], "baseUrl is optional");
    assert.deepEqual(properties(ownerFailures({ packageName: "x", versionId: 1 })), ["org"], "no owner: the owner's failure only");
  });

  it("an owner's packages of a type (getPackages, PackageRetentionPolicies) need no package name and no selector", () => {
    assert.deepEqual(validateOwnerPackages({ user: "octocat", packageType: "container" }), []);
    assert.deepEqual(properties(validateOwnerPackages({ org: "-bad", packageType: "jar", baseUrl: "ftp://x" })), [
      "org",
      "packageType",
      "baseUrl",
    ]);
  });

  it("a package address (getPackageVersions, a policy) needs no selector; a PackageVersion does", () => {
    const address = { org: "acme", packageType: "npm", packageName: "widget" };
    assert.deepEqual(validatePackageAddress(address), []);
    assert.deepEqual(properties(validatePackageVersionInputs(address)), ["versionId"]);
    assert.deepEqual(validatePackageVersionInputs({ ...address, version: "1.4.2" }), []);
  });

  it("the same field gets the same words from every composition", () => {
    const bad = { org: "acme", user: "octocat", packageType: "npm", packageName: "Widget", versionId: 0 };
    const own = [...ownerFailures(bad), ...packageNameFailures(bad)];
    const whole = validatePackageVersionInputs(bad);
    for (const failure of own)
      assert.ok(
        whole.some((f) => f.property === failure.property && f.reason === failure.reason),
        failure.reason,
      );
    assert.deepEqual(
      validatePackageAddress(bad).map((f) => f.reason),
      own.map((f) => f.reason),
    );
    assert.deepEqual(properties(selectorFailures(bad)), ["versionId"]);
  });

  it("a composition reports each validator's failures in the order given", () => {
    const fields = { packageType: "jar", baseUrl: "ftp://x" };
    assert.deepEqual(properties(composeValidators(baseUrlFailures, packageTypeFailures, ownerFailures)(fields)), [
      "baseUrl",
      "packageType",
      "org",
    ]);
  });

  it("a set of policies checks every argument but its name pattern, with a single policy's words", () => {
    const rules = { packageType: "npm" as const, keepLatest: 1 };
    assert.equal(checkSharedPolicyArgs({ org: "acme", ...rules }).perVersionChildren, false, "the compact form by default");
    const shared = (() => {
      try {
        checkSharedPolicyArgs({ ...rules });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    assert.ok(shared instanceof RetentionRuleError);
    assert.throws(
      () => checkPolicyArgs({ packageName: "widget", ...rules }),
      (error: unknown) => error instanceof RetentionRuleError && error.message === shared.message,
    );
  });

  it("ownerOf: checked inputs become { org } or { user }; neither or both is a bug, said with the check's words", () => {
    assert.deepEqual(ownerOf({ org: "acme" }), { org: "acme" });
    assert.deepEqual(ownerOf({ user: "octocat" }), { user: "octocat" });
    for (const declared of [{}, { org: "acme", user: "octocat" }]) {
      assert.throws(
        () => ownerOf(declared),
        (error: unknown) => error instanceof OwnerDeclarationError && error.message === ownerFailures({})[0]!.reason,
      );
    }
  });
});
