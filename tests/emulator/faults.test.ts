import { strict as assert } from "node:assert";
import { startEmulator } from "../../emulator";
import { admin, ADMIN_TOKEN, baseSeed, expectFailure, octokit, orgApi, useEmulator } from "../support/emulator-fixture";
import { assertMatchesSchema } from "../support/openapi-schemas";

const get = { ...orgApi, package_version_id: 1001 };

describe("emulator: fault injection", () => {
  const fx = useEmulator();

  it("answers an injected status a limited number of times, with rate-limit headers", async () => {
    fx.emu.setFaults([{ status: 503, times: 2 }]);
    const f = await expectFailure(fx.client().rest.packages.getPackageVersionForOrganization(get), 503, "Service Unavailable");
    assert.ok(f.headers["x-ratelimit-remaining"] !== undefined);
    await expectFailure(fx.client().rest.packages.getPackageVersionForOrganization(get), 503);
    assert.equal((await fx.client().rest.packages.getPackageVersionForOrganization(get)).status, 200);
  });

  it("matches method and path regex", async () => {
    fx.emu.setFaults([{ method: "delete", path: "/versions/\\d+$", status: 500, message: "boom" }]);
    assert.equal((await fx.client().rest.packages.getPackageVersionForOrganization(get)).status, 200);
    await expectFailure(fx.client().rest.packages.deletePackageVersionForOrg(get), 500, "boom");
    assert.equal(fx.emu.state().packages[0]!.versions.find((v) => v.id === 1001)?.deletedAt, undefined);
  });

  it("never fires with probability 0 and always with probability 1", async () => {
    fx.emu.setFaults([{ status: 502, probability: 0 }]);
    for (let i = 0; i < 5; i++) assert.equal((await fx.client().rest.packages.getPackageVersionForOrganization(get)).status, 200);
    fx.emu.setFaults([{ status: 502, probability: 1 }]);
    await expectFailure(fx.client().rest.packages.getPackageVersionForOrganization(get), 502, "Bad Gateway");
  });

  it("answers a secondary-rate-limit 403 with retry-after", async () => {
    fx.emu.setFaults([{ secondaryRateLimit: true, retryAfterSeconds: 7, times: 1 }]);
    const f = await expectFailure(
      fx.client().rest.packages.getPackageVersionForOrganization(get),
      403,
      /^You have exceeded a secondary rate limit/,
    );
    assert.equal(f.headers["retry-after"], "7");
  });

  it("adds latency and then answers normally", async () => {
    fx.emu.setFaults([{ latencyMs: 50 }]);
    const res = await fx.client().rest.packages.getPackageVersionForOrganization(get);
    assertMatchesSchema(res.data, "package-version");
    assert.equal(res.data.id, 1001);
  });

  it("resets the connection, logged with status 0", async () => {
    fx.emu.setFaults([{ resetConnection: true, times: 1 }]);
    await assert.rejects(fx.client().rest.packages.getPackageVersionForOrganization(get), (e: unknown) => {
      const err = e as { status?: number; response?: unknown };
      assert.equal(err.response, undefined);
      assert.equal(err.status, 500); // octokit's code for network errors
      return true;
    });
    assert.equal((await fx.client().rest.packages.getPackageVersionForOrganization(get)).status, 200);
    assert.deepEqual(
      fx.emu.requests().map((r) => r.status),
      [0, 200],
    );
  });

  it("drops the answer of a request it processed: the state changed although the client saw a connection error", async () => {
    fx.emu.setFaults([{ method: "DELETE", path: "/versions/1001$", dropResponse: true, times: 1 }]);
    await assert.rejects(fx.client().rest.packages.deletePackageVersionForOrg(get), (e: unknown) => {
      const err = e as { status?: number; response?: unknown };
      assert.equal(err.response, undefined, "no answer reached the client");
      assert.equal(err.status, 500); // octokit's code for network errors
      return true;
    });
    const version = fx.emu.state().packages[0]!.versions.find((v) => v.id === 1001);
    assert.ok(version?.deletedAt !== undefined, "the version was deleted");
    // The same request again is processed against the new state: the version is already deleted.
    await expectFailure(fx.client().rest.packages.deletePackageVersionForOrg(get), 404, "Package version not found.");
    assert.deepEqual(
      fx.emu.requests().map((r) => ({ method: r.method, status: r.status, droppedStatus: r.droppedStatus })),
      [
        { method: "DELETE", status: 0, droppedStatus: 204 },
        { method: "DELETE", status: 404, droppedStatus: undefined },
      ],
    );
  });

  it("drops a restore's answer once: the version is active afterwards", async () => {
    const restore = { ...orgApi, package_version_id: 1000 };
    fx.emu.setFaults([{ method: "POST", path: "/restore$", dropResponse: true, probability: 1, times: 1 }]);
    await assert.rejects(fx.client().rest.packages.restorePackageVersionForOrg(restore));
    assert.equal(fx.emu.state().packages[0]!.versions.find((v) => v.id === 1000)?.deletedAt, undefined, "restored");
    assert.equal((await fx.client().rest.packages.getPackageVersionForOrganization(restore)).status, 200);
    assert.deepEqual(
      fx.emu.requests().map((r) => r.droppedStatus),
      [204, undefined],
    );
  });

  it("refuses dropResponse combined with another answer", async () => {
    assert.throws(() => fx.emu.setFaults([{ dropResponse: true, status: 500 }]), /dropResponse .* cannot be combined with status/);
    assert.throws(() => fx.emu.setFaults([{ dropResponse: true, resetConnection: true }]), /cannot be combined with resetConnection/);
    assert.equal((await admin(fx.emu, "POST", "/faults", { faults: [{ dropResponse: "yes" }] })).status, 400);
    fx.emu.setFaults([{ dropResponse: true, latencyMs: 10, times: 1 }]);
    assert.deepEqual(fx.emu.faults(), [{ dropResponse: true, latencyMs: 10, times: 1 }]);
  });

  it("is configured through POST /_emulator/faults and validated", async () => {
    const res = await admin(fx.emu, "POST", "/faults", { faults: [{ status: 500, path: "^/orgs/" }] });
    assert.equal(res.status, 200);
    await expectFailure(fx.client().rest.packages.getPackageVersionForOrganization(get), 500);
    assert.equal((await admin(fx.emu, "POST", "/faults", { faults: [{ status: "x" }] })).status, 400);
    assert.equal((await admin(fx.emu, "POST", "/faults", { faults: [{ path: "(" }] })).status, 400);
    assert.equal((await admin(fx.emu, "POST", "/faults", { faults: [] })).status, 200);
    assert.equal((await fx.client().rest.packages.getPackageVersionForOrganization(get)).status, 200);
  });

  it("with a seed, a probability picks the same requests on every run, set in code or through the admin API", async () => {
    const statuses = async (): Promise<number[]> => {
      for (let i = 0; i < 12; i++)
        await fx
          .client()
          .rest.packages.getPackageVersionForOrganization(get)
          .catch(() => undefined);
      const seen = fx.emu.requests().map((r) => r.status);
      fx.emu.clearRequests();
      return seen;
    };
    fx.emu.setFaults([{ status: 502, probability: 0.5 }], 42);
    const first = await statuses();
    assert.ok(first.includes(502) && first.includes(200), `some fire, some do not: ${first.join(" ")}`);
    fx.emu.setFaults([{ status: 502, probability: 0.5 }], 42);
    assert.deepEqual(await statuses(), first, "the same seed, the same faults");
    fx.emu.setFaults([{ status: 502, probability: 0.5 }], 7);
    assert.notDeepEqual(await statuses(), first, "another seed, other faults");
    const res = await admin(fx.emu, "POST", "/faults", { faults: [{ status: 502, probability: 0.5 }], seed: 42 });
    assert.equal(res.status, 200);
    assert.deepEqual(await statuses(), first, "the admin API takes the seed too");
  });

  it("refuses a seed that is not a whole number from 0 to 4294967295, naming it", async () => {
    for (const seed of [-1, 1.5, "7", 2 ** 32]) {
      const res = await admin(fx.emu, "POST", "/faults", { faults: [{ status: 502 }], seed });
      assert.equal(res.status, 400);
      assert.match((res.json as { message: string }).message, /^Invalid faults: seed must be a whole number from 0 to 4294967295, got /);
    }
    assert.deepEqual(fx.emu.faults(), [], "a refused seed sets no rules");
  });
});

describe("emulator: fault injection seeded at start", () => {
  it("faultSeed seeds the generator; reset restarts it from that seed", async () => {
    const emu = await startEmulator({ seed: baseSeed(), faultSeed: 3 });
    try {
      const statuses = async (): Promise<number[]> => {
        for (let i = 0; i < 12; i++)
          await octokit(emu.url, ADMIN_TOKEN)
            .rest.packages.getPackageVersionForOrganization(get)
            .catch(() => undefined);
        const seen = emu.requests().map((r) => r.status);
        emu.clearRequests();
        return seen;
      };
      emu.setFaults([{ status: 503, probability: 0.5 }]);
      const first = await statuses();
      assert.ok(first.includes(503) && first.includes(200), first.join(" "));
      emu.reset();
      emu.seed(baseSeed());
      emu.setFaults([{ status: 503, probability: 0.5 }]);
      assert.deepEqual(await statuses(), first);
    } finally {
      await emu.close();
    }
  });
});
