/**
 * Issues 19 and 20, "a way to print it" / "Reading the record": after real `pulumi up`s that
 * delete, `pulumi stack export | pulumi-github-package-versions-record` prints what the policy
 * deleted and when, from the state alone (no request to the emulator).
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { ADMIN_TOKEN, REPO_ROOT, useStack, type StackFixture } from "../support/stack-fixture";
import { seedWithNpmPackage } from "../support/provider-fixture";

const run = promisify(execFile);
const seed = () => seedWithNpmPackage("lots", { active: 60, firstId: 9000, createdFrom: "2026-09-01T00:00:00Z" });
const lots = { name: "lots", org: "acme", packageType: "npm", packageName: "lots" };

/** The command as installed (the shipped layout npm run build puts in node_modules). */
const PACKAGE_DIR = path.join(REPO_ROOT, "node_modules", "pulumi-github-package-versions");
const BIN = path.join(
  PACKAGE_DIR,
  (JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, "package.json"), "utf8")) as { bin: Record<string, string> }).bin[
    "pulumi-github-package-versions-record"
  ]!,
);

/** `pulumi stack export --stack e2e | node <bin> <args>` through a shell, as a person runs it. */
async function printRecord(fx: StackFixture, args: string): Promise<{ stdout: string; stderr: string }> {
  const env = { ...process.env, ...(fx.sandbox.stack.workspace as LocalWorkspace).envVars };
  return run("bash", ["-c", `set -o pipefail; pulumi stack export --stack e2e | node ${JSON.stringify(BIN)} ${args}`], {
    cwd: fx.sandbox.dir,
    env,
    maxBuffer: 64 << 20,
  });
}

interface Row {
  at: string;
  run: string;
  action: string;
  policy: string;
  package: string;
  id: number;
  name: string;
  tags: string[];
}

describe("e2e: printing what a stack's policies deleted (pulumi-github-package-versions-record)", function () {
  this.timeout(300_000);
  const fx = useStack({ seed });

  it("prints every version the policy deleted, by run, from `pulumi stack export` with no request to GitHub", async () => {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", {
      value: JSON.stringify([{ ...lots, keepLatest: 10, perVersionChildren: false }]),
    });
    const before = await printRecord(fx, "");
    assert.match(before.stdout, /^No PackagePlanWrites in this stack's state/);

    await fx.sandbox.stack.up();
    assert.equal(fx.takeWrites().length, 50);

    // A version restored by hand is deleted again by the next run: a second run in the record.
    const restored = await fetch(`${fx.emu.url}/orgs/acme/packages/npm/lots/versions/9007/restore`, {
      method: "POST",
      headers: { authorization: `token ${ADMIN_TOKEN}` },
    });
    assert.equal(restored.status, 204);
    fx.takeWrites();
    const secondRun = new Date().toISOString();
    await fx.sandbox.stack.up();
    assert.deepEqual(fx.takeWrites(), ["DELETE /orgs/acme/packages/npm/lots/versions/9007"]);
    fx.takeRequests();

    const table = await printRecord(fx, "");
    const lines = table.stdout.trimEnd().split("\n");
    assert.match(lines[0]!, /^AT +RUN +ACTION +POLICY +PACKAGE +ID +NAME +TAGS$/);
    assert.equal(lines.length, 1 + 51);
    const ids = lines.slice(1).map((line) => {
      const [at, runAt, action, policy, pkg, id] = line.split(/ +/);
      assert.ok(Date.parse(at!) >= Date.parse(runAt!), line);
      assert.deepEqual([action, policy, pkg], ["deleted", "lots", "acme/npm/lots"], line);
      return Number(id);
    });
    assert.deepEqual(
      ids.slice(0, 50).sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, i) => 9000 + i),
    );
    assert.equal(ids[50], 9007, "the second run's deletion last: sorted by time");
    assert.match(table.stderr, /^51 deleted, 0 restored by 1 policy in 2 runs/);

    const json = await printRecord(fx, `--json --since ${secondRun}`);
    const rows = json.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Row);
    assert.deepEqual(
      rows.map((r) => [r.action, r.policy, r.package, r.id, r.name, r.tags]),
      [["deleted", "lots", "acme/npm/lots", 9007, "1.0.7", []]],
    );
    assert.ok(rows[0]!.run >= secondRun && rows[0]!.at >= rows[0]!.run);

    // The Automation API's export, as a file argument, says the same.
    const file = path.join(fx.sandbox.dir, "export.json");
    fs.writeFileSync(file, JSON.stringify(await fx.sandbox.stack.exportStack()));
    const fromFile = await run(process.execPath, [BIN, "--json", file], { maxBuffer: 64 << 20 });
    assert.equal(fromFile.stdout.trimEnd().split("\n").length, 51);

    assert.deepEqual(fx.takeRequests(), [], "printing the record sends no request to GitHub");

    const bad = await printRecord(fx, "--since 'last night'").then(
      () => assert.fail("--since 'last night' was accepted"),
      (error: { code?: number; stderr?: string }) => error,
    );
    assert.equal(bad.code, 2);
    assert.equal(
      bad.stderr,
      'pulumi-github-package-versions-record: --since "last night" is not an ISO date-time with its zone, such as 2026-09-30T02:00:00Z or 2026-09-30\n',
    );
  });
});
