import { strict as assert } from "node:assert";
import { isPatternDeclaration, parseRetentionDeclarations, parseVersionDeclarations } from "../../program/stack-declarations";

/** The message of the error `parse` throws. */
function problemsOf(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

describe("the root project's stack configuration", () => {
  it("reads version declarations with derived or given names and their options", () => {
    const declarations = parseVersionDeclarations([
      { org: "acme", packageType: "container", packageName: "api", tag: "latest" },
      { org: "acme", packageType: "npm", packageName: "widget", version: "1.4.2", name: "widget", protect: true, retainOnDelete: true },
    ]);
    assert.deepEqual(declarations, [
      {
        resourceName: "acme-container-api-latest",
        inputs: { org: "acme", packageType: "container", packageName: "api", tag: "latest" },
        protect: false,
        retainOnDelete: false,
      },
      {
        resourceName: "widget",
        inputs: { org: "acme", packageType: "npm", packageName: "widget", version: "1.4.2" },
        protect: true,
        retainOnDelete: true,
      },
    ]);
    assert.deepEqual(parseVersionDeclarations(undefined), []);
  });

  it("lists every problem of the versions by entry and field", () => {
    const message = problemsOf(() =>
      parseVersionDeclarations([
        { org: "acme", packageType: "pypi", packageName: "api", versionId: 1, protect: "yes" },
        "acme/api",
        { org: "acme", packageType: "npm", packageName: "widget", version: "1.4.2", name: "" },
        { org: "acme", packageType: "npm", packageName: "widget", version: "1.4.2" },
        { org: "acme", packageType: "npm", packageName: "widget", version: "1.4.2" },
      ]),
    );
    assert.match(message, /^Invalid stack configuration package-versions:versions:/);
    assert.match(message, /versions\[0\]\.packageType: `packageType` must be one of/);
    assert.match(message, /versions\[0\]\.protect: must be true or false/);
    assert.match(message, /versions\[1\]: must be a mapping/);
    assert.match(message, /versions\[2\]\.name: must be a non-empty string/);
    assert.match(message, /versions\[4\]: has the same name as versions\[2\] \(acme-npm-widget-1\.4\.2\)/);
    assert.match(
      problemsOf(() => parseVersionDeclarations({ org: "acme" })),
      /versions: must be a list of version declarations/,
    );
  });

  it("reads retention policies and lists their problems by entry and field", () => {
    const policy = { org: "acme", packageType: "container", packageName: "api", keepLatest: 20 };
    assert.deepEqual(parseRetentionDeclarations([policy, { ...policy, packageName: "web", name: "web-images" }]), [
      { resourceName: "acme-container-api", args: policy },
      { resourceName: "web-images", args: { ...policy, packageName: "web" } },
    ]);
    const message = problemsOf(() =>
      parseRetentionDeclarations([{ ...policy, deleteOlderThan: "3m" }, { ...policy, name: 7 }, policy, policy]),
    );
    assert.match(message, /retentionPolicies\[0\]\.deleteOlderThan: /);
    assert.ok(!message.includes("Invalid retention policy argument"), "the field is named once, by entry");
    assert.match(message, /retentionPolicies\[1\]\.name: must be a non-empty string/);
    assert.match(message, /retentionPolicies\[2\]: has the same name as retentionPolicies\[1\] \(acme-container-api\)/);
    assert.match(message, /retentionPolicies\[3\]: has the same name as retentionPolicies\[1\] \(acme-container-api\)/);
  });

  it("refuses __proto__, constructor and the other prototype keys in an entry, naming the entry and the key", () => {
    // As Pulumi reads the configuration: JSON.parse makes `__proto__` an own key.
    const versions = JSON.parse(
      '[{"org": "acme", "packageType": "npm", "packageName": "widget", "version": "1.4.2", "__proto__": {"state": "deleted"}},' +
        ' {"org": "acme", "packageType": "npm", "packageName": "widget", "version": "1.4.3", "constructor": "x", "toString": 1}]',
    ) as unknown[];
    const message = problemsOf(() => parseVersionDeclarations(versions));
    assert.match(message, /versions\[0\]\.__proto__: a prototype key .* is never an argument; remove it/);
    assert.match(message, /versions\[1\]\.constructor: a prototype key/);
    assert.match(message, /versions\[1\]\.toString: a prototype key/);
    const policies = JSON.parse(
      '[{"org": "acme", "packageType": "npm", "packageName": "widget", "keepLatest": 3, "__proto__": {"keepLatest": 0}},' +
        ' {"org": "acme", "packageType": "npm", "packageName": "dev-*", "keepLatest": 3, "prototype": {}}]',
    ) as unknown[];
    const policyProblems = problemsOf(() => parseRetentionDeclarations(policies));
    assert.match(policyProblems, /retentionPolicies\[0\]\.__proto__: a prototype key/);
    assert.match(policyProblems, /retentionPolicies\[1\]\.prototype: a prototype key/);
  });

  it("reads the rules brought from other tools in retention policies, and names their fields in problems", () => {
    const policy = {
      org: "acme",
      packageType: "container",
      packageName: "api",
      keepLatest: 20,
      keepLatestUntagged: 3,
      untagged: "delete",
      deleteOlderThan: "6 months",
      keep: ["v*", "!v*-rc*"],
      deleteTags: ["pr-*", "sha-*"],
    };
    assert.deepEqual(parseRetentionDeclarations([policy]), [{ resourceName: "acme-container-api", args: policy }]);
    const message = problemsOf(() =>
      parseRetentionDeclarations([
        { ...policy, name: "a", untagged: undefined },
        { ...policy, name: "b", deleteTags: ["!pr-1"] },
        { ...policy, name: "c", keep: ["!v*-rc*", "v*"] },
        { ...policy, name: "d", packageType: "npm", untagged: undefined, keepLatestUntagged: undefined },
        { ...policy, name: "e", deleteOlderThan: "1y 3m" },
      ]),
    );
    assert.match(message, /retentionPolicies\[0\]\.keepLatestUntagged: counts the untagged versions/);
    assert.match(message, /retentionPolicies\[1\]\.deleteTags\[0\]: "!pr-1" excludes/);
    assert.match(message, /retentionPolicies\[2\]\.keep\[0\]: "!v\*-rc\*" excludes/);
    assert.match(message, /retentionPolicies\[3\]\.deleteTags: applies to container and docker packages only/);
    assert.match(message, /retentionPolicies\[4\]\.deleteOlderThan: .*write "mo" or "months"/);
  });
});

describe("stack declarations: retention policies over package patterns", () => {
  const policy = { org: "acme", packageType: "container", keepLatest: 5 };

  it("reads a pattern packageName as a PackageRetentionPolicies entry, named from the pattern unless `name` is given", () => {
    const parsed = parseRetentionDeclarations([
      { ...policy, packageName: "dev-*" },
      { ...policy, packageName: ["svc-*", "!svc-legacy"], name: "services" },
      { ...policy, packageName: "api" },
    ]);
    assert.deepEqual(
      parsed.map((d) => [d.resourceName, isPatternDeclaration(d)]),
      [
        ["acme-container-dev", true],
        ["services", true],
        ["acme-container-api", false],
      ],
    );
    assert.deepEqual(parsed[1]!.args.packageName, ["svc-*", "!svc-legacy"]);
  });

  it("names a bad pattern by entry and index, with the other rules checked too", () => {
    const message = problemsOf(() =>
      parseRetentionDeclarations([
        { ...policy, packageName: ["!dev-*"] },
        { ...policy, packageName: "/(/" },
        { ...policy, packageName: "dev-*", keepLatest: -1 },
      ]),
    );
    assert.match(message, /retentionPolicies\[0\]\.packageName\[0\]: "!dev-\*" excludes/);
    assert.match(message, /retentionPolicies\[1\]\.packageName\[0\]: "\/\(\/" is not a valid regular expression/);
    assert.match(message, /retentionPolicies\[2\]\.keepLatest: /);
  });

  it("refuses a pattern RE2 cannot run (lookaround, backreferences), naming the entry, field and pattern", () => {
    const message = problemsOf(() =>
      parseRetentionDeclarations([
        { ...policy, packageName: "/^svc-(?!legacy)/" },
        { ...policy, packageName: "api", keep: ["v*", "/(v)\\1/"] },
      ]),
    );
    assert.match(
      message,
      /retentionPolicies\[0\]\.packageName\[0\]: "\/\^svc-\(\?!legacy\)\/" is not a valid regular expression: .*no lookahead or lookbehind/,
    );
    assert.match(message, /retentionPolicies\[1\]\.keep\[1\]: ".*" is not a valid regular expression: .*no backreferences/);
  });
});
