import assert from "node:assert/strict";
import { RetentionRuleError } from "pulumi-github-package-versions";
import { type GitHubPackageVersion, type ListState, PackageListing, type PackageVersionsApi } from "pulumi-github-package-versions/testing";
import { active, deleted, plan } from "../support/retention-fixtures";

function listed(id: number, times: { updated: string; deleted?: string }): GitHubPackageVersion {
  return {
    id,
    name: `1.0.${id}`,
    url: `https://api.github.com/orgs/acme/packages/npm/p/versions/${id}`,
    package_html_url: "https://github.com/orgs/acme/packages/npm/package/p",
    created_at: "2026-01-01T00:00:00Z",
    updated_at: times.updated,
    ...(times.deleted !== undefined ? { deleted_at: times.deleted } : {}),
    metadata: { package_type: "npm" },
  };
}

/** A versions API whose listings the test answers, when it wants. */
function fakeApi(): { api: PackageVersionsApi; answer(state: ListState, versions: GitHubPackageVersion[]): void } {
  const pending: Partial<Record<ListState, (versions: GitHubPackageVersion[]) => void>> = {};
  const api = {
    list: (state: ListState) => new Promise<GitHubPackageVersion[]>((resolve) => (pending[state] = resolve)),
  } as unknown as PackageVersionsApi;
  return {
    api,
    answer(state, versions) {
      const resolve = pending[state];
      assert.ok(resolve !== undefined, `the ${state} listing was not asked for`);
      resolve(versions);
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const ids = (versions: readonly GitHubPackageVersion[]) => versions.map((v) => v.id);

describe("PackageListing: listings that agree with themselves", () => {
  const UPDATED = "2026-11-01T00:00:00Z";

  it("a version in both listings is kept in the one asked for after the other was answered (deleted since)", async () => {
    const { api, answer } = fakeApi();
    const listing = new PackageListing(api);
    const joined = listing.joined();
    await tick();
    answer("active", [listed(2, { updated: UPDATED }), listed(1, { updated: UPDATED })]);
    await tick();
    answer("deleted", [listed(1, { updated: UPDATED, deleted: "2026-11-25T00:00:00Z" })]);
    const { active: activeOnes, deleted: deletedOnes } = await joined;
    assert.deepEqual(ids(activeOnes), [2]);
    assert.deepEqual(ids(deletedOnes), [1]);
    assert.deepEqual(ids((await listing.list("active")).all()), [2], "the active listing itself no longer shows it");
  });

  it("a version in both listings is kept active when the active listing was asked for after the deleted one was answered (restored since)", async () => {
    const { api, answer } = fakeApi();
    const listing = new PackageListing(api);
    const deletedFirst = listing.list("deleted");
    answer("deleted", [listed(1, { updated: UPDATED, deleted: "2026-11-25T00:00:00Z" })]);
    await deletedFirst;
    const joined = listing.joined();
    await tick();
    answer("active", [listed(2, { updated: UPDATED }), listed(1, { updated: UPDATED })]);
    const { active: activeOnes, deleted: deletedOnes } = await joined;
    assert.deepEqual(ids(activeOnes), [2, 1]);
    assert.deepEqual(ids(deletedOnes), []);
  });

  it("when the two requests overlapped, the version's times decide: deleted at or after its last update is deleted, updated after its deletion is active", async () => {
    const { api, answer } = fakeApi();
    const listing = new PackageListing(api);
    const both = Promise.all([listing.list("active"), listing.list("deleted")]);
    answer("deleted", [
      listed(1, { updated: UPDATED, deleted: "2026-11-25T00:00:00Z" }), // deleted after its last update
      listed(2, { updated: UPDATED, deleted: "2026-10-01T00:00:00Z" }), // updated (restored, republished) after its deletion
      listed(3, { updated: UPDATED, deleted: UPDATED }), // a tie: deleted
    ]);
    answer("active", [listed(3, { updated: UPDATED }), listed(2, { updated: UPDATED }), listed(1, { updated: UPDATED })]);
    const [activeOnes, deletedOnes] = await both;
    assert.deepEqual(ids(activeOnes.all()), [2]);
    assert.deepEqual(ids(deletedOnes.all()), [1, 3]);
  });
});

describe("planRetention: one decision per version", () => {
  it("refuses a version given twice (active and deleted), naming it", () => {
    assert.throws(
      () => plan([active(1, "1.0.0", 10), active(2, "1.1.0", 5), deleted(1, "1.0.0", 10, 1)], { packageType: "npm", keepLatest: 1 }),
      (error: unknown) => error instanceof RetentionRuleError && error.field === "versions[id 1]" && /given twice/.test(error.message),
    );
  });
});
