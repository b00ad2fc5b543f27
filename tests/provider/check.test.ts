import { strict as assert } from "node:assert";
import type { PackageVersionInputs } from "pulumi-github-package-versions";
import { useProvider } from "../support/provider-fixture";

const valid = { org: "acme", packageType: "container", packageName: "api", versionId: 1001 };

/** Each set is wrong in one way; `property` is the field the failure must name. */
const MALFORMED: { name: string; inputs: Record<string, unknown>; property: string; reason: RegExp }[] = [
  {
    name: "no owner",
    inputs: { packageType: "npm", packageName: "widget", version: "1.0.0" },
    property: "org",
    reason: /exactly one of `org`/,
  },
  { name: "both owners", inputs: { ...valid, user: "octocat" }, property: "user", reason: /only one of `org` or `user`/ },
  { name: "empty org", inputs: { ...valid, org: "" }, property: "org", reason: /organization name/ },
  { name: "org with a space", inputs: { ...valid, org: "ac me" }, property: "org", reason: /organization name/ },
  { name: "org with a leading hyphen", inputs: { ...valid, org: "-acme" }, property: "org", reason: /single hyphens/ },
  { name: "org with a double hyphen", inputs: { ...valid, org: "ac--me" }, property: "org", reason: /single hyphens/ },
  { name: "org of 40 characters", inputs: { ...valid, org: "a".repeat(40) }, property: "org", reason: /1 to 39/ },
  {
    name: "user not a string",
    inputs: { packageType: "npm", packageName: "w", version: "1.0.0", user: 42 },
    property: "user",
    reason: /user name/,
  },
  {
    name: "missing packageType",
    inputs: { org: "acme", packageName: "api", versionId: 1 },
    property: "packageType",
    reason: /one of npm, maven, rubygems, docker, nuget, container/,
  },
  { name: "unknown packageType", inputs: { ...valid, packageType: "pypi" }, property: "packageType", reason: /got "pypi"/ },
  { name: "packageType in capitals", inputs: { ...valid, packageType: "Container" }, property: "packageType", reason: /one of/ },
  {
    name: "missing packageName",
    inputs: { org: "acme", packageType: "npm", version: "1.0.0" },
    property: "packageName",
    reason: /package name/,
  },
  { name: "packageName with a space", inputs: { ...valid, packageName: "my api" }, property: "packageName", reason: /package name/ },
  { name: "packageName with ..", inputs: { ...valid, packageName: "a/../b" }, property: "packageName", reason: /package name/ },
  { name: "packageName too long", inputs: { ...valid, packageName: "a".repeat(256) }, property: "packageName", reason: /255/ },
  { name: "container packageName in capitals", inputs: { ...valid, packageName: "Api" }, property: "packageName", reason: /lowercase/ },
  {
    name: "no version selector",
    inputs: { org: "acme", packageType: "npm", packageName: "widget" },
    property: "versionId",
    reason: /exactly one of `versionId`/,
  },
  { name: "two selectors", inputs: { ...valid, version: "sha256:bb22" }, property: "version", reason: /only one of/ },
  {
    name: "three selectors",
    inputs: { ...valid, version: "sha256:bb22", tag: "latest" },
    property: "version",
    reason: /`versionId` and `version` and `tag`/,
  },
  { name: "versionId as a string", inputs: { ...valid, versionId: "1001" }, property: "versionId", reason: /positive integer/ },
  { name: "versionId zero", inputs: { ...valid, versionId: 0 }, property: "versionId", reason: /positive integer/ },
  { name: "versionId negative", inputs: { ...valid, versionId: -5 }, property: "versionId", reason: /positive integer/ },
  { name: "versionId fractional", inputs: { ...valid, versionId: 1.5 }, property: "versionId", reason: /positive integer/ },
  {
    name: "empty version",
    inputs: { org: "acme", packageType: "npm", packageName: "widget", version: "" },
    property: "version",
    reason: /non-empty/,
  },
  {
    name: "npm version not semver",
    inputs: { org: "acme", packageType: "npm", packageName: "widget", version: "latest" },
    property: "version",
    reason: /semver/,
  },
  {
    name: "container version not a digest",
    inputs: { ...valid, versionId: undefined, version: "v1.2" },
    property: "version",
    reason: /sha256:/,
  },
  {
    name: "maven version with a space",
    inputs: { org: "acme", packageType: "maven", packageName: "com.acme.lib", version: "1.0 final" },
    property: "version",
    reason: /no spaces/,
  },
  {
    name: "tag on an npm package",
    inputs: { org: "acme", packageType: "npm", packageName: "widget", tag: "latest" },
    property: "tag",
    reason: /container and docker versions only/,
  },
  { name: "tag with a slash", inputs: { ...valid, versionId: undefined, tag: "feature/x" }, property: "tag", reason: /docker tag/ },
  {
    name: "tag with surrounding spaces",
    inputs: { ...valid, versionId: undefined, tag: " latest" },
    property: "tag",
    reason: /without surrounding spaces/,
  },
  { name: "unknown state", inputs: { ...valid, state: "absent" }, property: "state", reason: /"present".*"deleted"/ },
  {
    name: "unknown observedState",
    inputs: { ...valid, observedState: "gone" },
    property: "observedState",
    reason: /"present" or "deleted"/,
  },
  { name: "state in capitals", inputs: { ...valid, state: "Present" }, property: "state", reason: /got "Present"/ },
  { name: "baseUrl not a URL", inputs: { ...valid, baseUrl: "api.github.com" }, property: "baseUrl", reason: /http\(s\) URL/ },
  {
    name: "baseUrl with credentials",
    inputs: { ...valid, baseUrl: "https://me:pw@github.example.com/api/v3" },
    property: "baseUrl",
    reason: /without credentials/,
  },
  { name: "baseUrl not http", inputs: { ...valid, baseUrl: "ftp://github.example.com" }, property: "baseUrl", reason: /http\(s\)/ },
  { name: "a token as an input", inputs: { ...valid, token: "ghp_x" }, property: "token", reason: /never an input.*github:token/ },
  { name: "a misspelt property", inputs: { ...valid, packagename: "api" }, property: "packagename", reason: /unknown property/ },
  // JSON.parse (a stack configuration, a file) makes `__proto__` an own key, as Object.keys shows.
  {
    name: "a __proto__ key",
    inputs: { ...valid, ...JSON.parse('{"__proto__": {"state": "deleted"}}') },
    property: "__proto__",
    reason: /prototype key/,
  },
  { name: "a constructor key", inputs: { ...valid, constructor: "x" }, property: "constructor", reason: /prototype key/ },
  { name: "a prototype key", inputs: { ...valid, prototype: {} }, property: "prototype", reason: /prototype key/ },
];

