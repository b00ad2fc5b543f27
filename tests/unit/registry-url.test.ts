import { strict as assert } from "node:assert";
import { GitHubSettingsError, RetentionRuleError } from "pulumi-github-package-versions";
import {
  checkPoliciesArgs,
  checkPolicyArgs,
  DEFAULT_GITHUB_REGISTRY_URL,
  programSettings,
  readConfiguredSettings,
  resolveRegistryUrl,
  resolveSettings,
} from "pulumi-github-package-versions/testing";
import { parseRetentionDeclarations } from "../../program/stack-declarations";

const api = { org: "acme", packageType: "container", packageName: "api" } as const;

function withEnv<T>(name: string, value: string | undefined, body: () => T): T {
  const saved = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  try {
    return body();
  } finally {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  }
}

function settingsError(call: () => unknown): GitHubSettingsError {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof GitHubSettingsError, `expected a GitHubSettingsError, got ${String(error)}`);
    return error;
  }
  throw new Error("expected the setting to be refused");
}

const BAD_URLS = [
  "ghcr.io",
  "ftp://ghcr.io",
  "https://user:secret@ghcr.io",
  "https://ghcr.io/?x=1",
  "https://ghcr.io/#top",
  "",
  "not a url",
];

describe("github:registryUrl", () => {
  it("defaults to https://ghcr.io", () => {
    withEnv("GITHUB_REGISTRY_URL", undefined, () => {
      assert.equal(DEFAULT_GITHUB_REGISTRY_URL, "https://ghcr.io");
      assert.equal(resolveRegistryUrl(readConfiguredSettings({ get: () => undefined })), "https://ghcr.io");
    });
  });

  it("has no default for another GitHub (Enterprise Server, the emulator): its token is never sent to ghcr.io unasked", () => {
    withEnv("GITHUB_REGISTRY_URL", undefined, () => {
      assert.equal(resolveRegistryUrl({}, undefined, "https://github.example.com/api/v3"), undefined);
      assert.equal(
        resolveSettings({ token: "t", baseUrl: "https://github.example.com/api/v3" }, { coordinates: api, selector: {} }).registryUrl,
        undefined,
      );
      assert.equal(
        resolveRegistryUrl({ registryUrl: "https://ghcr.io" }, undefined, "https://github.example.com/api/v3"),
        "https://ghcr.io",
        "unless asked",
      );
    });
  });

  it("is read from the stack configuration, without trailing slashes, and wins over GITHUB_REGISTRY_URL", () => {
    withEnv("GITHUB_REGISTRY_URL", "https://env.example.com", () => {
      const configured = readConfiguredSettings({
        get: (key) => (key === "github:registryUrl" ? " https://containers.github.example.com/ " : undefined),
      });
      assert.equal(configured.registryUrl, "https://containers.github.example.com");
      assert.equal(resolveRegistryUrl(configured), "https://containers.github.example.com");
    });
  });

  it("falls back to GITHUB_REGISTRY_URL; a policy's registryUrl wins over both", () => {
    withEnv("GITHUB_REGISTRY_URL", "http://127.0.0.1:4010/", () => {
      assert.equal(resolveRegistryUrl({}), "http://127.0.0.1:4010");
      assert.equal(
        resolveRegistryUrl({ registryUrl: "https://config.example.com" }, "https://policy.example.com/"),
        "https://policy.example.com",
      );
    });
  });

  it("is part of the settings a call resolves, the policy's override first", () => {
    withEnv("GITHUB_REGISTRY_URL", undefined, () => {
      const target = { coordinates: api, selector: {} };
      assert.equal(resolveSettings({ token: "t" }, target).registryUrl, "https://ghcr.io");
      assert.equal(resolveSettings({ token: "t", registryUrl: "https://c.example.com" }, target).registryUrl, "https://c.example.com");
      assert.equal(
        resolveSettings({ token: "t", registryUrl: "https://c.example.com" }, { ...target, registryUrl: "http://127.0.0.1:9" }).registryUrl,
        "http://127.0.0.1:9",
      );
    });
  });

  it("reaches program-side code (look-ups, retention policies) through programSettings", () => {
    withEnv("GITHUB_TOKEN", "ghp_programSIDEtoken", () =>
      withEnv("GITHUB_REGISTRY_URL", "http://127.0.0.1:4010", () => {
        assert.equal(programSettings({ coordinates: api, selector: {} }).registryUrl, "http://127.0.0.1:4010");
        assert.equal(
          programSettings({ coordinates: api, selector: {}, registryUrl: "https://policy.example.com" }).registryUrl,
          "https://policy.example.com",
        );
      }),
    );
  });

  for (const value of BAD_URLS.filter((v) => v !== "")) {
    it(`refuses github:registryUrl ${JSON.stringify(value)}, naming the setting and the fix`, () => {
      const error = settingsError(() => readConfiguredSettings({ get: (key) => (key === "github:registryUrl" ? value : undefined) }));
      assert.equal(error.setting, "github:registryUrl");
      assert.match(
        error.message,
        /^github:registryUrl must be the http\(s\) URL of a container registry without credentials, query or fragment \(default https:\/\/ghcr\.io; /,
      );
      assert.match(
        error.message,
        /For GitHub Enterprise Server: `pulumi config set github:registryUrl https:\/\/containers\.github\.example\.com`\.$/,
      );
      assert.doesNotMatch(error.message, /secret/, "credentials are never echoed");
    });
  }

  it("refuses a bad GITHUB_REGISTRY_URL when it is used, naming the variable", () => {
    withEnv("GITHUB_REGISTRY_URL", "ghcr.io", () => {
      const error = settingsError(() => resolveRegistryUrl({}));
      assert.equal(error.setting, "GITHUB_REGISTRY_URL");
      assert.match(
        error.message,
        /^GITHUB_REGISTRY_URL must be .* got "ghcr\.io"\. For GitHub Enterprise Server: `export GITHUB_REGISTRY_URL=https:\/\/containers\.github\.example\.com`\.$/,
      );
    });
  });
});

describe("a retention policy's registryUrl", () => {
  const rules = { keepLatest: 3 };

  it("is optional, and kept without trailing slashes", () => {
    assert.equal(checkPolicyArgs({ ...api, ...rules }).registryUrl, undefined);
    assert.equal(checkPolicyArgs({ ...api, ...rules, registryUrl: "http://127.0.0.1:4010/" }).registryUrl, "http://127.0.0.1:4010");
    assert.equal(
      checkPolicyArgs({ ...api, packageType: "docker", ...rules, registryUrl: "https://ghcr.io" }).registryUrl,
      "https://ghcr.io",
    );
  });

  for (const value of [...BAD_URLS, 42]) {
    it(`refuses ${JSON.stringify(value)}, naming registryUrl`, () => {
      const error = assert.throws(
        () => checkPolicyArgs({ ...api, ...rules, registryUrl: value as string }),
        (e: unknown) => {
          assert.ok(e instanceof RetentionRuleError);
          assert.equal(e.field, "registryUrl");
          assert.match(
            e.message,
            /^Invalid retention policy argument `registryUrl`: must be the http\(s\) URL of a container registry without credentials, query or fragment, such as https:\/\/containers\.github\.example\.com/,
          );
          assert.doesNotMatch(e.message, /secret/);
          return true;
        },
      );
      void error;
    });
  }

  it("is refused for packages that are not read from a container registry", () => {
    assert.throws(
      () => checkPolicyArgs({ org: "acme", packageType: "npm", packageName: "widget", ...rules, registryUrl: "https://ghcr.io" }),
      (e: unknown) =>
        e instanceof RetentionRuleError && e.field === "registryUrl" && /applies to container and docker packages only/.test(e.message),
    );
  });

  it("is passed on to each policy of a PackageRetentionPolicies", () => {
    const checked = checkPoliciesArgs({ ...api, packageName: "dev-*", ...rules, registryUrl: "https://c.example.com" });
    assert.equal(checked.policyArgs("dev-a").registryUrl, "https://c.example.com");
    assert.throws(() => checkPoliciesArgs({ ...api, packageName: "dev-*", ...rules, registryUrl: "c.example.com" }), /registryUrl/);
  });

  it("is accepted in the root project's stack configuration, and a bad one is listed by entry and field", () => {
    const [declaration] = parseRetentionDeclarations([{ ...api, ...rules, registryUrl: "https://containers.github.example.com" }]);
    assert.equal((declaration?.args as { registryUrl?: string }).registryUrl, "https://containers.github.example.com");
    assert.throws(
      () =>
        parseRetentionDeclarations([
          { ...api, ...rules },
          { ...api, packageName: "other", ...rules, registryUrl: "ghcr.io" },
        ]),
      /retentionPolicies\[1\]\.registryUrl: must be the http\(s\) URL of a container registry/,
    );
  });
});
