import { strict as assert } from "node:assert";
import type { EmulatorSeed } from "../../emulator";
import {
  getPackageVersion,
  getPackageVersions,
  type PackageVersionInputs,
  type PackageVersionOutputs,
} from "pulumi-github-package-versions";
import { planPackageRetention } from "pulumi-github-package-versions/testing";
import { ADMIN_TOKEN, NOW, baseSeed, seedWithNpmPackage, useProvider } from "../support/provider-fixture";
import { pagesInOrder } from "../support/listing-log";

const many = { org: "acme", packageType: "npm", packageName: "many" } as const;
const widget = { org: "acme", packageType: "npm", packageName: "widget" } as const;
const MANY = "/orgs/acme/packages/npm/many/versions";
const WIDGET = "/orgs/acme/packages/npm/widget/versions";
const ACTIVE_COUNT = 250;
const DELETED_COUNT = 30;

const manySeed = (): EmulatorSeed =>
  seedWithNpmPackage("many", { active: ACTIVE_COUNT, deleted: DELETED_COUNT, firstId: 7000, createdFrom: "2026-01-01T00:00:00Z" });

const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe("PackageVersion provider: one listing per package per deployment", function () {
  this.timeout(60_000);
  const fx = useProvider(manySeed);
  const listings = (state: "active" | "deleted") => fx.emu.requests().filter((r) => r.path === MANY && r.query["state"] === state);

  async function adoptAll(): Promise<{ id: string; outs: PackageVersionOutputs }[]> {
    const declared: PackageVersionInputs[] = [
      ...ids(7000, ACTIVE_COUNT).map((versionId) => ({ ...many, versionId })),
      ...ids(7250, DELETED_COUNT).map((versionId) => ({ ...many, versionId, state: "deleted" as const })),
    ];
    const created = await Promise.all(declared.map((inputs) => fx.provider.create(inputs)));
    return created.map((c) => ({ id: c.id, outs: c.outs! }));
  }

  it("a refresh of 280 resources lists once: three pages of active versions, one of deleted, no GET per resource", async () => {
    const resources = await adoptAll();
    await fx.configure(); // the refresh is the next deployment
    fx.emu.clearRequests();
    const refreshed = await Promise.all(resources.map((r) => fx.provider.read(r.id, r.outs)));
    assert.equal(refreshed.filter((r) => r.props?.state === "present").length, ACTIVE_COUNT);
    assert.equal(refreshed.filter((r) => r.props?.state === "deleted").length, DELETED_COUNT);
    assert.deepEqual(pagesInOrder(fx.log()), [
      `GET ${MANY}?state=active&per_page=100 200`,
      `GET ${MANY}?state=active&per_page=100&page=2 200`,
      `GET ${MANY}?state=active&per_page=100&page=3 200`,
      `GET ${MANY}?state=deleted&per_page=100 200`,
    ]);
  });

  it("concurrent calls wait for the same listing: 250 adoptions by version name started at once list once", async () => {
    const created = await Promise.all(ids(0, ACTIVE_COUNT).map((i) => fx.provider.create({ ...many, version: `1.0.${i}` })));
    assert.deepEqual(
      created.map((c) => c.outs?.versionId),
      ids(7000, ACTIVE_COUNT),
    );
    assert.equal(listings("active").length, 3);
    assert.equal(fx.emu.requests().length, 3, "no other request");
  });

  it("a write updates the listing: deletions are read back as deleted at GitHub's answer time, without listing again", async () => {
    const deletions = await Promise.all(ids(0, 10).map((i) => fx.provider.create({ ...many, version: `1.0.${i}`, state: "deleted" })));
    for (const { outs } of deletions) {
      assert.equal(outs?.state, "deleted");
      assert.equal(outs?.deletedAt, NOW, "the DELETE's answer time, on the emulator's clock");
      assert.equal(outs?.restorableUntil, "2026-12-26T00:00:00Z", "restorable for 30 days from the answer time");
    }
    const reads = await Promise.all(deletions.map((d) => fx.provider.read(d.id, d.outs)));
    assert.deepEqual(
      reads.map((r) => r.props?.state),
      deletions.map(() => "deleted"),
    );
    assert.deepEqual(
      reads.map((r) => r.props?.deletedAt),
      deletions.map(() => NOW),
    );
    // Deleting them again (destroy) is a no-op: the listing knows they are deleted.
    await Promise.all(deletions.map((d) => fx.provider.delete(d.id, d.outs!)));
    assert.equal(listings("active").length, 3);
    assert.equal(listings("deleted").length, 1, "listed once, for the reads of deleted versions");
    assert.equal(fx.emu.requests().filter((r) => r.method === "DELETE").length, 10);
    assert.equal(fx.emu.requests().length, 3 + 1 + 10, "listings and the writes, nothing else");
    for (const id of ids(7000, 10))
      assert.ok(
        fx.emu
          .state()
          .packages.find((p) => p.name === "many")
          ?.versions.find((v) => v.id === id)?.deletedAt,
      );
  });

  it("a version not in the listing is re-checked with one GET before it is called gone", async () => {
    await fx.provider.create({ ...widget, version: "1.4.2" }); // the deployment lists widget
    // Published after the listing: the seed replaces the package with one more version.
    const seed = baseSeed();
    const widgetSeed = seed.packages!.find((p) => p.name === "widget")!;
    widgetSeed.versions = [{ id: 2010, name: "1.5.0", createdAt: NOW }, ...(widgetSeed.versions ?? [])];
    fx.emu.seed({ tokens: [], packages: [widgetSeed] });
    fx.emu.clearRequests();
    const adopted = await fx.provider.create({ ...widget, versionId: 2010 });
    assert.equal(adopted.outs?.state, "present");
    assert.deepEqual(fx.log(), [`GET ${WIDGET}/2010 200`]);
    // A version in neither listing that GitHub no longer has: one GET, then it is gone.
    fx.emu.clearRequests();
    const gone = await fx.provider.read("org/acme/npm/widget/2999", {
      ...widget,
      versionId: 2999,
      state: "present",
    } as PackageVersionOutputs);
    assert.equal(gone.id, undefined);
    assert.deepEqual(fx.log(), [`GET ${WIDGET}?state=deleted&per_page=100 200`, `GET ${WIDGET}/2999 404`]);
    // Found by that GET, the new version is in the listing now: no second GET.
    fx.emu.clearRequests();
    const read = await fx.provider.read(adopted.id, adopted.outs);
    assert.equal(read.props?.state, "present");
    assert.deepEqual(fx.log(), []);
  });

  it("a new deployment (configure) lists again", async () => {
    await fx.provider.create({ ...widget, version: "1.4.2" });
    await fx.configure();
    await fx.provider.create({ ...widget, version: "1.4.2" });
    assert.equal(fx.emu.requests().filter((r) => r.path === WIDGET).length, 2);
  });
});

