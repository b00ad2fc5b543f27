/**
 * Throughput of the emulator on loopback, measured with autocannon: GET one version and GET a list page
 * (per_page=30) of a 500-version package, and GET one manifest from the container registry beside
 * the API. Exits 1 below 2,000 requests a second.
 *
 * Then packages of 100,000 versions (--versions): an npm package and a container package (indexes
 * with two platform images and an attestation each) seeded through startEmulator({seed}) and again
 * through POST /_emulator/seed, listed completely (per_page=100, one request after another),
 * 2,000 versions deleted, the deleted and the active listing read again, 500 restored, 2,000
 * manifests read from the registry. Prints wall time and time per request; exits 1 when a listing
 * misses, repeats or misorders a version.
 *   npm run bench:emulator [-- --duration 5 --connections 20 --versions 100000 --only throughput|scale]
 */
import { parseArgs } from "node:util";
import { type EmulatorSeed, type SeedVersion, startEmulator } from "../emulator";
import { largeContainerVersions, largeNpmVersions, largePackageDigest } from "../emulator/large-package-seed";

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (opts: {
  url: string;
  duration: number;
  connections: number;
  pipelining: number;
  headers: Record<string, string>;
}) => Promise<AutocannonResult>;
// autocannon ships no type declarations; this is the part of its API used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require("autocannon") as Autocannon;

const MIN_RPS = 2000;
const TOKEN = "ghp_bench";

function seed(versions: number): EmulatorSeed {
  const list: SeedVersion[] = Array.from({ length: versions }, (_, i) => ({
    id: 10_000 + i,
    name: `sha256:${i.toString(16).padStart(64, "0")}`,
    tags: i % 10 === 0 ? [`v${i}`] : [],
    createdAt: new Date(Date.parse("2026-01-01T00:00:00Z") + i * 60_000).toISOString(),
  }));
  return {
    now: "2026-11-26T00:00:00Z",
    tokens: [{ token: TOKEN, login: "bench", scopes: ["read:packages", "write:packages", "delete:packages"], orgAdmin: ["acme"] }],
    packages: [{ owner: "acme", ownerType: "org", packageType: "container", name: "api", visibility: "public", versions: list }],
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: "5" },
      connections: { type: "string", default: "20" },
      versions: { type: "string", default: "100000" },
      only: { type: "string" },
    },
  });
  let failed = false;
  if (values.only !== "scale") failed ||= await throughput(Number(values.duration), Number(values.connections));
  if (values.only !== "throughput") failed ||= await scale(Number(values.versions));
  process.exitCode = failed ? 1 : 0;
}

/** The autocannon scenarios; true when one failed. */
async function throughput(duration: number, connections: number): Promise<boolean> {
  const emu = await startEmulator({
    seed: seed(500),
    // Raised so that the limits never answer instead of the handlers.
    rateLimits: {
      primaryLimit: 1e9,
      pointsPerEndpoint: 1e9,
      maxConcurrent: 1e6,
      contentChangingPerMinute: 1e9,
      contentChangingPerHour: 1e9,
    },
  });
  const api = { authorization: `token ${TOKEN}` };
  const exchange = await fetch(`${emu.url}/token?scope=repository:acme/api:pull`, {
    headers: { authorization: `Basic ${Buffer.from(`bench:${TOKEN}`).toString("base64")}` },
  });
  const { token: bearer } = (await exchange.json()) as { token: string };
  const scenarios = [
    { name: "GET version", path: "/orgs/acme/packages/container/api/versions/10250", headers: api },
    { name: "GET list (per_page=30)", path: "/orgs/acme/packages/container/api/versions?per_page=30&page=2", headers: api },
    { name: "GET manifest (registry)", path: "/v2/acme/api/manifests/v250", headers: { authorization: `Bearer ${bearer}` } },
  ];
  let failed = false;
  try {
    process.stdout.write(`emulator ${emu.url}, node ${process.version}, ${connections} connections, ${duration}s per scenario\n`);
    for (const s of scenarios) {
      const r = await autocannon({ url: `${emu.url}${s.path}`, duration, connections, pipelining: 1, headers: s.headers });
      const bad = r.errors + r.timeouts + r.non2xx;
      const ok = r.requests.average >= MIN_RPS && bad === 0;
      failed ||= !ok;
      process.stdout.write(
        `${s.name.padEnd(24)} ${r.requests.average.toFixed(0).padStart(7)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  ` +
          `total ${r.requests.total}  errors ${r.errors}  timeouts ${r.timeouts}  non-2xx ${r.non2xx}  ${ok ? "ok" : `FAIL (need >= ${MIN_RPS} req/s, no errors)`}\n`,
      );
      emu.clearRequests();
    }
  } finally {
    await emu.close();
  }
  return failed;
}

