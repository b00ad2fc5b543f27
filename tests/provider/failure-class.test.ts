import { strict as assert } from "node:assert";
import type { EmulatorSeed, PackageType, SeedVersion } from "../../emulator";
import { classifyGitHubFailure, isPackageNotFound, neededScopesOf, type GitHubFailureClass } from "pulumi-github-package-versions/testing";
import { ADMIN_TOKEN, ALL_SCOPES, MEMBER_TOKEN, NOW, READ_ONLY_TOKEN, octokit, useEmulator } from "../support/emulator-fixture";

function pkg(packageType: PackageType, name: string, versions: SeedVersion[]): NonNullable<EmulatorSeed["packages"]>[number] {
  return { owner: "acme", ownerType: "org", packageType, name, visibility: "public", versions };
}

const seed = (): EmulatorSeed => ({
  now: NOW,
  tokens: [
    { token: ADMIN_TOKEN, login: "octocat", scopes: ALL_SCOPES, orgAdmin: ["acme"] },
    { token: READ_ONLY_TOKEN, login: "reader", scopes: ["read:packages"], orgAdmin: ["acme"] },
    { token: MEMBER_TOKEN, login: "monalisa", scopes: ALL_SCOPES, orgMember: ["acme"] },
  ],
  packages: [
    pkg("container", "api", [
      { id: 1002, name: "sha256:aa11", tags: ["latest"], createdAt: "2026-11-20T00:00:00Z" },
      { id: 1001, name: "sha256:bb22", tags: [], createdAt: "2026-11-01T00:00:00Z" },
    ]),
    pkg("npm", "popular", [
      { id: 1, name: "1.0.0", downloads: 5001 },
      { id: 2, name: "1.0.1" },
    ]),
    pkg("maven", "jar", [{ id: 5, name: "1.0" }]),
    pkg("npm", "reuse", [
      { id: 11, name: "2.0.0", deletedAt: "2026-11-20T00:00:00Z" },
      { id: 12, name: "2.0.0", createdAt: "2026-11-21T00:00:00Z" },
    ]),
  ],
});

const at = (package_type: PackageType, package_name: string, package_version_id: number) => ({
  org: "acme",
  package_type,
  package_name,
  package_version_id,
});

/** The error a real Octokit call against the emulator throws (an Octokit RequestError). */
async function failureOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  assert.fail("the call succeeded");
}

