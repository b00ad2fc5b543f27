/**
 * Throughput of the emulator on loopback, measured with autocannon: GET one version and GET a list page
 * (per_page=30) of a 500-version package, and GET one manifest from the container registry beside
 * the API. Exits 1 below 2,000 requests a second.
 *   npm run bench:emulator [-- --duration 5 --connections 20]
 */
import { parseArgs } from "node:util";
import { type EmulatorSeed, type SeedVersion, startEmulator } from "../emulator";

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (opts: { url: string; duration: number; connections: number; pipelining: number; headers: Record<string, string> }) => Promise<AutocannonResult>;
// autocannon ships no type declarations; this is the part of its API used here.
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
  const { values } = parseArgs({ options: { duration: { type: "string", default: "5" }, connections: { type: "string", default: "20" } } });
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const emu = await startEmulator({
    seed: seed(500),
    // Raised so that the limits never answer instead of the handlers.
    rateLimits: { primaryLimit: 1e9, pointsPerEndpoint: 1e9, maxConcurrent: 1e6, contentChangingPerMinute: 1e9, contentChangingPerHour: 1e9 },
  });
  const api = { authorization: `token ${TOKEN}` };
  const exchange = await fetch(`${emu.url}/token?scope=repository:acme/api:pull`, { headers: { authorization: `Basic ${Buffer.from(`bench:${TOKEN}`).toString("base64")}` } });
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
  process.exitCode = failed ? 1 : 0;
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-emulator: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
