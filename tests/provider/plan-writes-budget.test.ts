import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { GitHubSettingsError } from "pulumi-github-package-versions";
import {
  decodeRecord,
  type PlannedEntry,
  planWritesHandlers as planWrites,
  type PlanWritesInputs,
  type PlanWritesOutputs,
} from "pulumi-github-package-versions/testing";
import { ADMIN_TOKEN, failureOf, seedWithNpmPackage, stackConfig, useProvider } from "../support/provider-fixture";
import { warningsDuring } from "../support/console";
import { withEnv } from "../support/env";

const FIRST_ID = 7000;
const PLANNED = 50;
const backlog = { org: "acme", packageType: "npm", packageName: "backlog" } as const;
const seed = () => seedWithNpmPackage("backlog", { active: PLANNED + 10, firstId: FIRST_ID, createdFrom: "2026-01-01T00:00:00Z" });

/** The oldest PLANNED versions of the package, as the program plans their deletion. */
function inputs(): PlanWritesInputs {
  const deletions: PlannedEntry[] = Array.from({ length: PLANNED }, (_, i) => [FIRST_ID + i, `1.0.${i}`, []]);
  return { ...backlog, now: "2026-12-01T00:00:00Z", deletions: JSON.stringify(deletions), restores: "[]", summary: `${PLANNED} deleted` };
}

