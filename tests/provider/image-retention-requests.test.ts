/** A container policy's plan reads the registry once per manifest, with one token exchange; without a registry for another GitHub it reads nothing. */
import { strict as assert } from "node:assert";
import { GitHubSettingsError, planPackageRetention } from "pulumi-github-package-versions";
import { useEnvEmulator } from "../support/env-emulator";
import { APP, APP_POLICY, multiarchSeed } from "../support/multiarch-seed";
import { ADMIN_TOKEN } from "../support/provider-fixture";

const { name: _policyName, ...policyArgs } = APP_POLICY;
const args = { ...policyArgs, packageType: "container" as const, untagged: "delete" as const };

describe("container retention: what a plan reads from the registry", () => {
  const fx = useEnvEmulator(multiarchSeed);

  it("lists each state once, exchanges the token once and GETs each active version's manifest once", async () => {
    const plan = await planPackageRetention(args);
    const log = fx.emu.requests().map((r) => `${r.method} ${r.path.startsWith("/v2/") ? r.path.replace(/sha256:[0-9a-f]{64}$/, "<digest>") : r.path} ${r.status}`);
    const active = plan.versions.filter((v) => v.state === "present").length;
    assert.equal(active, 17, "every version of the seed is active");
    const count = (line: string) => log.filter((l) => l === line).length;
    assert.equal(count("GET /orgs/acme/packages/container/app/versions 200"), 2, "one listing page per state");
    assert.equal(count("GET /token 200"), 1, "one token exchange for the package");
    assert.equal(count("GET /v2/acme/app/manifests/<digest> 401"), 1, "one challenge");
    assert.equal(count("GET /v2/acme/app/manifests/<digest> 200"), active, "each active manifest once");
    assert.equal(log.length, 2 + 1 + 1 + active, log.join("\n"));
    assert.ok(plan.deletedIds.includes(APP.v1.arm64) && plan.keptIds.includes(APP.v3.shared));
    assert.deepEqual(fx.emu.requests().filter((r) => r.method !== "GET"), [], "planning writes nothing");
  });

  it("another GitHub without github:registryUrl: the plan fails naming the setting, and nothing is sent to any registry", async () => {
    delete process.env["GITHUB_REGISTRY_URL"];
    const failure = await planPackageRetention(args).then(
      () => assert.fail("expected the plan to fail"),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof GitHubSettingsError, String(failure));
    assert.equal(failure.setting, "github:registryUrl");
    assert.match(failure.message, new RegExp(`github:baseUrl is ${fx.emu.url}, not GitHub\\.com, and no container registry is set`));
    assert.match(failure.message, /No container version is deleted until it is set\.$/);
    assert.ok(!failure.message.includes(ADMIN_TOKEN));
    assert.deepEqual(fx.emu.requests().filter((r) => r.path.startsWith("/v2/") || r.path === "/token"), []);
  });
});