const RAISED_LIMITS = {
  primaryLimit: 1e9,
  pointsPerEndpoint: 1e9,
  maxConcurrent: 1e6,
  contentChangingPerMinute: 1e9,
  contentChangingPerHour: 1e9,
};
const SCALE_START = Date.parse("2025-01-01T00:00:00Z");
const NPM_BASE_ID = 1_000_000;
const CONTAINER_BASE_ID = 2_000_000;

/** An npm and a container package of `versions` versions each, the oldest created at SCALE_START (see emulator/large-package-seed). */
function scaleSeed(versions: number): EmulatorSeed {
  const npm = largeNpmVersions({ count: versions, baseId: NPM_BASE_ID, start: SCALE_START });
  const container = largeContainerVersions({ count: versions, baseId: CONTAINER_BASE_ID, start: SCALE_START });
  return {
    now: "2026-11-26T00:00:00Z",
    tokens: [{ token: TOKEN, login: "bench", scopes: ["read:packages", "write:packages", "delete:packages"], orgAdmin: ["acme"] }],
    packages: [
      { owner: "acme", ownerType: "org", packageType: "npm", name: "big", visibility: "private", versions: npm },
      { owner: "acme", ownerType: "org", packageType: "container", name: "big", visibility: "private", versions: container },
    ],
  };
}

interface Timed {
  step: string;
  requests: number;
  ms: number;
}

function report(t: Timed): void {
  const per = t.requests > 0 ? `${(t.ms / t.requests).toFixed(2).padStart(7)} ms/request` : "";
  process.stdout.write(
    `${t.step.padEnd(58)} ${String(t.requests).padStart(6)} requests ${(t.ms / 1000).toFixed(2).padStart(8)} s  ${per}\n`,
  );
}

/** Packages of `versions` versions: seed, list, delete, list, restore, read manifests. True when a listing was wrong. */
async function scale(versions: number): Promise<boolean> {
  const seed = scaleSeed(versions);
  process.stdout.write(
    `\nscale: an npm and a container package of ${versions} versions each, requests one after another (client in the same process)\n`,
  );
  let t0 = performance.now();
  const emu = await startEmulator({ seed, rateLimits: RAISED_LIMITS });
  report({ step: `seed 2 x ${versions} versions (startEmulator({seed}))`, requests: 0, ms: performance.now() - t0 });
  let failed = false;
  const check: Check = (ok, what) => {
    if (!ok) {
      failed = true;
      process.stdout.write(`FAIL: ${what}\n`);
    }
  };
  try {
    const body = JSON.stringify({ packages: [seed.packages![1]] });
    t0 = performance.now();
    const seeded = await fetch(`${emu.url}/_emulator/seed`, { method: "POST", body, headers: { "content-type": "application/json" } });
    check(seeded.status === 204, `POST /_emulator/seed answered ${seeded.status}: ${await seeded.text()}`);
    report({
      step: `seed ${versions} container versions again (POST /_emulator/seed, ${(body.length / 1e6).toFixed(1)} MB)`,
      requests: 1,
      ms: performance.now() - t0,
    });
    const client = scaleClient(emu.url, check);
    for (const [type, base] of [
      ["npm", NPM_BASE_ID],
      ["container", CONTAINER_BASE_ID],
    ] as const)
      await deleteAndRestore(client, type, base, versions);
    await readManifests(emu.url, versions, check);
  } finally {
    await emu.close();
  }
  return failed;
}

/** Records a failed check (the run goes on, and fails at the end). */
type Check = (ok: boolean, what: string) => void;

