import { strict as assert } from "node:assert";
import * as net from "node:net";
import type { AddressInfo } from "node:net";
import { EngineGoneError } from "pulumi-github-package-versions";
import {
  beforeWrite,
  engineLinkOf,
  engineWatch,
  EngineWatch,
  probeAddress,
  type RefusedWrite,
} from "pulumi-github-package-versions/testing";

const SCRIPT = "/home/me/project/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";
const WRITE: RefusedWrite = { action: "delete", coordinates: { org: "acme", packageType: "npm", packageName: "widget" }, versionId: 2005 };

/** A port nothing listens on: one a server had, closed again. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("unit: a provider whose engine is gone sends no write", () => {
  describe("engineLinkOf: only the provider process the engine started is watched", () => {
    it("takes the engine's address from the dynamic provider host's last argument", () => {
      assert.deepEqual(engineLinkOf(["/usr/bin/node", SCRIPT, "127.0.0.1:35729"], 41), {
        address: "127.0.0.1:35729",
        host: "127.0.0.1",
        port: 35729,
        parentPid: 41,
      });
      assert.equal(
        engineLinkOf(["node", SCRIPT, "--logtostderr", "-v=9", "--tracing", "127.0.0.1:9411", "127.0.0.1:35729"], 41)?.port,
        35729,
      );
      assert.equal(
        engineLinkOf(["node", "C:\\p\\node_modules\\@pulumi\\pulumi\\cmd\\dynamic-provider\\index.js", "127.0.0.1:80"], 1)?.port,
        80,
      );
      assert.equal(engineLinkOf(["node", SCRIPT, "[::1]:8080"], 1)?.host, "::1");
    });

    it("is undefined in tests, programs and anything else, and without a loopback address", () => {
      assert.equal(engineLinkOf(["node", "/repo/node_modules/.bin/mocha", "127.0.0.1:35729"], 1), undefined);
      assert.equal(
        engineLinkOf(["node", "/repo/node_modules/@pulumi/pulumi/cmd/run/index.js", "--engine", "127.0.0.1:35729"], 1),
        undefined,
      );
      assert.equal(engineLinkOf(["node", SCRIPT], 1), undefined);
      assert.equal(engineLinkOf(["node", SCRIPT, "10.0.0.5:35729"], 1), undefined);
      assert.equal(engineLinkOf(["node", SCRIPT, "127.0.0.1:99999"], 1), undefined);
    });

    it("this test process has no engine: writes pass at once", async () => {
      assert.equal(engineWatch(), undefined);
      await beforeWrite(WRITE);
    });
  });

  describe("probeAddress", () => {
    it("open while something listens, refused once it is gone", async () => {
      const server = net.createServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      assert.equal(await probeAddress("127.0.0.1", port), "open");
      await new Promise<void>((resolve) => server.close(() => resolve()));
      assert.equal(await probeAddress("127.0.0.1", port), "refused");
    });
  });

  describe("EngineWatch", () => {
    it("lets writes through while the engine listens and its parent is the same", async () => {
      const server = net.createServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const { port } = server.address() as AddressInfo;
        let gone = 0;
        const watch = new EngineWatch(
          { address: `127.0.0.1:${port}`, host: "127.0.0.1", port, parentPid: 7 },
          { parentPid: () => 7, onGone: () => (gone += 1) },
        );
        await watch.beforeWrite(WRITE);
        assert.equal(await watch.check(), undefined);
        assert.equal(gone, 0);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });

    it("refuses a write once the engine's address refuses connections, naming org, package and version, and says so once", async () => {
      const port = await closedPort();
      const told: string[] = [];
      const watch = new EngineWatch(
        { address: `127.0.0.1:${port}`, host: "127.0.0.1", port, parentPid: 7 },
        { parentPid: () => 7, onGone: (how) => told.push(how) },
      );
      const error = await watch.beforeWrite(WRITE).then(
        () => assert.fail("the write was let through"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof EngineGoneError);
      assert.equal(error.name, "EngineGoneError");
      assert.deepEqual(error.write, WRITE);
      assert.equal(error.engineAddress, `127.0.0.1:${port}`);
      assert.match(
        error.message,
        /^Not sent: the delete of version id 2005 of npm package widget of org acme\. The Pulumi engine that started this provider is gone \(its address 127\.0\.0\.1:\d+ refuses connections\)/,
      );
      assert.match(error.message, /When a run was killed/);
      await assert.rejects(
        watch.beforeWrite({
          ...WRITE,
          action: "restore",
          coordinates: { user: "octocat", packageType: "container", packageName: "api" },
          versionId: 9,
        }),
        /Not sent: the restore of version id 9 of container package api of user octocat/,
      );
      assert.equal(told.length, 1, "gone is told once");
    });

    it("finds the engine gone when the process that started the provider has exited, without probing", async () => {
      let probes = 0;
      const watch = new EngineWatch(
        { address: "127.0.0.1:1", host: "127.0.0.1", port: 1, parentPid: 7 },
        {
          parentPid: () => 1,
          probe: async () => {
            probes += 1;
            return "open";
          },
        },
      );
      await assert.rejects(watch.beforeWrite(WRITE), (e: unknown) => e instanceof EngineGoneError && /pid 7\) has exited/.test(e.message));
      assert.equal(probes, 0);
    });

    it("an address that neither opens nor refuses counts as the engine being there", async () => {
      const watch = new EngineWatch(
        { address: "127.0.0.1:1", host: "127.0.0.1", port: 1, parentPid: 7 },
        { parentPid: () => 7, probe: async () => "unknown" },
      );
      await watch.beforeWrite(WRITE);
      assert.equal(watch.gone, undefined);
    });
  });
});
