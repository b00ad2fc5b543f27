/**
 * The registry reader over real HTTP against the emulator's registry (token exchange, manifests,
 * OCI errors): what it reads, how often it exchanges the token, how many requests it keeps in
 * flight, and how it fails (always a RegistryReadError naming the registry and the package, never
 * carrying a token).
 */
import { strict as assert } from "node:assert";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { type Emulator, type EmulatorSeed, startEmulator } from "../../emulator";
import { type PackageCoordinates, RegistryReadError } from "pulumi-github-package-versions";
import {
  createRegistryReader,
  type ManifestSummary,
  type RegistryHttpTimings,
  type RegistryReaderOptions,
  retryAfterMsOf,
} from "pulumi-github-package-versions/testing";
import { ADMIN_TOKEN, ALL_SCOPES, OUTSIDER_TOKEN } from "../support/base-seed";
import { NOW } from "../support/clock";
import { startGatedProxy } from "../support/gated-proxy";
import { COSIGN_SIGNATURE as COSIGN_SIG } from "../support/image-fixtures";
import { DOCKER_LIST as DOCKER_LIST_TYPE, DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST } from "../support/registry-seed";

const digest = (c: string): string => `sha256:${c.repeat(64)}`;
const INDEX = digest("a");
const AMD64 = digest("b");
const ARM64 = digest("c");
const ATTESTATION = digest("d");
const SIGNATURE = digest("e");
const DOCKER_LIST = digest("f");
const DOCKER_IMAGE = digest("1");
const MISSING_CHILD = digest("2");
const BUILDER = digest("3");
const UNKNOWN = digest("9");
const MANY = Array.from({ length: 20 }, (_, i) => `sha256:${i.toString(16).padStart(2, "0").repeat(32)}`);

const multi: PackageCoordinates = { org: "acme", packageType: "container", packageName: "multi" };
const builder: PackageCoordinates = { org: "acme", packageType: "container", packageName: "tools/builder" };
const many: PackageCoordinates = { org: "acme", packageType: "container", packageName: "many" };

function readerSeed(): EmulatorSeed {
  const at = (day: number): string => `2026-11-${String(day).padStart(2, "0")}T00:00:00Z`;
  return {
    now: NOW,
    tokens: [
      { token: ADMIN_TOKEN, login: "octocat", scopes: ALL_SCOPES, orgAdmin: ["acme"] },
      { token: OUTSIDER_TOKEN, login: "hubot", scopes: ALL_SCOPES },
    ],
    packages: [
      {
        owner: "acme",
        ownerType: "org",
        packageType: "container",
        name: "multi",
        visibility: "private",
        versions: [
          {
            id: 1,
            name: INDEX,
            tags: ["v1"],
            createdAt: at(20),
            manifest: {
              mediaType: OCI_INDEX,
              manifests: [
                { digest: AMD64, platform: "linux/amd64" },
                { digest: ARM64, platform: "linux/arm64/v8" },
                {
                  digest: ATTESTATION,
                  platform: "unknown/unknown",
                  annotations: { "vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": AMD64 },
                },
                { digest: MISSING_CHILD, platform: "linux/s390x" },
              ],
            },
          },
          { id: 2, name: AMD64, tags: [], createdAt: at(20) },
          { id: 3, name: ARM64, tags: [], createdAt: at(20) },
          { id: 4, name: ATTESTATION, tags: [], createdAt: at(20) },
          {
            id: 5,
            name: SIGNATURE,
            tags: [`sha256-${"a".repeat(64)}.sig`],
            createdAt: at(21),
            manifest: { mediaType: OCI_MANIFEST, subject: INDEX, artifactType: COSIGN_SIG },
          },
          {
            id: 6,
            name: DOCKER_LIST,
            tags: ["legacy"],
            createdAt: at(10),
            manifest: { mediaType: DOCKER_LIST_TYPE, manifests: [{ digest: DOCKER_IMAGE, platform: "linux/amd64" }] },
          },
          { id: 7, name: DOCKER_IMAGE, tags: [], createdAt: at(10), manifest: { mediaType: DOCKER_MANIFEST } },
        ],
      },
      {
        owner: "acme",
        ownerType: "org",
        packageType: "container",
        name: "tools/builder",
        visibility: "public",
        versions: [{ id: 20, name: BUILDER, tags: ["latest"], createdAt: at(1) }],
      },
      {
        owner: "acme",
        ownerType: "org",
        packageType: "container",
        name: "many",
        visibility: "private",
        versions: MANY.map((name, i) => ({ id: 100 + i, name, tags: [`b${i}`], createdAt: at(1 + i) })),
      },
      {
        owner: "acme",
        ownerType: "org",
        packageType: "container",
        name: "more",
        visibility: "private",
        versions: MANY.map((name, i) => ({ id: 200 + i, name, tags: [`m${i}`], createdAt: at(1 + i) })),
      },
    ],
  };
}

