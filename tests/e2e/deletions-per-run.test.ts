/**
 * Issue 19, backlogs drained run by run: a root-project policy with deletionsPerRun deletes the
 * oldest that many per `up`, succeeds, and reports the rest as pending, with the real CLI.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { useStack } from "../support/stack-fixture";
import { seedWithNpmPackage } from "../support/provider-fixture";

/** acme's npm package `backlog`: 60 active versions, ids 9000 (the oldest) to 9059 (the newest), an hour apart. */
const seed = () => seedWithNpmPackage("backlog", { active: 60, firstId: 9000, createdFrom: "2026-09-01T00:00:00Z" });
/** With a PackageVersion per version: the form whose plan lists the deleted versions too (the "left deleted" counts below). */
const backlog = { org: "acme", packageType: "npm", packageName: "backlog", perVersionChildren: true };

/** The ids from..to, both included. */
const ids = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The version ids the requests deleted, sorted. */
function deletedByRequests(writes: readonly string[]): number[] {
  return writes
    .map((w) => {
      const match = /^DELETE \/orgs\/acme\/packages\/npm\/backlog\/versions\/(\d+)$/.exec(w);
      assert.ok(match !== null, `a write other than a DELETE of a backlog version: ${w}`);
      return Number(match[1]);
    })
    .sort((a, b) => a - b);
}

describe("e2e: deletionsPerRun drains a backlog run by run (root project)", function () {
  this.timeout(600_000);
  const fx = useStack({ seed });

  it("60 versions, keepLatest 10, deletionsPerRun 20: each up deletes the 20 oldest left, then the last 10, then nothing is pending", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "summary-"));
    const file = path.join(dir, "step-summary.md");
    fs.writeFileSync(file, "");
    try {
      (fx.sandbox.stack.workspace as LocalWorkspace).envVars["GITHUB_STEP_SUMMARY"] = file;
      await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", {
        value: JSON.stringify([{ name: "backlog", ...backlog, keepLatest: 10, deletionsPerRun: 20 }]),
      });

      const preview = await fx.sandbox.stack.preview();
      assert.deepEqual(fx.takeWrites(), [], "preview writes nothing");
      assert.match(
        preview.stdout,
        /Retention plan backlog \(npm package backlog of org acme, at [^)]+\): 10 kept, 20 deleted this run, 30 pending: 2 more runs at 20 a run, 0 restored, 0 left deleted/,
      );
      assert.match(
        preview.stdout,
        /1\.0\.20\s+-\s+\d+d\s+pending\s+pending: deleted by a later run \(deletionsPerRun 20\): beyond the newest 10 selected versions/,
      );
      assert.match(
        fs.readFileSync(file, "utf8"),
        /^20 to be deleted this run, 30 pending: 2 more runs at 20 a run, 0 to be restored, 10 kept, 0 left deleted$/m,
      );

      const expected = [
        // The versions earlier runs deleted are listed too (deleted in the last 30 days): left deleted.
        { deleted: ids(9000, 9019), pending: 30, line: "20 deleted this run, 30 pending: 2 more runs at 20 a run", leftDeleted: 0 },
        { deleted: ids(9020, 9039), pending: 10, line: "20 deleted this run, 10 pending: 1 more run at 20 a run", leftDeleted: 20 },
        { deleted: ids(9040, 9049), pending: 0, line: "10 deleted this run, 0 pending", leftDeleted: 40 },
      ];
      for (const [run, want] of expected.entries()) {
        const before = fs.readFileSync(file, "utf8").length;
        const up = await fx.sandbox.stack.up();
        assert.deepEqual(
          deletedByRequests(fx.takeWrites()),
          want.deleted,
          `up #${run + 1} deletes exactly the oldest that remain, once each`,
        );
        const retention = (
          up.outputs["retention"]?.value as Record<string, { kept: number[]; deleted: number[]; pendingDeletions: number }>
        )["backlog"]!;
        assert.equal(retention.pendingDeletions, want.pending, `up #${run + 1} reports what waits`);
        assert.deepEqual(
          [...retention.deleted].sort((a, b) => a - b),
          want.deleted,
        );
        assert.deepEqual(
          [...retention.kept].sort((a, b) => a - b),
          ids(9050, 9059),
          "keptIds holds what the rules keep, not what waits",
        );
        assert.equal(fx.outputsOf("backlog")?.["pendingDeletions"], want.pending, "the policy's output");
        assert.equal((fx.outputsOf("backlog")?.["pendingIds"] as number[]).length, want.pending);
        assert.ok(
          up.stdout.includes(`10 kept, ${want.line}, 0 restored, ${want.leftDeleted} left deleted`),
          `the plan table of up #${run + 1}:\n${up.stdout}`,
        );
        const summary = fs.readFileSync(file, "utf8").slice(before);
        assert.ok(
          summary.includes(`\n${want.line}, 0 restored, 10 kept, ${want.leftDeleted} left deleted\n`),
          `the job summary of up #${run + 1}:\n${summary}`,
        );
        for (const id of ids(9000, 9059))
          assert.equal(fx.isActive("backlog", id), id > want.deleted.at(-1)!, `version ${id} after up #${run + 1}`);
      }

      const last = await fx.sandbox.stack.preview({ expectNoChanges: true });
      assert.match(last.stdout, /10 kept, 0 deleted this run, 0 pending, 0 restored, 50 left deleted/);
      assert.deepEqual(fx.takeWrites(), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a pattern entry takes deletionsPerRun too, per package; maxDeletions still refuses the whole plan", async () => {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", {
      value: JSON.stringify([
        {
          name: "all",
          org: "acme",
          packageType: "npm",
          packageName: "back*",
          keepLatest: 10,
          deletionsPerRun: 25,
          maxDeletions: 50,
          perVersionChildren: true,
        },
      ]),
    });
    const up = await fx.sandbox.stack.up();
    assert.deepEqual(deletedByRequests(fx.takeWrites()), ids(9000, 9024));
    const byPackage = up.outputs["retention"]?.value as Record<string, Record<string, { pendingDeletions: number }>>;
    assert.equal(byPackage["all"]!["backlog"]!.pendingDeletions, 25);
    assert.equal(fx.outputsOf("all-backlog")?.["pendingDeletions"], 25);

    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", {
      value: JSON.stringify([
        {
          name: "all",
          org: "acme",
          packageType: "npm",
          packageName: "back*",
          keepLatest: 1,
          deletionsPerRun: 5,
          maxDeletions: 30,
          perVersionChildren: true,
        },
      ]),
    });
    await assert.rejects(fx.sandbox.stack.up(), /deletes 34 versions, more than maxDeletions \(30\)\. [^]*Nothing was changed/);
    assert.deepEqual(fx.takeWrites(), [], "refused whole, though a run would delete only 5");
  });
});