describe("classifyGitHubFailure: one classifier of GitHub's answers, from real Octokit RequestErrors of the emulator", () => {
  const fx = useEmulator(seed);
  const remove = (token: string, type: PackageType, name: string, id: number) =>
    fx.client(token).rest.packages.deletePackageVersionForOrg(at(type, name, id));
  const classOf = async (call: Promise<unknown>): Promise<GitHubFailureClass | undefined> => classifyGitHubFailure(await failureOf(call));

  it("401: authentication, for a missing and for an unknown token", async () => {
    assert.equal(
      await classOf(octokit(fx.emu.url).rest.packages.getPackageVersionForOrganization(at("npm", "popular", 1))),
      "authentication",
    );
    assert.equal(await classOf(remove("ghp_UNKNOWNtestSECRET0123456789abcdefXYZ", "npm", "popular", 2)), "authentication");
  });

  it("403 with scopes lacking (x-oauth-scopes against x-accepted-oauth-scopes): missing-scopes, naming every scope the call needs", async () => {
    const error = await failureOf(remove(READ_ONLY_TOKEN, "npm", "popular", 2));
    assert.equal(classifyGitHubFailure(error), "missing-scopes");
    assert.deepEqual(neededScopesOf(error), ["delete:packages", "read:packages"]);
    // The headers alone decide: with GitHub's message gone, the class and the needed scopes stay.
    const headersOnly = { ...(error as object), response: { ...(error as { response: object }).response, data: {} } };
    assert.equal(classifyGitHubFailure(headersOnly), "missing-scopes");
    assert.deepEqual(neededScopesOf(headersOnly), ["delete:packages", "read:packages"]);
  });

  it("403 for a token with every scope but no admin role: forbidden", async () => {
    assert.equal(await classOf(remove(MEMBER_TOKEN, "npm", "popular", 2)), "forbidden");
  });

  it("404: package-not-found for the package, version-not-found for the version (GitHub tells them apart by its message only)", async () => {
    const noPackage = await failureOf(remove(ADMIN_TOKEN, "npm", "nope", 2));
    assert.equal(classifyGitHubFailure(noPackage), "package-not-found");
    assert.equal(isPackageNotFound(noPackage), true);
    const noVersion = await failureOf(remove(ADMIN_TOKEN, "npm", "popular", 99));
    assert.equal(classifyGitHubFailure(noVersion), "version-not-found");
    assert.equal(isPackageNotFound(noVersion), false);
  });

  it("400: each of GitHub's four refusals of a write by its own class", async () => {
    assert.equal(await classOf(remove(ADMIN_TOKEN, "npm", "popular", 1)), "download-limit");
    assert.equal(await classOf(remove(ADMIN_TOKEN, "container", "api", 1002)), "last-tagged-version");
    assert.equal(await classOf(remove(ADMIN_TOKEN, "maven", "jar", 5)), "last-version");
    const restore = fx.client().rest.packages.restorePackageVersionForOrg(at("npm", "reuse", 11));
    assert.equal(await classOf(restore), "name-reused");
  });

  it("422 for a parameter GitHub does not take: invalid-request", async () => {
    assert.equal(await classOf(remove(ADMIN_TOKEN, "bogus" as PackageType, "popular", 2)), "invalid-request");
  });

  it("5xx: github-unavailable", async () => {
    fx.emu.setFaults([{ method: "DELETE", status: 503 }]);
    assert.equal(await classOf(remove(ADMIN_TOKEN, "npm", "popular", 2)), "github-unavailable");
  });

  it("a secondary limit (403 with retry-after and the rate-limit documentation_url): rate-limited, by either field alone", async () => {
    fx.emu.setFaults([{ method: "DELETE", secondaryRateLimit: true, retryAfterSeconds: 7 }]);
    const error = (await failureOf(remove(ADMIN_TOKEN, "npm", "popular", 2))) as {
      status: number;
      response: { headers: Record<string, unknown>; data: Record<string, unknown> };
    };
    assert.equal(error.status, 403);
    assert.equal(classifyGitHubFailure(error), "rate-limited");
    const { "retry-after": _retryAfter, ...withoutRetryAfter } = error.response.headers;
    const docsOnly = { status: 403, response: { headers: withoutRetryAfter, data: { ...error.response.data, message: "" } } };
    assert.equal(classifyGitHubFailure(docsOnly), "rate-limited", "the documentation_url alone");
    const retryAfterOnly = { status: 403, response: { headers: error.response.headers, data: { message: "" } } };
    assert.equal(classifyGitHubFailure(retryAfterOnly), "rate-limited", "retry-after alone");
  });

  it("anything that is no HTTP answer: no class", () => {
    assert.equal(classifyGitHubFailure(new TypeError("x is undefined")), undefined);
    assert.equal(classifyGitHubFailure(undefined), undefined);
  });
});

describe("classifyGitHubFailure: a primary rate limit spent", () => {
  const fx = useEmulator(seed, { primaryLimit: 3 });

  it("a primary limit spent (403, x-ratelimit-remaining: 0): rate-limited, not forbidden", async () => {
    const get = () => fx.client().rest.packages.getPackageVersionForOrganization(at("npm", "popular", 2));
    for (let i = 0; i < 3; i++) await get();
    const error = await failureOf(get());
    assert.equal((error as { status: number }).status, 403);
    assert.equal(classifyGitHubFailure(error), "rate-limited");
  });
});