describe("PackageVersion provider: check validates every input before any API call", () => {
  const fx = useProvider();

  it(`has at least 25 malformed argument sets (${MALFORMED.length})`, () => {
    assert.ok(MALFORMED.length >= 25);
  });

  for (const { name, inputs, property, reason } of MALFORMED) {
    it(`rejects ${name}, naming \`${property}\``, async () => {
      const news = Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== undefined)) as unknown as PackageVersionInputs;
      const result = await fx.provider.check({} as PackageVersionInputs, news);
      const failure = result.failures?.find((f) => f.property === property);
      assert.ok(failure, `expected a failure for ${property}, got ${JSON.stringify(result.failures)}`);
      assert.match(failure.reason, reason);
      assert.deepEqual(fx.emu.requests(), [], "check makes no request");
    });
  }

  it("accepts valid inputs and defaults state to present", async () => {
    const result = await fx.provider.check({} as PackageVersionInputs, {
      org: "acme",
      packageType: "npm",
      packageName: "widget",
      version: "1.4.2",
    });
    assert.deepEqual(result.failures, undefined);
    assert.equal(result.inputs?.state, "present");
    const byTag = await fx.provider.check({} as PackageVersionInputs, {
      user: "octocat",
      packageType: "docker",
      packageName: "team/app",
      tag: "v1.2.3",
      state: "deleted",
    });
    assert.deepEqual(byTag.failures, undefined);
    assert.equal(byTag.inputs?.state, "deleted");
  });

  it("cuts a huge input in its message to a prefix and its length", async () => {
    const huge = "x".repeat(10_000);
    for (const inputs of [
      { ...valid, packageName: huge },
      { org: "acme", packageType: "npm", packageName: "widget", version: huge },
      { ...valid, baseUrl: huge },
      { ...valid, org: huge },
    ]) {
      const result = await fx.provider.check({} as PackageVersionInputs, inputs as unknown as PackageVersionInputs);
      assert.ok((result.failures?.length ?? 0) > 0);
      for (const failure of result.failures ?? []) {
        assert.ok(failure.reason.length < 400, `a ${failure.reason.length}-character reason for ${failure.property}`);
      }
      const reasons = (result.failures ?? []).map((f) => f.reason).join("\n");
      assert.match(reasons, /got "x{80}"… \(10,0\d\d characters\)/);
    }
  });

  it("leaves values that are unknown during preview to be checked later", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const result = await fx.provider.check({} as PackageVersionInputs, {
      org: unknown,
      packageType: "npm",
      packageName: unknown,
      version: unknown,
    });
    assert.deepEqual(result.failures, undefined);
  });
});
