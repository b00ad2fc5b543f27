import { strict as assert } from "node:assert";
import { GitHubSettingsError, RetentionRuleError } from "pulumi-github-package-versions";
import {
  checkPoliciesArgs,
  checkPolicyArgs,
  readConfiguredSettings,
  redactedUrl,
  resolveBaseUrl,
  validatePackageVersionInputs,
} from "pulumi-github-package-versions/testing";
import { parseRetentionDeclarations } from "../../program/stack-declarations";

const SECRET = "ghp_SECRETinTHEurl";
const npm = { org: "acme", packageType: "npm", packageName: "widget", keepLatest: 3 } as const;

function thrown(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a refusal");
}

function withEnv<T>(values: Record<string, string | undefined>, body: () => T): T {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const set = (entries: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  set(values);
  try {
    return body();
  } finally {
    set(saved);
  }
}

describe("prototype keys in policy arguments", () => {
  for (const key of ["__proto__", "constructor", "prototype", "hasOwnProperty"]) {
    it(`refuses ${key} in PackageRetentionPolicy and PackageRetentionPolicies arguments, naming it`, () => {
      const args = { ...npm, ...JSON.parse(`{${JSON.stringify(key)}: {"keepLatest": 0}}`) };
      assert.deepEqual(Object.keys(args).includes(key), true, "an own key, as JSON.parse makes it");
      for (const check of [() => checkPolicyArgs(args), () => checkPoliciesArgs({ ...args, packageName: "dev-*" })]) {
        const error = thrown(check);
        assert.ok(error instanceof RetentionRuleError, String(error));
        assert.equal(error.field, key);
        assert.match(error.message, /a prototype key .* is never an argument; remove it/);
      }
    });
  }

  it("refuses them in PackageVersion inputs, naming the field, and still ignores the engine's own __provider", () => {
    const inputs = {
      org: "acme",
      packageType: "npm",
      packageName: "widget",
      version: "1.4.2",
      __provider: "serialized",
      ...JSON.parse('{"__proto__": {}}'),
    };
    assert.deepEqual(
      validatePackageVersionInputs(inputs).map((f) => f.property),
      ["__proto__"],
    );
  });
});

describe("credentials in URL settings are masked in every error", () => {
  const withCredentials = `http://someone:${SECRET}@github.example.com/api/v3`;

  it("redactedUrl masks user and password, query values, and credentials in text that is not a URL", () => {
    assert.equal(redactedUrl(withCredentials), "http://***@github.example.com/api/v3");
    assert.equal(redactedUrl(`someone:${SECRET}@github.example.com`), "***@github.example.com");
    assert.equal(
      redactedUrl(`https://github.example.com/api/v3?access_token=${SECRET}&x=1`),
      "https://github.example.com/api/v3?access_token=***&x=***",
    );
    assert.equal(redactedUrl("https://api.github.com"), "https://api.github.com");
    assert.equal(redactedUrl(42), 42);
  });

  it("refuses github:baseUrl with credentials, naming the setting, without the secret", () => {
    const error = thrown(() => readConfiguredSettings({ get: (key) => (key === "github:baseUrl" ? withCredentials : undefined) }));
    assert.ok(error instanceof GitHubSettingsError, String(error));
    assert.equal(error.setting, "github:baseUrl");
    assert.match(
      error.message,
      /^github:baseUrl must be the http\(s\) URL of a GitHub API without credentials .* got "http:\/\/\*\*\*@github\.example\.com\/api\/v3"/,
    );
    assert.ok(!error.message.includes(SECRET) && !error.message.includes("someone"), error.message);
  });

  it("refuses GITHUB_BASE_URL and GITHUB_API_URL with credentials when they are used, without the secret", () => {
    for (const name of ["GITHUB_BASE_URL", "GITHUB_API_URL"]) {
      withEnv({ GITHUB_BASE_URL: undefined, GITHUB_API_URL: undefined, [name]: withCredentials }, () => {
        const error = thrown(() => resolveBaseUrl({}));
        assert.ok(error instanceof GitHubSettingsError, String(error));
        assert.equal(error.setting, name);
        assert.ok(!error.message.includes(SECRET), error.message);
        assert.equal(
          resolveBaseUrl({ baseUrl: "https://github.example.com/api/v3/" }),
          "https://github.example.com/api/v3",
          "github:baseUrl comes first",
        );
      });
    }
  });

  it("masks a PackageVersion baseUrl with credentials in its check failure", () => {
    const [failure, ...others] = validatePackageVersionInputs({
      org: "acme",
      packageType: "npm",
      packageName: "widget",
      version: "1.4.2",
      baseUrl: withCredentials,
    });
    assert.deepEqual(others, []);
    assert.equal(failure?.property, "baseUrl");
    assert.match(failure!.reason, /without credentials/);
    assert.ok(!failure!.reason.includes(SECRET), failure!.reason);
  });

  it("masks a policy's baseUrl and registryUrl with credentials, in its arguments and in the stack configuration", () => {
    const container = { org: "acme", packageType: "container", packageName: "api", keepLatest: 3 } as const;
    for (const [args, field] of [
      [{ ...npm, baseUrl: withCredentials }, "baseUrl"],
      [{ ...container, registryUrl: `https://someone:${SECRET}@containers.github.example.com` }, "registryUrl"],
      [{ ...npm, baseUrl: `someone:${SECRET}@github.example.com` }, "baseUrl"],
    ] as const) {
      const error = thrown(() => checkPolicyArgs(args));
      assert.ok(error instanceof RetentionRuleError && error.field === field, String(error));
      assert.ok(!error.message.includes(SECRET), error.message);
      const listed = thrown(() => parseRetentionDeclarations([args]));
      assert.match(listed.message, new RegExp(`retentionPolicies\\[0\\]\\.${field}: `));
      assert.ok(!listed.message.includes(SECRET), listed.message);
    }
  });
});
