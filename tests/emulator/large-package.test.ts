import { strict as assert } from "node:assert";
import { type Emulator, type EmulatorSeed, startEmulator } from "../../emulator";
import { largeContainerVersions, largeNpmVersions, largePackageDigest } from "../../emulator/large-package-seed";
import { ADMIN_TOKEN, ALL_SCOPES, NOW } from "../support/emulator-fixture";

/** Packages of 100,000 versions: seeded through the real seed paths, listed completely, deleted from, restored. Counts, order and ids; no timing. */

const N = 100_000;
const BASE_ID = 3_000_000;
const START = Date.parse("2025-01-01T00:00:00Z");
const RAISED = {
  primaryLimit: 1e9,
  pointsPerEndpoint: 1e9,
  maxConcurrent: 1e6,
  contentChangingPerMinute: 1e9,
  contentChangingPerHour: 1e9,
};
const auth = { authorization: `token ${ADMIN_TOKEN}` };

function seed(packageType: "container" | "npm"): EmulatorSeed {
  const shape = { count: N, baseId: BASE_ID, start: START };
  const versions = packageType === "container" ? largeContainerVersions(shape) : largeNpmVersions(shape);
  return {
    now: NOW,
    tokens: [{ token: ADMIN_TOKEN, login: "octocat", scopes: ALL_SCOPES, orgAdmin: ["acme"] }],
    packages: [{ owner: "acme", ownerType: "org", packageType, name: "big", visibility: "private", versions }],
  };
}

/** Ids from `from` down to `to`, inclusive, skipping those in `skip`. */
function idsDown(from: number, to: number, skip: ReadonlySet<number> = new Set()): number[] {
  const ids: number[] = [];
  for (let id = from; id >= to; id--) if (!skip.has(id)) ids.push(id);
  return ids;
}

interface Listing {
  ids: number[];
  requests: number;
  deletedAt: Set<string | undefined>;
}

/** Every page (per_page=100), following the Link header's rel="next" as a client does. */
async function listAll(emu: Emulator, packageType: string, state: "active" | "deleted"): Promise<Listing> {
  const listing: Listing = { ids: [], requests: 0, deletedAt: new Set() };
  let next: string | undefined = `${emu.url}/orgs/acme/packages/${packageType}/big/versions?per_page=100&state=${state}`;
  while (next !== undefined) {
    listing.requests++;
    const res: Response = await fetch(next, { headers: auth });
    assert.equal(res.status, 200, next);
    const page = (await res.json()) as { id: number; deleted_at?: string }[];
    assert.ok(page.length <= 100);
    for (const v of page) {
      listing.ids.push(v.id);
      listing.deletedAt.add(v.deleted_at);
    }
    next = /<([^>]+)>; rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
  }
  return listing;
}

async function send(emu: Emulator, method: string, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const res = await fetch(`${emu.url}${path}`, { method, headers: auth });
    assert.equal(res.status, 204, `${method} ${path}: ${await res.text()}`);
  }
}

async function versionCount(emu: Emulator, packageType: string): Promise<number> {
  const res = await fetch(`${emu.url}/orgs/acme/packages/${packageType}/big`, { headers: auth });
  return ((await res.json()) as { version_count: number }).version_count;
}

