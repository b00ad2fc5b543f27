/**
 * Issue 20, "Restores at the floor": an undo's restores through the PackagePlanWrites provider,
 * real Octokit over HTTP against the emulator. One POST per version and nothing else; a dropped
 * answer or a 5xx observed again as deletes are; what cannot be restored named in the failure,
 * after the rest went through and were recorded.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  decodeRecord,
  type PlannedEntry,
  planWritesHandlers as planWrites,
  type PlanWritesInputs,
  type PlanWritesOutputs,
  type UnrestorableEntry,
} from "pulumi-github-package-versions/testing";
import { ADMIN_TOKEN, failureOf, seedWithNpmPackage, stackConfig, useProvider } from "../support/provider-fixture";
import { withEnv } from "../support/env";

const FIRST_ID = 7000;
/** 10 active versions (7000..7009), then 10 deleted on 2026-11-20 (7010..7019), within 30 days of the emulator's clock. */
const seed = () => {
  const s = seedWithNpmPackage("undo", { active: 10, deleted: 10, firstId: FIRST_ID, createdFrom: "2026-01-01T00:00:00Z" });
  s.now = "2026-12-04T00:00:00Z";
  return s;
};
const API = "/orgs/acme/packages/npm/undo/versions";
const DELETED_AT = "2026-11-20T00:00:00Z";
const restore = (id: number): PlannedEntry => [id, `1.0.${id - FIRST_ID}`, [], DELETED_AT];

function undoInputs(restores: PlannedEntry[], unrestorable: UnrestorableEntry[] = []): PlanWritesInputs {
  return {
    org: "acme",
    packageType: "npm",
    packageName: "undo",
    now: "2026-12-04T00:00:00Z",
    deletions: "[]",
    restores: JSON.stringify(restores),
    undoSince: "2026-11-19T00:00:00Z",
    unrestorable: JSON.stringify(unrestorable),
    summary: "undo",
  };
}

