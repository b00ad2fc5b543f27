import { strict as assert } from "node:assert";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADMIN_TOKEN, baseSeed } from "../support/emulator-fixture";

function startCli(args: string[]): ChildProcess {
  // The built CLI, as `npm run emulator` runs it (`npm run test:unit` builds first).
  return spawn(process.execPath, [join(__dirname, "../../dist/emulator/cli.js"), ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Reads without destroying the pipe (the emulator still writes on shutdown). */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += String(chunk);
      if (out.includes("\n")) resolve(out.split("\n")[0]!);
    });
    child.once("exit", () => reject(new Error(`emulator exited before printing its URL: ${out}`)));
  });
}

describe("emulator: command line", () => {
  it("prints its base URL, serves the seed, stops cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-"));
    const seedPath = join(dir, "seed.json");
    writeFileSync(seedPath, JSON.stringify(baseSeed()));
    const child = startCli(["--port", "0", "--seed", seedPath]);
    try {
      const line = await firstLine(child);
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)?.[0];
      assert.ok(url, line);
      const res = await fetch(`${url}/orgs/acme/packages/container/api/versions/1001`, {
        headers: { authorization: `token ${ADMIN_TOKEN}` },
      });
      assert.equal(res.status, 200);
    } finally {
      child.kill("SIGTERM");
    }
    const [code] = (await once(child, "exit")) as [number | null];
    assert.equal(code, 0);
  });

  it("refuses a malformed seed file naming the field, exit code 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-"));
    const seedPath = join(dir, "seed.json");
    writeFileSync(seedPath, JSON.stringify({ packages: [{ owner: "a", ownerType: "x" }] }));
    const child = startCli(["--seed", seedPath]);
    let err = "";
    child.stderr!.on("data", (c: Buffer) => (err += String(c)));
    const [code] = (await once(child, "exit")) as [number | null];
    assert.equal(code, 2);
    assert.match(err, /packages\[0\]\.ownerType/);
  });
});
