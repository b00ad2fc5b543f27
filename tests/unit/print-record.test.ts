/**
 * Issues 19 and 20, "a way to print it" / "Reading the record": the record of a stack's
 * PackagePlanWrites read from a constructed `pulumi stack export`, and the shipped command line.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  encodeRecord,
  formatJsonLines,
  formatTable,
  parseSince,
  PLAN_WRITES_TYPE,
  readStackRecord,
  type RecordedRun,
  RecordInputError,
  rowsSince,
  summaryLine,
} from "pulumi-github-package-versions/testing";

const PACKAGE_DIR = path.dirname(require.resolve("pulumi-github-package-versions/package.json"));
const manifest = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, "package.json"), "utf8")) as {
  bin: Record<string, string>;
  files: string[];
};
const BIN = path.join(PACKAGE_DIR, manifest.bin["pulumi-github-package-versions-record"]!);

const STACK = "urn:pulumi:prod::packages::pulumi:pulumi:Stack::packages-prod";
const POLICY_TYPE = "github-package-versions:index:PackageRetentionPolicy";

function writes(policy: string, coordinates: Record<string, string>, runs: RecordedRun[] | string): Record<string, unknown> {
  const parent = `urn:pulumi:prod::packages::pulumi:pulumi:Stack$${POLICY_TYPE}::${policy}`;
  return {
    urn: `urn:pulumi:prod::packages::pulumi:pulumi:Stack$${POLICY_TYPE}$${PLAN_WRITES_TYPE}::${policy}-writes`,
    custom: true,
    id: `${policy}-writes`,
    type: PLAN_WRITES_TYPE,
    parent,
    outputs: {
      ...coordinates,
      now: "2026-10-02T02:00:00.000Z",
      summary: "…",
      record: typeof runs === "string" ? runs : encodeRecord(runs),
      recordedDeletions: 0,
      recordedRestores: 0,
    },
  };
}

function exported(resources: Record<string, unknown>[]): string {
  return JSON.stringify({
    version: 3,
    deployment: {
      manifest: { time: "2026-10-02T02:01:00Z", magic: "x", version: "v3.270.0" },
      resources: [{ urn: STACK, custom: false, type: "pulumi:pulumi:Stack" }, ...resources],
    },
  });
}

const api = writes("api", { org: "acme", packageType: "container", packageName: "api" }, [
  {
    run: "2026-10-01T02:00:00.000Z",
    at: "2026-10-01T02:00:09.000Z",
    deleted: [
      [7, "sha256:aa", ["pr-1"]],
      [5, "sha256:bb", []],
    ],
    restored: [],
  },
  {
    run: "2026-10-02T02:00:00.000Z",
    at: "2026-10-02T02:00:04.000Z",
    deleted: [[8, "sha256:cc", []]],
    restored: [[5, "sha256:bb", [], "2026-10-01T02:00:08.000Z"]],
  },
]);
const lib = writes("lib", { user: "octo", packageType: "npm", packageName: "lib" }, [
  { run: "2026-10-01T03:00:00.000Z", at: "2026-10-01T03:00:01.000Z", deleted: [[41, "1.0.0", []]], restored: [] },
]);

function run(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { input: input ?? "", encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("unit: printing the record of a stack's PackagePlanWrites (pulumi-github-package-versions-record)", () => {
  it("reads every PackagePlanWrites of an export: one row a version, sorted by when the writes ended", () => {
    const record = readStackRecord(exported([api, lib]));
    assert.equal(record.resources, 2);
    assert.deepEqual(
      record.rows.map((r) => [r.at, r.action, r.policy, r.package, r.id]),
      [
        ["2026-10-01T02:00:09.000Z", "deleted", "api", "acme/container/api", 5],
        ["2026-10-01T02:00:09.000Z", "deleted", "api", "acme/container/api", 7],
        ["2026-10-01T03:00:01.000Z", "deleted", "lib", "octo/npm/lib", 41],
        ["2026-10-02T02:00:04.000Z", "deleted", "api", "acme/container/api", 8],
        ["2026-10-02T02:00:04.000Z", "restored", "api", "acme/container/api", 5],
      ],
    );
    assert.deepEqual(record.rows[4], {
      at: "2026-10-02T02:00:04.000Z",
      run: "2026-10-02T02:00:00.000Z",
      action: "restored",
      policy: "api",
      package: "acme/container/api",
      owner: "acme",
      packageType: "container",
      packageName: "api",
      id: 5,
      name: "sha256:bb",
      tags: [],
      deletedAt: "2026-10-01T02:00:08.000Z",
    });
  });

  it("prints the tags a run removed from versions that stayed (untagging), and counts them", () => {
    const shop = writes("shop", { org: "acme", packageType: "container", packageName: "shop" }, [
      {
        run: "2026-10-03T02:00:00.000Z",
        at: "2026-10-03T02:00:05.000Z",
        deleted: [[60, "sha256:dd", ["pr-5"]]],
        restored: [],
        untagged: [[61, "sha256:ee", ["pr-9"]]],
      },
    ]);
    const rows = readStackRecord(exported([shop])).rows;
    assert.deepEqual(
      rows.map((r) => [r.action, r.id, r.tags]),
      [
        ["deleted", 60, ["pr-5"]],
        ["untagged", 61, ["pr-9"]],
      ],
    );
    assert.equal(
      summaryLine(rows, undefined),
      "1 deleted, 0 restored, 1 untagged by 1 policy in 1 run, in the last 30 days (what the record keeps)",
    );
    assert.equal(
      summaryLine(readStackRecord(exported([lib])).rows, undefined),
      "1 deleted, 0 restored by 1 policy in 1 run, in the last 30 days (what the record keeps)",
    );
  });

  it("formats an aligned table and JSON lines, and --since keeps the runs planned at or after it", () => {
    const rows = rowsSince(readStackRecord(exported([api, lib])).rows, parseSince("2026-10-01T03:00:00Z"));
    assert.deepEqual(
      rows.map((r) => r.id),
      [41, 8, 5],
    );
    assert.equal(
      formatTable(rows),
      [
        "AT                        RUN                       ACTION    POLICY  PACKAGE             ID  NAME       TAGS",
        "2026-10-01T03:00:01.000Z  2026-10-01T03:00:00.000Z  deleted   lib     octo/npm/lib        41  1.0.0      -",
        "2026-10-02T02:00:04.000Z  2026-10-02T02:00:00.000Z  deleted   api     acme/container/api  8   sha256:cc  -",
        "2026-10-02T02:00:04.000Z  2026-10-02T02:00:00.000Z  restored  api     acme/container/api  5   sha256:bb  - (deleted at 2026-10-01T02:00:08.000Z)",
        "",
      ].join("\n"),
    );
    const lines = formatJsonLines(rows)
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: number; tags: string[] });
    assert.deepEqual(
      lines.map((l) => l.id),
      [41, 8, 5],
    );
    assert.deepEqual(
      rowsSince(readStackRecord(exported([api])).rows, parseSince("2026-10-01")).map((r) => [r.id, r.tags]),
      [
        [5, []],
        [7, ["pr-1"]],
        [8, []],
        [5, []],
      ],
    );
    assert.equal(parseSince("2026-10-01T04:00:00+02:00"), Date.parse("2026-10-01T02:00:00Z"));
  });

  it("refuses --since values that are not ISO times with their zone, naming the flag", () => {
    for (const bad of ["yesterday", "2026-10-01T02:00", "2026-13-01", "", "1696125600"]) {
      assert.throws(
        () => parseSince(bad),
        (e: unknown) => e instanceof RecordInputError && /^--since/.test(e.message),
        bad,
      );
    }
  });

  it("reads a secret record exported with --show-secrets, and says to use it otherwise", () => {
    const record = (api["outputs"] as Record<string, string>)["record"]!;
    const sig = "4dabf18193072939515e22adb298388d";
    const shown = {
      ...api,
      outputs: { ...(api["outputs"] as object), record: { [sig]: "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify(record) } },
    };
    assert.equal(readStackRecord(exported([shown])).rows.length, 4);
    const hidden = {
      ...api,
      outputs: { ...(api["outputs"] as object), record: { [sig]: "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" } },
    };
    assert.throws(
      () => readStackRecord(exported([hidden])),
      /is a secret in this export: export with `pulumi stack export --show-secrets`/,
    );
  });

  it("ships the command in the package (bin, under files)", () => {
    assert.ok(
      manifest.files.some((entry) => manifest.bin["pulumi-github-package-versions-record"]!.startsWith(entry.replace(/\*\*$/, ""))),
    );
    assert.match(fs.readFileSync(BIN, "utf8"), /^#!\/usr\/bin\/env node\n/);
  });

  it("the command: a table from stdin or a file, JSON lines, and a state without PackagePlanWrites says so", () => {
    const table = run([], exported([api, lib]));
    assert.equal(table.status, 0, table.stderr);
    assert.equal(table.stdout.split("\n").length, 1 + 5 + 1);
    assert.match(table.stderr, /^4 deleted, 1 restored by 2 policies in 3 runs, in the last 30 days/);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpv-record-"));
    try {
      const file = path.join(dir, "export.json");
      fs.writeFileSync(file, exported([api, lib]));
      const json = run(["--json", "--since", "2026-10-02T00:00:00Z", file]);
      assert.equal(json.status, 0, json.stderr);
      assert.deepEqual(
        json.stdout
          .trimEnd()
          .split("\n")
          .map((line) => (JSON.parse(line) as { action: string; id: number }).action + (JSON.parse(line) as { id: number }).id),
        ["deleted8", "restored5"],
      );
      assert.equal(json.stderr, "");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    const none = run([], exported([]));
    assert.equal(none.status, 0);
    assert.match(none.stdout, /^No PackagePlanWrites in this stack's state/);
    const quiet = run(["--since=2026-11-01T00:00:00Z"], exported([api]));
    assert.equal(quiet.stdout, "Nothing deleted or restored in the runs since 2026-11-01T00:00:00Z (the record of 1 PackagePlanWrites).\n");
  });

  it("the command's errors: one line, no stack trace, exit code 2", () => {
    const cases: [string[], string, RegExp][] = [
      [
        [],
        "not json {",
        /^pulumi-github-package-versions-record: the input is not JSON \(.*\): expected the output of `pulumi stack export`\n$/,
      ],
      [[], JSON.stringify({ resources: [] }), /^pulumi-github-package-versions-record: the input is JSON but not a stack export/],
      [[], "", /^pulumi-github-package-versions-record: the input is empty/],
      [
        ["--since", "last night"],
        exported([api]),
        /^pulumi-github-package-versions-record: --since "last night" is not an ISO date-time with its zone/,
      ],
      [["--since"], exported([api]), /^pulumi-github-package-versions-record: --since needs a time/],
      [["--all"], exported([api]), /^pulumi-github-package-versions-record: unknown option --all/],
      [["/nonexistent/export.json"], "", /^pulumi-github-package-versions-record: cannot read \/nonexistent\/export.json: ENOENT/],
      [
        [],
        exported([writes("bad", { org: "acme", packageType: "npm", packageName: "x" }, "bm90IGd6aXA=")]),
        /^pulumi-github-package-versions-record: the record of urn:.*::bad-writes cannot be read/,
      ],
    ];
    for (const [args, input, message] of cases) {
      const result = run(args, input);
      assert.equal(result.status, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trimEnd().split("\n").length, 1, result.stderr);
      assert.equal(result.stdout, "");
    }
  });
});
