/**
 * Issue 23 at the policy: the compact form declares its untags on its PackagePlanWrites, a classic
 * token without write:packages or delete:packages is refused before any write, and the
 * per-version form declares them on a PackagePlanWrites of their own beside its children.
 */
import { strict as assert } from "node:assert";
import { PackageRetentionPolicy } from "pulumi-github-package-versions";
import {
  checkUntagPermissions,
  type GitHubSettings,
  identifyToken,
  missingUntagScopes,
  scopesOf,
  UntagPermissionError,
} from "pulumi-github-package-versions/testing";
import type { EmulatorSeed } from "../../emulator";
import { useEnvEmulator } from "../support/env-emulator";
import { promotedSeed, TOOLS, TOOLS_POLICY } from "../support/manifest-create-seed";
import { useMockedEngine, valueOf } from "../support/mocked-engine";
import { ADMIN_TOKEN, READ_WRITE_TOKEN, TEST_TOKENS } from "../support/provider-fixture";

const { name: _name, ...policyArgs } = TOOLS_POLICY;
void TOOLS;
const rules = { ...policyArgs, packageType: "container" as const, keepLatest: 10, deleteTags: ["pr-*"] };

/** The promoted layout, with a classic token that may read and push but not delete. */
function seed(): EmulatorSeed {
  const s = promotedSeed();
  s.tokens!.push({ token: READ_WRITE_TOKEN, login: "restorer", scopes: ["read:packages", "write:packages"], orgAdmin: ["acme"] });
  return s;
}

describe("container retention: untags declared on PackagePlanWrites, the token's scopes checked first", () => {
  const fx = useEnvEmulator(seed);
  const engine = useMockedEngine();

  // The compact form's policy reads its PackagePlanWrites' recorded state, which the mocked engine
  // cannot serve: that form's declaration and refusal are checked with the real CLI
  // (tests/e2e/untag.test.ts). The check itself, against the emulator:
  const settingsFor = (token: string): GitHubSettings => ({
    token,
    tokenIdentity: identifyToken(token),
    baseUrl: fx.emu.url,
    registryUrl: fx.emu.url,
    maxRateLimitWaitSeconds: 60,
    writesPerMinute: 60,
  });
  const coordinates = { org: "acme", packageType: "container", packageName: "tools" } as const;

  it("checkUntagPermissions: a classic token without delete:packages is refused, naming the scope and the fix, with one request", async () => {
    fx.emu.clearRequests();
    const error = await checkUntagPermissions(settingsFor(READ_WRITE_TOKEN), coordinates, 1).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof UntagPermissionError, String(error));
    assert.equal(
      error.message,
      "Cannot untag 1 version(s) of container package tools of org acme: the token lacks delete:packages (untagging pushes a placeholder to the registry and deletes its version through the API). " +
        "Use a classic token with write:packages, read:packages and delete:packages, or remove the tags from deleteTags.",
    );
    assert.deepEqual(
      fx.emu.requests().map((r) => `${r.method} ${r.path} ${r.query["per_page"]} ${r.status}`),
      ["GET /orgs/acme/packages/container/tools/versions 1 200"],
    );
    for (const token of TEST_TOKENS) assert.ok(!error.message.includes(token));
  });

  it("checkUntagPermissions: every scope passes; write:packages missing is named too", async () => {
    await checkUntagPermissions(settingsFor(ADMIN_TOKEN), coordinates, 2);
    assert.deepEqual(missingUntagScopes(["read:packages", "delete:packages"]), ["write:packages"]);
    assert.deepEqual(missingUntagScopes(["read:packages"]), ["write:packages", "delete:packages"]);
    assert.equal(scopesOf(undefined), undefined, "no header (GITHUB_TOKEN, fine-grained): nothing to check here");
  });

  it("the per-version form declares its untags on one PackagePlanWrites beside the children, <policy>-untags, with no deletion or restore", async () => {
    const policy = new PackageRetentionPolicy("tools-c", { ...rules });
    const kept = await valueOf(policy.keptIds);
    assert.ok(kept.includes(TOOLS.v2.index));
    // Registrations reach the mocked engine once their inputs are resolved: wait for them.
    for (let i = 0; i < 100 && !engine.registered.some((r) => r.type.endsWith(":PackagePlanWrites")); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const untags = engine.registered.filter((r) => r.type.endsWith(":PackagePlanWrites"));
    assert.deepEqual(
      untags.map((r) => r.name),
      ["tools-c-untags"],
    );
    const inputs = untags[0]!.inputs;
    assert.deepEqual([inputs["deletions"], inputs["restores"]], ["[]", "[]"]);
    assert.deepEqual(
      (JSON.parse(inputs["untags"] as string) as [number, string, string[]][]).map(([id, , tags]) => [id, tags]),
      [[TOOLS.v2.index, ["pr-9"]]],
    );
    assert.ok(
      engine.registered.some((r) => r.name === `tools-c-${TOOLS.v2.index}` && r.type.endsWith(":PackageVersion")),
      "the version itself stays a child PackageVersion",
    );
  });
});
