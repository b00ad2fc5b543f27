/**
 * Issue 23 at the policy: the compact form declares its untags on its PackagePlanWrites, a classic
 * token without write:packages or delete:packages is refused before any write, and the
 * per-version form declares them on a PackagePlanWrites of their own beside its children.
 */
import { strict as assert } from "node:assert";
import { PackageRetentionPolicy } from "pulumi-github-package-versions";
import { TokenPermissionError } from "pulumi-github-package-versions";
import { checkWritePermission, gitHubClient, type GitHubSettings, identifyToken } from "pulumi-github-package-versions/testing";
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

  it("untags are checked by checkWritePermission's rules: a classic token without delete:packages is refused, naming the scope and the fix, with no request of its own", async () => {
    const settings = settingsFor(READ_WRITE_TOKEN);
    const client = gitHubClient(settings);
    // The plan's listing through the same client: GitHub's answer carries the token's X-OAuth-Scopes.
    await client.request("GET /orgs/{org}/packages/{package_type}/{package_name}/versions", {
      org: "acme",
      package_type: "container",
      package_name: "tools",
      per_page: 100,
    });
    fx.emu.clearRequests();
    const error = await checkWritePermission(
      client,
      settings,
      coordinates,
      { deletions: 0, restores: 0, untags: 1 },
      "the retention plan's untags of 1 version(s) of container package tools of org acme",
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof TokenPermissionError, String(error));
    assert.equal(
      error.message,
      "Cannot make the retention plan's untags of 1 version(s) of container package tools of org acme: this token lacks delete:packages (it has read:packages and write:packages, as GitHub's X-OAuth-Scopes says): " +
        "add it at https://github.com/settings/tokens (edit the token and check delete:packages, or make one at https://github.com/settings/tokens/new?scopes=read:packages,write:packages,delete:packages). Nothing was changed.",
    );
    assert.deepEqual(
      fx.emu.requests(),
      [],
      "no request: the listing's X-OAuth-Scopes are reused (the former check sent GET …/versions?per_page=1)",
    );
    for (const token of TEST_TOKENS) assert.ok(!error.message.includes(token));
  });

  it("untags need write:packages too; every scope passes", async () => {
    const settings = settingsFor(ADMIN_TOKEN);
    assert.equal(
      await checkWritePermission(gitHubClient(settings), settings, coordinates, { deletions: 0, restores: 0, untags: 2 }),
      "scopes read:packages, write:packages and delete:packages present; the user's role in org acme not checked (no read:org)",
    );
    assert.deepEqual(
      fx.emu.requests().map((r) => `${r.method} ${r.path}`),
      ["GET /user"],
      "nothing listed through this client yet: the scopes come with GET /user, once per token and process",
    );
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