describe("PackagePlanWrites provider: the primary budget's reserve (github:rateLimitReserve)", () => {
  // 30 requests in the hour: 20 above a reserve of 10 (the window ends an hour away, so nothing is waited out).
  const fx = useProvider(seed, { primaryLimit: 30, primaryWindowMs: 3_600_000 });
  const configure = (values: Record<string, string> = {}): Promise<void> =>
    planWrites.configure(stackConfig({ "github:token": ADMIN_TOKEN, "github:baseUrl": fx.emu.url, ...values }));
  const deletes = () => fx.log().filter((line) => line.startsWith("DELETE "));
  const create = async (): Promise<PlanWritesOutputs> => (await planWrites.create(inputs())).outs!;
  /** Creates the resource, its warnings kept off the test's console. */
  const createQuietly = (): Promise<void> => warningsDuring(async () => void (await create())).then(() => undefined);
  let env: string | undefined;
  beforeEach(() => {
    env = process.env["GITHUB_RATE_LIMIT_RESERVE"];
    delete process.env["GITHUB_RATE_LIMIT_RESERVE"];
  });
  afterEach(() => {
    if (env === undefined) delete process.env["GITHUB_RATE_LIMIT_RESERVE"];
    else process.env["GITHUB_RATE_LIMIT_RESERVE"] = env;
  });

  it("stops sending deletions at the reserve: exactly the 20 the budget allows are sent, the call succeeds and 30 are pending", async () => {
    await configure({ "github:rateLimitReserve": "10" });
    let outs: PlanWritesOutputs | undefined;
    const warnings = await warningsDuring(async () => {
      outs = await create();
    });
    assert.equal(deletes().length, 20, fx.log().join("\n"));
    assert.ok(
      deletes().every((line) => / 204$/.test(line)),
      deletes().join("\n"),
    );
    assert.equal(fx.log().length, 20, "one request per write, nothing else");
    // The oldest first, as planned.
    assert.deepEqual(
      deletes()
        .map((line) => Number(/\/versions\/(\d+) /.exec(line)![1]))
        .sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => FIRST_ID + i),
    );
    assert.equal(outs!.stoppedForBudget, true);
    assert.equal(outs!.pendingAfterRun, 30);
    assert.equal(outs!.recordedDeletions, 20);
    assert.equal(decodeRecord(outs!.record)[0]!.deleted.length, 20);
    assert.match(
      outs!.budgetWarning!,
      /^Stopped for GitHub's primary rate limit: 20 of 50 planned writes to npm package backlog of org acme sent, 30 pending for a later run \(10 of 30 requests left until \S+Z; github:rateLimitReserve is 10\)\.$/,
    );
    assert.deepEqual(warnings, [outs!.budgetWarning]);
  });

  it("counts restores it did not send as pending too", async () => {
    await configure({ "github:rateLimitReserve": "10" });
    const planned = inputs();
    const deletions = (JSON.parse(planned.deletions) as PlannedEntry[]).slice(0, 25);
    const restores: PlannedEntry[] = Array.from({ length: 5 }, (_, i) => [
      FIRST_ID + PLANNED + i,
      `1.0.${PLANNED + i}`,
      [],
      "2026-11-20T00:00:00Z",
    ]);
    let outs: PlanWritesOutputs | undefined;
    await warningsDuring(async () => {
      outs = (await planWrites.create({ ...planned, deletions: JSON.stringify(deletions), restores: JSON.stringify(restores) })).outs;
    });
    assert.equal(deletes().length, 20);
    assert.equal(fx.log().filter((line) => line.startsWith("POST ")).length, 0);
    assert.equal(outs!.pendingAfterRun, 10);
    assert.match(outs!.budgetWarning!, /: 20 of 30 planned writes .* 10 pending for a later run/);
  });

  it("appends the warning to the job summary when GITHUB_STEP_SUMMARY names a file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "budget-summary-"));
    const file = path.join(dir, "summary.md");
    fs.writeFileSync(file, "# earlier\n");
    await configure({ "github:rateLimitReserve": "10" });
    const outs = await withEnv("GITHUB_STEP_SUMMARY", file, () => createQuietly().then(() => fs.readFileSync(file, "utf8")));
    assert.match(
      outs,
      /^# earlier\n\n> \[!WARNING\]\n> Stopped for GitHub's primary rate limit: 20 of 50 planned writes .* 30 pending for a later run/,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps 100 requests by default (here: 30 of 130 spent, 20 pending)", async () => {
    fx.emu.setRateLimits({ primaryLimit: 130 });
    await configure();
    let outs: PlanWritesOutputs | undefined;
    await warningsDuring(async () => {
      outs = await create();
    });
    assert.equal(deletes().length, 30);
    assert.equal(outs!.stoppedForBudget, true);
    assert.equal(outs!.pendingAfterRun, 20);
  });

  it("takes GITHUB_RATE_LIMIT_RESERVE when the stack sets none", async () => {
    await configure();
    const outs = await withEnv("GITHUB_RATE_LIMIT_RESERVE", "25", () => createQuietly().then(() => deletes().length));
    assert.equal(outs, 5);
  });

  it("with a reserve of 0 writes as before: every write goes until GitHub refuses them, and the step fails saying so", async () => {
    await configure({ "github:rateLimitReserve": "0" });
    const error = await failureOf(create());
    assert.equal(deletes().filter((line) => / 204$/.test(line)).length, 30);
    assert.equal(deletes().length, PLANNED, "every planned deletion is sent");
    assert.match(error.message, /^20 of the retention plan's writes to npm package backlog of org acme failed/);
    assert.match(error.message, /rate limit/);
    assert.equal((error as unknown as { properties: PlanWritesOutputs }).properties.stoppedForBudget, false);
  });

  it("refuses a reserve that is not a whole number, naming the setting", async () => {
    for (const bad of ["lots", "-1", "1.5", "10%"]) {
      const error = await failureOf(configure({ "github:rateLimitReserve": bad }));
      assert.ok(error instanceof GitHubSettingsError, String(error));
      assert.equal(error.setting, "github:rateLimitReserve");
      assert.match(
        error.message,
        /^github:rateLimitReserve must be the number of requests of GitHub's primary rate limit .*`pulumi config set github:rateLimitReserve 500`/,
      );
    }
    await configure();
    const error = await withEnv("GITHUB_RATE_LIMIT_RESERVE", "plenty", () => failureOf(create()));
    assert.ok(error instanceof GitHubSettingsError, String(error));
    assert.equal(error.setting, "GITHUB_RATE_LIMIT_RESERVE");
    assert.match(error.message, /`export GITHUB_RATE_LIMIT_RESERVE=500`/);
    assert.equal(fx.log().length, 0, "nothing sent");
  });
});
