import { strict as assert } from "node:assert";
import { seedRefusal as refusal } from "../support/seed-refusal";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_TYPES, parseSeed } from "../../emulator";
import seedSchema from "../../emulator/seed.schema.json";
import { baseSeed } from "../support/emulator-fixture";

const pkg = { owner: "a", ownerType: "org", packageType: "npm", name: "p" } as const;

describe("emulator: seed schema (emulator/seed.schema.json)", () => {
  it("accepts the base seed and the example seed of docs/emulator.md", () => {
    assert.equal(parseSeed(baseSeed()).packages[0]?.versions.length, 4);
    const readme = readFileSync(join(__dirname, "../../docs/emulator.md"), "utf8");
    const example = /### Seed format[\s\S]*?```json\n([\s\S]*?)\n```/.exec(readme)?.[1];
    assert.ok(example !== undefined, "docs/emulator.md has a Seed format example");
    const parsed = parseSeed(JSON.parse(example) as unknown);
    assert.deepEqual(
      parsed.packages.map((p) => p.versions.length),
      [3],
    );
  });

  it("lists the package types the emulator knows", () => {
    assert.deepEqual(seedSchema.$defs.package.properties.packageType.enum, [...PACKAGE_TYPES]);
  });

  const refused: [string, unknown, string, string][] = [
    ["a root that is not an object", "x", "seed", "must be an object"],
    ["an unknown top-level field", { tokenz: [] }, "tokenz", "is not a known field (expected one of now, tokens, packages)"],
    ["a missing required field", { tokens: [{ token: "t", login: "x" }] }, "tokens[0].scopes", "is required"],
    [
      "an empty string in a list",
      { tokens: [{ token: "t", login: "x", scopes: [""] }] },
      "tokens[0].scopes[0]",
      "must be a non-empty string",
    ],
    ["an id below 1", { tokens: [{ token: "t", login: "x", scopes: [], userId: 0 }] }, "tokens[0].userId", "must be an integer >= 1"],
    [
      "a fractional count",
      { packages: [{ ...pkg, versions: [{ name: "1", downloads: 1.5 }] }] },
      "packages[0].versions[0].downloads",
      "must be an integer >= 0",
    ],
    ["an unsafe integer id", { packages: [{ ...pkg, id: 2 ** 53 }] }, "packages[0].id", "must be an integer >= 1"],
    [
      "a value outside an enum",
      { packages: [{ ...pkg, visibility: "internal" }] },
      "packages[0].visibility",
      'must be one of "public", "private"',
    ],
    [
      "a date without a time zone",
      { packages: [{ ...pkg, createdAt: "2026-11-26T00:00:00" }] },
      "packages[0].createdAt",
      'must be an ISO 8601 date-time such as "2026-11-26T00:00:00Z"',
    ],
    [
      "a leap second Date.parse refuses",
      { now: "2026-12-31T23:59:60Z" },
      "now",
      'must be an ISO 8601 date-time such as "2026-11-26T00:00:00Z"',
    ],
    [
      "a repository that is not owner/name",
      { packages: [{ ...pkg, repository: "api" }] },
      "packages[0].repository",
      'must match ^[^/\\s]+/[^/\\s]+$, such as "acme/api"',
    ],
    ["versions that are not an array", { packages: [{ ...pkg, versions: {} }] }, "packages[0].versions", "must be an array"],
    [
      "an unknown field named like an index",
      { packages: [{ ...pkg, versions: [{ name: "1", "0": 1 }] }] },
      "packages[0].versions[0].0",
      "is not a known field (expected one of id, name, key, tags, createdAt, updatedAt, deletedAt, downloads, description, license, manifest, rawManifest)",
    ],
    [
      "a token twice",
      {
        tokens: [
          { token: "t", login: "x", scopes: [] },
          { token: "t", login: "y", scopes: [] },
        ],
      },
      "tokens[1].token",
      "duplicates an earlier token in this seed",
    ],
    [
      "the first problem in the document, then missing fields",
      { packages: [{ owner: "a", ownerType: "x", visibility: "y" }] },
      "packages[0].ownerType",
      'must be one of "org", "user"',
    ],
    ["missing fields in the schema's order", { packages: [{ owner: "a", ownerType: "org" }] }, "packages[0].packageType", "is required"],
    [
      "a package twice (owners ignore case)",
      { packages: [pkg, { ...pkg, owner: "A" }] },
      "packages[1]",
      "duplicates an earlier package (owner, ownerType, packageType, name) in this seed",
    ],
  ];
  for (const [label, seed, field, problem] of refused) {
    it(`refuses ${label}, naming ${field}`, () => {
      assert.deepEqual(refusal(seed), { field, message: `Invalid seed: ${field} ${problem}` });
    });
  }
});