describe("look-ups and retention policies: one listing per package per program run", () => {
  const fx = useProvider(manySeed);
  let savedToken: string | undefined;
  beforeEach(() => {
    savedToken = process.env["GITHUB_TOKEN"];
    process.env["GITHUB_TOKEN"] = ADMIN_TOKEN;
  });
  afterEach(() => {
    if (savedToken === undefined) delete process.env["GITHUB_TOKEN"];
    else process.env["GITHUB_TOKEN"] = savedToken;
  });

  it("a policy's plan and look-ups over the same package list its active and deleted versions once", async () => {
    const baseUrl = fx.emu.url;
    const [plan, all, byName, byId] = await Promise.all([
      planPackageRetention({ ...many, perVersionChildren: true, keepLatest: 10, now: NOW, baseUrl }),
      getPackageVersions({ ...many, state: "all", baseUrl }),
      getPackageVersion({ ...many, version: "1.0.3", baseUrl }),
      getPackageVersion({ ...many, versionId: 7260, baseUrl }),
    ]);
    assert.equal(plan.deletedIds.length, ACTIVE_COUNT - 10);
    assert.equal(all.versions.length, ACTIVE_COUNT + DELETED_COUNT);
    assert.equal(byName.versionId, 7003);
    assert.equal(byId.state, "deleted");
    assert.deepEqual(pagesInOrder(fx.log()), [
      `GET ${MANY}?state=active&per_page=100 200`,
      `GET ${MANY}?state=active&per_page=100&page=2 200`,
      `GET ${MANY}?state=active&per_page=100&page=3 200`,
      `GET ${MANY}?state=deleted&per_page=100 200`,
    ]);
  });
});