/** The requests the scale steps time, each reporting its step. */
interface ScaleClient {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly check: Check;
  /** Every page of a listing, following the Link header's rel="next"; checks the count, ids descending, none twice. */
  listAll(type: string, state: "active" | "deleted", expected: number): Promise<number[]>;
  /** One request a path, one after another, each answered 204. */
  write(step: string, method: string, paths: string[]): Promise<void>;
}

function scaleClient(url: string, check: Check): ScaleClient {
  const headers = { authorization: `token ${TOKEN}` };
  const listAll = async (type: string, state: "active" | "deleted", expected: number): Promise<number[]> => {
    const ids: number[] = [];
    let requests = 0;
    let next: string | undefined = `${url}/orgs/acme/packages/${type}/big/versions?per_page=100&state=${state}`;
    const t0 = performance.now();
    while (next !== undefined) {
      requests++;
      const res: Response = await fetch(next, { headers });
      check(res.status === 200, `${next}: ${res.status}`);
      for (const v of (await res.json()) as { id: number }[]) ids.push(v.id);
      next = /<([^>]+)>; rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
    }
    report({ step: `list ${type} ${state} (${ids.length} versions, per_page=100)`, requests, ms: performance.now() - t0 });
    check(ids.length === expected, `${type} ${state}: listed ${ids.length}, expected ${expected}`);
    check(
      ids.every((id, i) => i === 0 || id < ids[i - 1]!),
      `${type} ${state}: not newest first`,
    );
    check(new Set(ids).size === ids.length, `${type} ${state}: an id listed twice`);
    return ids;
  };
  const write = async (step: string, method: string, paths: string[]): Promise<void> => {
    const t0 = performance.now();
    for (const path of paths) {
      const res = await fetch(`${url}${path}`, { method, headers });
      check(res.status === 204, `${method} ${path}: ${res.status} ${await res.text()}`);
    }
    report({ step, requests: paths.length, ms: performance.now() - t0 });
  };
  return { url, headers, check, listAll, write } satisfies ScaleClient;
}

/** List, delete the oldest 2,000 (container: untagged platform images and attestations only), list, restore 500, list. */
async function deleteAndRestore(client: ScaleClient, type: "npm" | "container", base: number, versions: number): Promise<void> {
  const { listAll, write, check } = client;
  await listAll(type, "active", versions);
  const doomed: number[] = [];
  for (let i = 0; doomed.length < 2000 && i < versions; i++) if (type === "npm" || i % 4 !== 0) doomed.push(base + i);
  await write(
    `delete ${doomed.length} ${type} versions`,
    "DELETE",
    doomed.map((id) => `/orgs/acme/packages/${type}/big/versions/${id}`),
  );
  await listAll(type, "deleted", doomed.length);
  await listAll(type, "active", versions - doomed.length);
  const restored = doomed.slice(0, 500);
  await write(
    `restore ${restored.length} ${type} versions`,
    "POST",
    restored.map((id) => `/orgs/acme/packages/${type}/big/versions/${id}/restore`),
  );
  await listAll(type, "active", versions - doomed.length + restored.length);
  const pkg = (await (await fetch(`${client.url}/orgs/acme/packages/${type}/big`, { headers: client.headers })).json()) as {
    version_count: number;
  };
  check(pkg.version_count === versions - doomed.length + restored.length, `${type} version_count ${pkg.version_count}`);
}

/** The newest 2,000 container manifests by digest from the registry, after one token exchange. */
async function readManifests(url: string, versions: number, check: Check): Promise<void> {
  const exchange = await fetch(`${url}/token?scope=repository:acme/big:pull`, {
    headers: { authorization: `Basic ${Buffer.from(`bench:${TOKEN}`).toString("base64")}` },
  });
  const { token: bearer } = (await exchange.json()) as { token: string };
  const reads = Array.from({ length: Math.min(2000, versions) }, (_, k) => largePackageDigest(versions - 1 - k));
  const t0 = performance.now();
  for (const d of reads) {
    const res = await fetch(`${url}/v2/acme/big/manifests/${d}`, { headers: { authorization: `Bearer ${bearer}` } });
    check(res.status === 200 && res.headers.get("docker-content-digest") === d, `manifest ${d}: ${res.status}`);
    await res.arrayBuffer();
  }
  report({ step: `GET ${reads.length} container manifests by digest (registry)`, requests: reads.length, ms: performance.now() - t0 });
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-emulator: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