describe("PackagePlanWrites provider: an undo's restores (restoreDeletedSince)", () => {
  const fx = useProvider(seed);
  beforeEach(() => planWrites.configure(stackConfig({ "github:token": ADMIN_TOKEN, "github:baseUrl": fx.emu.url })));
  const undoPackage = () => fx.emu.state().packages.find((p) => p.name === "undo")!;
  const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it("sends one POST per version and nothing else, and records each restore", async () => {
    const outs = (await planWrites.create(undoInputs(ids(7010, 7014).map(restore)))).outs!;
    assert.deepEqual(
      [...fx.log()].sort(),
      ids(7010, 7014).map((id) => `POST ${API}/${id}/restore 204`),
    );
    assert.equal(outs.recordedRestores, 5);
    assert.deepEqual(
      decodeRecord(outs.record)[0]!
        .restored.map(([id]) => id)
        .sort(),
      ids(7010, 7014),
    );
    const versions = undoPackage().versions;
    for (const id of ids(7010, 7014)) assert.equal(versions.find((v) => v.id === id)?.deletedAt, undefined, `${id} active`);
    assert.ok(versions.find((v) => v.id === 7015)?.deletedAt !== undefined, "7015 was not asked for");
  });

  it("a dropped answer and a 5xx are observed again: restored and recorded, with one GET each and no listing", async () => {
    fx.emu.setFaults([
      { method: "POST", path: "/7010/restore$", dropResponse: true, times: 1 },
      { method: "POST", path: "/7011/restore$", status: 502, times: 3 },
    ]);
    const outs = (await planWrites.create(undoInputs([restore(7010), restore(7011)]))).outs!;
    const log = fx.log();
    assert.deepEqual(
      log.filter((line) => line.includes("/7010")),
      [`POST ${API}/7010/restore 0 (dropped 204)`, `POST ${API}/7010/restore 404`, `GET ${API}/7010 200`],
    );
    // Octokit's retries answer 502 until the fault is used up, then the POST goes through; no GET after a 204.
    assert.deepEqual(log.filter((line) => line.includes("/7011")).at(-1), `POST ${API}/7011/restore 204`);
    assert.equal(log.filter((line) => /state=deleted/.test(line)).length, 0, "no listing of deleted versions");
    assert.equal(outs.recordedRestores, 2);
  });

  it("names what cannot be restored (known at plan time, or refused by GitHub) after restoring the rest, and records the rest", async () => {
    // 7012's name is reused by an active version published since: GitHub answers 400.
    const state = fx.emu.state();
    const pkg = undoPackage();
    fx.emu.seed({
      packages: [
        {
          id: pkg.id,
          owner: pkg.owner,
          ownerType: pkg.ownerType,
          packageType: pkg.packageType,
          name: pkg.name,
          versions: [
            ...pkg.versions.map(({ id, name, createdAt, deletedAt }) => ({ id, name, createdAt, ...(deletedAt ? { deletedAt } : {}) })),
            { id: 7100, name: "1.0.12", createdAt: state.now },
          ],
        },
      ],
    });
    const unrestorable: UnrestorableEntry[] = [
      [
        7005,
        "1.0.5",
        [],
        "2026-10-01T00:00:00Z",
        "deleted by this policy at 2026-10-01T00:00:00Z, more than 30 days before 2026-12-04T00:00:00.000Z: GitHub no longer has it",
      ],
    ];
    const summary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gpv-summary-")), "summary.md");
    const error = await withEnv("GITHUB_STEP_SUMMARY", summary, () =>
      failureOf(planWrites.create(undoInputs([restore(7011), restore(7012), restore(7013)], unrestorable))),
    );
    // The job summary (written by the program from the plan) gets what the run could not restore, as a caution.
    const appended = fs.readFileSync(summary, "utf8");
    assert.ok(
      appended.startsWith(
        "\n> [!CAUTION]\n> The undo since 2026-11-19T00:00:00Z of npm package undo of org acme restored 2 of the 4 versions",
      ),
      appended,
    );
    assert.match(appended, /\n> {3}1\.0\.5 \(id 7005,[^\n]*\n> {3}1\.0\.12 \(id 7012,/);
    fs.rmSync(path.dirname(summary), { recursive: true, force: true });
    assert.equal(error.name, "UndoIncompleteError");
    assert.equal(
      error.message.split("\n")[0],
      "The undo since 2026-11-19T00:00:00Z of npm package undo of org acme restored 2 of the 4 versions it was asked to restore (those are recorded); 2 could not be:",
    );
    assert.match(
      error.message,
      /\n {2}1\.0\.5 \(id 7005, deleted at 2026-10-01T00:00:00Z\): deleted by this policy at 2026-10-01T00:00:00Z, more than 30 days before/,
    );
    assert.match(
      error.message,
      /\n {2}1\.0\.12 \(id 7012, deleted at 2026-11-20T00:00:00Z\): Cannot restore version 1\.0\.12 \(id 7012\) [^\n]*: its name was reused by a newer active version\. GitHub said \(400\)/,
    );
    assert.ok(!error.message.includes(ADMIN_TOKEN));
    assert.deepEqual(
      fx
        .log()
        .filter((line) => line.startsWith("POST "))
        .sort(),
      [`POST ${API}/7011/restore 204`, `POST ${API}/7012/restore 400`, `POST ${API}/7013/restore 204`],
    );
    // The failure carries the outputs (the engine keeps them): the two restores are recorded.
    const properties = (error as unknown as { properties: PlanWritesOutputs }).properties;
    assert.deepEqual(
      decodeRecord(properties.record)[0]!
        .restored.map(([id]) => id)
        .sort(),
      [7011, 7013],
    );
  });

  it("an undo with only versions it cannot restore still updates, so that the run fails naming them", async () => {
    const olds = (await planWrites.create(undoInputs([]))).outs!;
    const news = undoInputs([], [[7005, "1.0.5", [], "2026-10-01T00:00:00Z", "gone"]]);
    assert.equal((await planWrites.diff("id", olds, news)).changes, true);
    assert.equal((await planWrites.diff("id", olds, undoInputs([]))).changes, false);
    const error = await failureOf(planWrites.update("id", olds, news));
    assert.match(
      error.message,
      /restored 0 of the 1 versions it was asked to restore \(those are recorded\); 1 could not be:\n {2}1\.0\.5 \(id 7005, deleted at 2026-10-01T00:00:00Z\): gone$/,
    );
    assert.deepEqual(fx.log(), []);
  });
});
