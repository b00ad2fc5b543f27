/**
 * Issue 19, "the budget is respected without failing": with the real CLI, a policy with
 * `perVersionChildren: false` stops its writes at `github:rateLimitReserve`, the `up` succeeds
 * with the rest pending, and a later `up` deletes them.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ADMIN_TOKEN, useStack } from "../support/stack-fixture";
import { seedWithNpmPackage } from "../support/provider-fixture";

const seed = () => seedWithNpmPackage("lots", { active: 60, firstId: 9000, createdFrom: "2026-09-01T00:00:00Z" });
const lots = { name: "lots", org: "acme", packageType: "npm", packageName: "lots" };
const RESERVE = 10;

describe("e2e: a retention run stops at the token's budget reserve and succeeds (github:rateLimitReserve)", function () {
  this.timeout(300_000);
  const fx = useStack({ seed });

  /** The token's remaining primary budget, as the emulator answers it (this request counts too). */
  async function remaining(): Promise<number> {
    const answer = await fetch(`${fx.emu.url}/orgs/acme/packages/npm/lots`, { headers: { authorization: `token ${ADMIN_TOKEN}` } });
    return Number(answer.headers.get("x-ratelimit-remaining"));
  }

  it("sends writes until the budget is down to the reserve, ends successfully with the rest pending, and a later up deletes them", async () => {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", {
      value: JSON.stringify([{ ...lots, keepLatest: 10, perVersionChildren: false }]),
    });
    await fx.sandbox.stack.setConfig("github:rateLimitReserve", { value: String(RESERVE) });
    // The window's requests so far, then a budget that leaves room for the program's listing and some of the 50 deletions.
    const used = 5000 - (await remaining());
    fx.emu.setRateLimits({ primaryLimit: used + 1 + 40 });
    fx.takeRequests();

    // As in GitHub Actions: the CLI, and so the program and the provider, see GITHUB_STEP_SUMMARY.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "budget-summary-"));
    const summaryFile = path.join(dir, "summary.md");
    const saved = process.env["GITHUB_STEP_SUMMARY"];
    process.env["GITHUB_STEP_SUMMARY"] = summaryFile;
    const first = await fx.sandbox.stack.up().finally(() => {
      if (saved === undefined) delete process.env["GITHUB_STEP_SUMMARY"];
      else process.env["GITHUB_STEP_SUMMARY"] = saved;
    });
    assert.equal(first.summary.result, "succeeded");
    const sent = fx.takeWrites();
    assert.ok(sent.length > 0 && sent.length < 50, `${sent.length} deletions`);
    assert.ok(sent.every((call) => call.startsWith("DELETE ")));
    const outs = fx.outputsOf("lots-writes");
    assert.equal(outs?.["stoppedForBudget"], true);
    assert.equal(outs?.["pendingAfterRun"], 50 - sent.length);
    assert.match(
      String(outs?.["budgetWarning"]),
      new RegExp(
        `^Stopped for GitHub's primary rate limit: ${sent.length} of 50 planned writes to npm package lots of org acme sent, ${50 - sent.length} pending`,
      ),
    );
    assert.equal(await remaining(), RESERVE - 1, "the run left exactly the reserve");
    const summary = fs.readFileSync(summaryFile, "utf8");
    fs.rmSync(dir, { recursive: true, force: true });
    assert.ok(summary.includes(`> [!WARNING]\n> ${String(outs?.["budgetWarning"])}\n`), summary);

    // A new budget: the next up lists again and deletes what was pending.
    fx.emu.setRateLimits({ primaryLimit: 5000 });
    fx.takeRequests();
    await fx.sandbox.stack.up();
    assert.equal(fx.takeWrites().length, 50 - sent.length);
    const after = fx.outputsOf("lots-writes");
    assert.equal(after?.["stoppedForBudget"], false);
    assert.equal(after?.["pendingAfterRun"], 0);
    assert.equal(after?.["recordedDeletions"], 50);
  });
});