/** Every place a secret could travel with an error: its message, stack, own properties, cause, and how Node prints it. */
function assertCarriesNoSecret(error: unknown, ...secrets: string[]): void {
  const cause = (error as { cause?: unknown }).cause;
  const views = [
    String((error as Error).message),
    String((error as Error).stack),
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    String(cause),
    inspect(cause, { depth: 10, showHidden: true }),
    String((cause as Error | undefined)?.stack),
  ];
  const all = [...secrets, ...secrets.map((s) => Buffer.from(`token:${s}`).toString("base64"))];
  for (const view of views) for (const secret of all) assert.ok(!view.includes(secret), `a secret leaked into: ${view}`);
}

async function readFailure(read: Promise<unknown>): Promise<RegistryReadError> {
  try {
    await read;
  } catch (error) {
    assert.ok(error instanceof RegistryReadError, `expected a RegistryReadError, got ${inspect(error)}`);
    return error;
  }
  throw new Error("expected the read to fail");
}

/** Retries without waiting: the delays asked for are recorded. */
function noWaitTimings(waits: number[] = []): Partial<RegistryHttpTimings> {
  return { retryDelaysMs: [1_000, 4_000], wait: async (ms) => void waits.push(ms) };
}

describe("registry reader: manifests over the registry API", () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({ seed: readerSeed() });
  });
  afterEach(async () => {
    await emu.close();
  });

  const reader = (coordinates: PackageCoordinates, extra: Partial<RegistryReaderOptions> = {}) =>
    createRegistryReader({ registryUrl: emu.url, token: ADMIN_TOKEN, coordinates, timings: noWaitTimings(), ...extra });
  const registryRequests = () => emu.requests().filter((r) => r.path === "/token" || r.path.startsWith("/v2/"));

  it("summarises every media type: OCI index and image, a referrer, a Docker list and manifest", async () => {
    const read = await reader(multi)([INDEX, AMD64, ARM64, ATTESTATION, SIGNATURE, DOCKER_LIST, DOCKER_IMAGE]);
    assert.deepEqual([...read.keys()], [INDEX, AMD64, ARM64, ATTESTATION, SIGNATURE, DOCKER_LIST, DOCKER_IMAGE]);
    const index = read.get(INDEX);
    assert.equal(index?.mediaType, OCI_INDEX);
    assert.deepEqual(
      index?.manifests.map((m) => [m.digest, m.platform, m.mediaType]),
      [
        [AMD64, "linux/amd64", OCI_MANIFEST],
        [ARM64, "linux/arm64/v8", OCI_MANIFEST],
        [ATTESTATION, "unknown/unknown", OCI_MANIFEST],
        [MISSING_CHILD, "linux/s390x", OCI_MANIFEST],
      ],
    );
    assert.deepEqual(index?.manifests[2]?.annotations, {
      "vnd.docker.reference.type": "attestation-manifest",
      "vnd.docker.reference.digest": AMD64,
    });
    assert.equal(index?.manifests[0]?.annotations, undefined);
    assert.equal(index?.subject, undefined);
    for (const image of [AMD64, ARM64, ATTESTATION]) {
      assert.deepEqual(read.get(image), {
        digest: image,
        mediaType: OCI_MANIFEST,
        manifests: [],
        contentDigest: image,
      } satisfies ManifestSummary);
    }
    const signature = read.get(SIGNATURE);
    assert.equal(signature?.mediaType, OCI_MANIFEST);
    assert.equal(signature?.subject, INDEX);
    assert.equal(signature?.artifactType, COSIGN_SIG);
    assert.deepEqual(signature?.manifests, []);
    const list = read.get(DOCKER_LIST);
    assert.equal(list?.mediaType, DOCKER_LIST_TYPE);
    assert.deepEqual(
      list?.manifests.map((m) => [m.digest, m.platform, m.mediaType]),
      [[DOCKER_IMAGE, "linux/amd64", DOCKER_MANIFEST]],
    );
    assert.deepEqual(read.get(DOCKER_IMAGE), {
      digest: DOCKER_IMAGE,
      mediaType: DOCKER_MANIFEST,
      manifests: [],
      contentDigest: DOCKER_IMAGE,
    } satisfies ManifestSummary);
    // The registry's Docker-Content-Digest is recorded as answered.
    assert.equal(index?.contentDigest, INDEX);
  });

  it("exchanges the GitHub token once per package: one 401, one /token, then every request with the bearer", async () => {
    const read = reader(multi);
    await read([INDEX, AMD64, ARM64, ATTESTATION, SIGNATURE, DOCKER_LIST, DOCKER_IMAGE]);
    await read([INDEX, SIGNATURE]);
    const requests = registryRequests();
    assert.equal(requests.filter((r) => r.path === "/token").length, 1);
    assert.deepEqual(
      requests.filter((r) => r.status === 401).map((r) => r.path),
      [`/v2/acme/multi/manifests/${INDEX}`],
      "only the first request goes without a token",
    );
    assert.equal(requests.filter((r) => r.path.startsWith("/v2/") && r.status === 200).length, 9);
    const token = requests.find((r) => r.path === "/token");
    assert.equal(token?.query["scope"], "repository:acme/multi:pull");
    assert.equal(token?.query["service"], new URL(emu.url).host);

    // Another package: its own exchange.
    await reader(builder)([BUILDER]);
    assert.equal(registryRequests().filter((r) => r.path === "/token").length, 2);
  });

  it("renews an expired registry token once for every request it failed, and reads on", async () => {
    const expiring = await startEmulator({ seed: readerSeed(), registryTokenLifetimeSeconds: 60 });
    try {
      const read = createRegistryReader({ registryUrl: expiring.url, token: ADMIN_TOKEN, coordinates: many, timings: noWaitTimings() });
      assert.equal((await read([MANY[0]!])).size, 1);
      expiring.setClock({ now: new Date(Date.parse(expiring.state().now) + 60_000).toISOString() });
      const rest = await read(MANY.slice(1));
      assert.equal(rest.size, MANY.length - 1);
      const requests = expiring.requests().filter((r) => r.path === "/token" || r.path.startsWith("/v2/"));
      assert.equal(requests.filter((r) => r.path === "/token").length, 2, "the first exchange and one renewal");
      const refused = requests.filter((r) => r.status === 401).length;
      // The first request's challenge, then each request in flight with the expired token (8 at most).
      assert.ok(refused >= 2 && refused <= 1 + 8, `${refused} answers 401`);
      assert.equal(requests.filter((r) => r.path.startsWith("/v2/") && r.status === 200).length, MANY.length, "each manifest read once");
    } finally {
      await expiring.close();
    }
  });

  it("a renewed token refused as well: unauthorized, after one renewal, no token in the error", async () => {
    const read = reader(multi);
    await read([INDEX]);
    // Every manifest request is refused from now on, without a challenge: the renewal uses the first exchange's.
    emu.setFaults([{ path: "^/v2/acme/multi/manifests/", status: 401 }]);
    const error = await readFailure(read([AMD64, ARM64]));
    assert.equal(error.failure, "unauthorized");
    assert.equal(error.status, 401);
    assert.match(
      error.message,
      /the registry answered 401 \(UNKNOWN: "Injected fault 401"\) to a request with the token it had just issued in place of one it refused\. The token needs read:packages/,
    );
    assert.equal(registryRequests().filter((r) => r.path === "/token").length, 2, "one renewal, then no more");
    assertCarriesNoSecret(error, ADMIN_TOKEN);
  });

  it("keeps the package name's slashes and lower-cases the owner in the repository path", async () => {
    const read = await reader({ ...builder, org: "ACME" })([BUILDER]);
    assert.equal(read.get(BUILDER)?.mediaType, OCI_MANIFEST);
    assert.deepEqual(
      registryRequests()
        .filter((r) => r.path.startsWith("/v2/"))
        .map((r) => [r.path, r.status]),
      [
        [`/v2/acme/tools/builder/manifests/${BUILDER}`, 401],
        [`/v2/acme/tools/builder/manifests/${BUILDER}`, 200],
      ],
    );
    assert.equal(registryRequests().find((r) => r.path === "/token")?.query["scope"], "repository:acme/tools/builder:pull");
  });

  it("leaves out a digest the registry does not know (404 MANIFEST_UNKNOWN) and never requests a name that is no digest", async () => {
    const read = await reader(multi)([UNKNOWN, INDEX, "latest", "../../token", MISSING_CHILD, INDEX]);
    assert.deepEqual([...read.keys()], [INDEX]);
    const manifests = registryRequests().filter((r) => r.path.startsWith("/v2/"));
    assert.deepEqual(
      manifests
        .filter((r) => r.status !== 401)
        .map((r) => [r.path, r.status])
        .sort(),
      [
        [`/v2/acme/multi/manifests/${MISSING_CHILD}`, 404],
        [`/v2/acme/multi/manifests/${UNKNOWN}`, 404],
        [`/v2/acme/multi/manifests/${INDEX}`, 200],
      ],
    );
  });

  for (const concurrency of [3, undefined]) {
    const limit = concurrency ?? 8;
    it(`keeps at most ${limit} manifest requests in flight${concurrency === undefined ? " by default" : ""}, and reaches that many`, async () => {
      const proxy = await startGatedProxy(emu.url, limit, MANY.length);
      try {
        const read = await createRegistryReader({
          registryUrl: proxy.url,
          token: ADMIN_TOKEN,
          coordinates: many,
          timings: noWaitTimings(),
          ...(concurrency !== undefined ? { concurrency } : {}),
        })(MANY);
        assert.equal(read.size, MANY.length);
        assert.equal(proxy.maxInFlight, limit);
        assert.equal(registryRequests().filter((r) => r.path === "/token").length, 1);
      } finally {
        await proxy.close();
      }
    });
  }

  it("keeps at most 8 manifest requests in flight in the process, however many packages are read at once", async () => {
    const proxy = await startGatedProxy(emu.url, 8, 2 * MANY.length);
    try {
      const more: PackageCoordinates = { ...many, packageName: "more" };
      const readers = [many, more].map((coordinates) =>
        createRegistryReader({ registryUrl: proxy.url, token: ADMIN_TOKEN, coordinates, timings: noWaitTimings() }),
      );
      const reads = await Promise.all(readers.map((read) => read(MANY)));
      assert.deepEqual(
        reads.map((r) => r.size),
        [MANY.length, MANY.length],
      );
      assert.equal(proxy.maxInFlight, 8, "two readers of 8 each, one pool of 8");
      assert.equal(registryRequests().filter((r) => r.path === "/token").length, 2, "one token exchange per package");
    } finally {
      await proxy.close();
    }
  });

  it("retries a 5xx and a reset connection, waiting the configured delays", async () => {
    const waits: number[] = [];
    emu.setFaults([
      { path: "^/v2/acme/multi/manifests/", status: 503, times: 1 },
      { path: "^/v2/acme/multi/manifests/", resetConnection: true, times: 1 },
    ]);
    const read = await reader(multi, { timings: noWaitTimings(waits) })([INDEX]);
    assert.equal(read.get(INDEX)?.mediaType, OCI_INDEX);
    assert.deepEqual(waits, [1_000, 4_000]);
  });

  it("waits a 429's Retry-After when it asks for longer than the configured delay, in seconds or as an HTTP date", async () => {
    const waits: number[] = [];
    emu.setFaults([
      { path: "^/v2/acme/multi/manifests/", status: 429, retryAfterSeconds: 7, times: 1 },
      { path: "^/v2/acme/multi/manifests/", status: 503, retryAfterSeconds: 0, times: 1 },
    ]);
    const read = await reader(multi, { timings: noWaitTimings(waits) })([INDEX]);
    assert.equal(read.get(INDEX)?.mediaType, OCI_INDEX);
    assert.deepEqual(waits, [7_000, 4_000], "Retry-After 7 s over the 1 s delay; Retry-After 0 under the 4 s one");
    const now = Date.parse("2026-12-01T12:00:00Z");
    const answer = (value: string) => ({ headers: new Headers({ "retry-after": value }) });
    assert.equal(retryAfterMsOf(answer("Tue, 01 Dec 2026 12:00:30 GMT"), now), 30_000);
    assert.equal(retryAfterMsOf(answer("Tue, 01 Dec 2026 11:59:00 GMT"), now), 0, "a date past is no wait");
    assert.equal(retryAfterMsOf(answer("soon"), now), undefined);
    assert.equal(retryAfterMsOf({ headers: new Headers() }, now), undefined);
  });

  it("a Retry-After longer than github:maxRateLimitWait is not waited for: registry-unavailable at once, saying so", async () => {
    const waits: number[] = [];
    emu.setFaults([{ path: "^/v2/acme/multi/manifests/", status: 429, retryAfterSeconds: 900 }]);
    const error = await readFailure(reader(multi, { timings: { ...noWaitTimings(waits), maxRetryAfterMs: 600_000 } })([INDEX]));
    assert.equal(error.failure, "registry-unavailable");
    assert.equal(error.status, 429);
    assert.match(
      error.message,
      /answered 429 \(TOOMANYREQUESTS: "Injected fault 429"\), asking to be retried after 900 s, longer than github:maxRateLimitWait \(600 s\): not waited for\. Run again later\.$/,
    );
    assert.deepEqual(waits, [], "nothing waited");
    assert.equal(registryRequests().filter((r) => r.path.startsWith("/v2/") && r.status === 429).length, 1, "no retry");
  });

  it("fails with the registry's status after the retries: registry-unavailable", async () => {
    emu.setFaults([{ path: "^/v2/acme/multi/manifests/", status: 503 }]);
    const error = await readFailure(reader(multi)([INDEX, AMD64]));
    assert.equal(error.failure, "registry-unavailable");
    assert.equal(error.status, 503);
    assert.equal(error.registry, new URL(emu.url).origin);
    assert.match(error.message, /answered 503 \(UNKNOWN: "Service Unavailable"\) \(3 attempts\)\. Run again later\.$/);
    assertCarriesNoSecret(error, ADMIN_TOKEN);
  });

  it("a token endpoint that keeps failing: registry-unavailable, nothing read", async () => {
    emu.setFaults([{ path: "^/token$", status: 502 }]);
    const error = await readFailure(reader(multi)([INDEX]));
    assert.equal(error.failure, "registry-unavailable");
    assert.equal(error.status, 502);
    assert.match(
      error.message,
      /the token endpoint http:\/\/127\.0\.0\.1:\d+ answered 502 \(UNKNOWN: "[^"]+"\) \(3 attempts\) when the GitHub token was exchanged for repository:acme\/multi:pull\. Run again later\.$/,
    );
    assert.equal(registryRequests().filter((r) => r.path === "/token").length, 3);
    assertCarriesNoSecret(error, ADMIN_TOKEN);
  });

  it("a private package the token cannot read: RegistryReadError naming the registry and the package, no token in it", async () => {
    const error = await readFailure(reader(multi, { token: OUTSIDER_TOKEN })([INDEX, AMD64]));
    assert.equal(error.name, "RegistryReadError");
    assert.equal(error.failure, "package-unknown");
    assert.equal(error.registry, new URL(emu.url).origin);
    assert.equal(error.packageLabel, "acme/multi");
    assert.deepEqual(error.coordinates, multi);
    assert.equal(error.status, 404);
    assert.ok(error.digest === INDEX || error.digest === AMD64);
    assert.match(
      error.message,
      new RegExp(
        `^Cannot read the container registry ${new URL(emu.url).origin} for container package multi of org acme \\(acme/multi, manifest sha256:[0-9a-f]{64}\\): the registry answered 404 \\(NAME_UNKNOWN: "repository name not known to registry"\\)\\. Check the owner and packageName`,
      ),
    );
    assert.equal(error.stack, error.message, "no stack trace into the provider");
    assertCarriesNoSecret(error, OUTSIDER_TOKEN, ADMIN_TOKEN);
  });

  it("a token the registry refuses at the token endpoint: token-refused, no token in it", async () => {
    const badToken = "ghp_UNKNOWNtestSECRET0123456789abcdefXYZ";
    const error = await readFailure(reader(multi, { token: badToken })([INDEX]));
    assert.equal(error.failure, "token-refused");
    assert.equal(error.status, 401);
    assert.equal(error.digest, undefined);
    assert.match(
      error.message,
      /the token endpoint http:\/\/127\.0\.0\.1:\d+ answered 401 \(UNAUTHORIZED: "authentication required"\) when the GitHub token was exchanged for repository:acme\/multi:pull\. The token needs read:packages and read access to acme\/multi\./,
    );
    assert.equal(registryRequests().filter((r) => r.path === "/token").length, 1, "a refusal is not retried");
    assertCarriesNoSecret(error, badToken);
  });

  it("a registry that cannot be reached (a closed loopback port): unreachable, after the retries", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const waits: number[] = [];
    const error = await readFailure(
      createRegistryReader({
        registryUrl: `http://127.0.0.1:${port}/`,
        token: ADMIN_TOKEN,
        coordinates: multi,
        timings: noWaitTimings(waits),
      })([INDEX, AMD64]),
    );
    assert.equal(error.failure, "unreachable");
    assert.equal(error.registry, `http://127.0.0.1:${port}`);
    assert.equal(error.packageLabel, "acme/multi");
    assert.match(
      error.message,
      new RegExp(
        `^Cannot read the container registry http://127\\.0\\.0\\.1:${port} for container package multi of org acme \\(acme/multi, manifest ${INDEX}\\): the registry could not be reached \\(3 attempts\\): .*ECONNREFUSED.*Check github:registryUrl`,
      ),
    );
    assert.match(String((error.cause as Error).message), /ECONNREFUSED/);
    assert.deepEqual(waits, [1_000, 4_000], "only the first request was made: the others waited for it and got its failure");
    assertCarriesNoSecret(error, ADMIN_TOKEN);
  });

  it("a registry that does not answer in time: timeout", async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const error = await readFailure(
        createRegistryReader({
          registryUrl: `http://127.0.0.1:${port}`,
          token: ADMIN_TOKEN,
          coordinates: multi,
          timings: { requestTimeoutMs: 5, retryDelaysMs: [0], wait: async () => undefined },
        })([INDEX]),
      );
      assert.equal(error.failure, "timeout");
      assert.match(error.message, /the registry gave no complete answer within 0\.005 s \(2 attempts\)/);
      assertCarriesNoSecret(error, ADMIN_TOKEN);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

/** A loopback server that is no registry (a web page, a misconfigured host), answering every request with `answer`. */
async function withHost(
  answer: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  body: (url: string, requests: string[]) => Promise<void>,
): Promise<void> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe("registry reader: a registryUrl that is not a container registry", () => {
  const read = (registryUrl: string) =>
    createRegistryReader({ registryUrl, token: ADMIN_TOKEN, coordinates: multi, timings: noWaitTimings() })([INDEX]);

  it("a web page answering 200: invalid-manifest", async () => {
    await withHost(
      (_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html><body>Welcome</body></html>"),
      async (url) => {
        const error = await readFailure(read(url));
        assert.equal(error.failure, "invalid-manifest");
        assert.match(
          error.message,
          /the registry answered 200 with something that is not a manifest: the answer is not JSON\. Check that github:registryUrl/,
        );
        assertCarriesNoSecret(error, ADMIN_TOKEN);
      },
    );
  });

  it("a 401 without a Bearer challenge: token-exchange-failed, and the token is sent nowhere", async () => {
    await withHost(
      (req, res) => res.writeHead(401, { "www-authenticate": 'Basic realm="intranet"' }).end(req.headers.authorization ?? ""),
      async (url, requests) => {
        const error = await readFailure(read(url));
        assert.equal(error.failure, "token-exchange-failed");
        assert.match(error.message, /the registry answered 401 without a Bearer challenge/);
        assert.deepEqual(requests, [`GET /v2/acme/multi/manifests/${INDEX}`]);
      },
    );
  });

  it("a malformed challenge: token-exchange-failed, saying where", async () => {
    await withHost(
      (_req, res) => res.writeHead(401, { "www-authenticate": 'Bearer realm="http://127.0.0.1/token' }).end(),
      async (url) => {
        const error = await readFailure(read(url));
        assert.equal(error.failure, "token-exchange-failed");
        assert.match(error.message, /malformed WWW-Authenticate header \(unterminated quoted string at character \d+/);
      },
    );
  });

  it("a realm over plain http on another host: the GitHub token is not sent there", async () => {
    await withHost(
      (req, res) => res.writeHead(200).end(req.headers.authorization ?? "none"),
      async (elsewhere, tokenRequests) => {
        await withHost(
          (_req, res) =>
            res
              .writeHead(401, { "www-authenticate": `Bearer realm="${elsewhere}/token",service="x",scope="repository:acme/multi:pull"` })
              .end(),
          async (url) => {
            const error = await readFailure(read(url));
            assert.equal(error.failure, "token-exchange-failed");
            assert.match(
              error.message,
              new RegExp(
                `the registry's token realm ${elsewhere} is neither https nor the registry itself; the GitHub token is not sent there`,
              ),
            );
          },
        );
        assert.deepEqual(tokenRequests, []);
      },
    );
  });

  it("a registry that echoes the credentials in its errors: they are redacted (forbidden)", async () => {
    await withHost(
      (req, res) => {
        const echoed = `denied for ${req.headers.authorization ?? ""}`;
        if (req.url?.startsWith("/token") === true)
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token: "REGISTRYsecretTOKEN42" }));
        else if (req.headers.authorization === undefined)
          res.writeHead(401, { "www-authenticate": `Bearer realm="http://${req.headers.host ?? ""}/token",service="x"` }).end();
        else
          res.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ code: "DENIED", message: echoed }] }));
      },
      async (url) => {
        const error = await readFailure(read(url));
        assert.equal(error.failure, "forbidden");
        assert.match(
          error.message,
          /the registry answered 403 \(DENIED: "denied for Bearer \*\*\*"\)\. The token needs read:packages and read access to acme\/multi/,
        );
        assertCarriesNoSecret(error, ADMIN_TOKEN, "REGISTRYsecretTOKEN42");
      },
    );
  });

  it("a manifest redirected to another host: the registry's token does not follow it", async () => {
    const seen: (string | undefined)[] = [];
    await withHost(
      (req, res) => {
        seen.push(req.headers.authorization);
        res
          .writeHead(200, { "content-type": OCI_MANIFEST })
          .end(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: {}, layers: [] }));
      },
      async (storage) => {
        await withHost(
          (req, res) => {
            if (req.url?.startsWith("/token") === true)
              res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: "REGISTRYsecretTOKEN42" }));
            else if (req.headers.authorization === undefined)
              res.writeHead(401, { "www-authenticate": `Bearer realm="http://${req.headers.host ?? ""}/token"` }).end();
            else res.writeHead(307, { location: `${storage}${req.url ?? ""}` }).end();
          },
          async (url) => {
            const read = await createRegistryReader({ registryUrl: url, token: ADMIN_TOKEN, coordinates: multi, timings: noWaitTimings() })(
              [INDEX],
            );
            assert.equal(read.get(INDEX)?.mediaType, OCI_MANIFEST);
          },
        );
      },
    );
    assert.deepEqual(seen, [undefined]);
  });

  it("a token endpoint answering without a token: token-exchange-failed", async () => {
    await withHost(
      (req, res) => {
        if (req.url?.startsWith("/token") === true)
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ expires_in: 300 }));
        else res.writeHead(401, { "www-authenticate": `Bearer realm="http://${req.headers.host ?? ""}/token",service="x"` }).end();
      },
      async (url, requests) => {
        const error = await readFailure(read(url));
        assert.equal(error.failure, "token-exchange-failed");
        assert.match(
          error.message,
          /the token endpoint's answer has no token when the GitHub token was exchanged for repository:acme\/multi:pull/,
        );
        // Without a scope in the challenge, the reader asks for the package's pull scope.
        assert.deepEqual(requests, [
          `GET /v2/acme/multi/manifests/${INDEX}`,
          "GET /token?service=x&scope=repository%3Aacme%2Fmulti%3Apull",
        ]);
        assertCarriesNoSecret(error, ADMIN_TOKEN);
      },
    );
  });
});