describe("emulator: a package of 100,000 versions", function () {
  this.timeout(300_000);
  let emu: Emulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it("container (seeded by startEmulator): lists 1,000 pages newest first, deletes 2,000, lists deleted and active, restores 500; the registry follows", async () => {
    emu = await startEmulator({ seed: seed("container"), rateLimits: RAISED });

    const all = await listAll(emu, "container", "active");
    assert.equal(all.requests, 1000);
    assert.equal(all.ids.length, N);
    assert.deepEqual(all.ids, idsDown(BASE_ID + N - 1, BASE_ID));
    assert.deepEqual([...all.deletedAt], [undefined]);
    assert.equal(emu.requests().filter((r) => r.method === "GET" && r.path.endsWith("/versions")).length, 1000);

    // The oldest 2,000: 500 tagged indexes among them; plenty of tagged versions stay.
    const deleted = idsDown(BASE_ID + 1999, BASE_ID);
    await send(
      emu,
      "DELETE",
      deleted.map((id) => `/orgs/acme/packages/container/big/versions/${id}`),
    );
    const gone = await listAll(emu, "container", "deleted");
    assert.equal(gone.requests, 20);
    assert.deepEqual(gone.ids, deleted);
    assert.deepEqual([...gone.deletedAt], [NOW]);
    const left = await listAll(emu, "container", "active");
    assert.equal(left.requests, 980);
    assert.deepEqual(left.ids, idsDown(BASE_ID + N - 1, BASE_ID + 2000));
    assert.equal(await versionCount(emu, "container"), N - 2000);
    const again = await fetch(`${emu.url}/orgs/acme/packages/container/big/versions/${BASE_ID + 7}`, { method: "DELETE", headers: auth });
    assert.equal(again.status, 404, "an already deleted version");

    // Restore the oldest 500 of them (125 tagged indexes).
    const restored = idsDown(BASE_ID + 499, BASE_ID);
    await send(
      emu,
      "POST",
      restored.map((id) => `/orgs/acme/packages/container/big/versions/${id}/restore`),
    );
    const back = await listAll(emu, "container", "active");
    assert.deepEqual(back.ids, [...idsDown(BASE_ID + N - 1, BASE_ID + 2000), ...restored]);
    assert.deepEqual((await listAll(emu, "container", "deleted")).ids, idsDown(BASE_ID + 1999, BASE_ID + 500));
    assert.equal(await versionCount(emu, "container"), N - 1500);

    // The registry sees the same versions: a deleted digest or tag is unknown, a restored one served.
    const exchange = await fetch(`${emu.url}/token?scope=repository:acme/big:pull`, {
      headers: { authorization: `Basic ${Buffer.from(`x:${ADMIN_TOKEN}`).toString("base64")}` },
    });
    const registry = { authorization: `Bearer ${((await exchange.json()) as { token: string }).token}` };
    const manifest = (ref: string) => fetch(`${emu!.url}/v2/acme/big/manifests/${ref}`, { headers: registry });
    assert.equal((await manifest(largePackageDigest(1000))).status, 404);
    assert.equal((await manifest("v250")).status, 404);
    const served = await manifest("v100");
    assert.equal(served.status, 200);
    assert.equal(served.headers.get("docker-content-digest"), largePackageDigest(400));
    assert.equal((await manifest(largePackageDigest(N - 1))).status, 200);
    const tags = (await (await fetch(`${emu.url}/v2/acme/big/tags/list`, { headers: registry })).json()) as { tags: string[] };
    assert.equal(tags.tags.length, N / 4 - 500 + 125);
    assert.deepEqual(tags.tags.slice(0, 3), ["v0", "v1", "v10"]);
    const state = emu.state().packages.find((p) => p.name === "big");
    assert.equal(state?.versions.length, N);
    assert.equal(state?.versions.filter((v) => v.deletedAt !== undefined).length, 1500);
  });

  it("npm (seeded through POST /_emulator/seed): lists 1,000 pages, deletes 2,000, and the deleted ones leave at 30 days", async () => {
    emu = await startEmulator({ rateLimits: RAISED });
    const seeded = await fetch(`${emu.url}/_emulator/seed`, {
      method: "POST",
      body: JSON.stringify(seed("npm")),
      headers: { "content-type": "application/json" },
    });
    assert.equal(seeded.status, 204, await seeded.text());

    const all = await listAll(emu, "npm", "active");
    assert.equal(all.requests, 1000);
    assert.deepEqual(all.ids, idsDown(BASE_ID + N - 1, BASE_ID));

    // Every 50th version, 2,000 of them, spread over the whole list.
    const deleted = all.ids.filter((id) => id % 50 === 0);
    assert.equal(deleted.length, 2000);
    await send(
      emu,
      "DELETE",
      deleted.map((id) => `/orgs/acme/packages/npm/big/versions/${id}`),
    );
    assert.deepEqual((await listAll(emu, "npm", "deleted")).ids, deleted);
    const left = await listAll(emu, "npm", "active");
    assert.equal(left.requests, 980);
    assert.deepEqual(left.ids, idsDown(BASE_ID + N - 1, BASE_ID, new Set(deleted)));
    const one = await fetch(`${emu.url}/orgs/acme/packages/npm/big/versions/${deleted[0]!}`, { headers: auth });
    assert.equal(one.status, 404);

    emu.setClock({ advanceDays: 31 });
    assert.deepEqual((await listAll(emu, "npm", "deleted")).ids, []);
    assert.equal((await listAll(emu, "npm", "active")).ids.length, N - 2000);
    assert.equal(await versionCount(emu, "npm"), N - 2000);
    const restore = await fetch(`${emu.url}/orgs/acme/packages/npm/big/versions/${deleted[0]!}/restore`, { method: "POST", headers: auth });
    assert.equal(restore.status, 404, "past the restore window");
  });
});
