// The benchmark's Pulumi program (scripts/bench.ts writes the stack configuration). Plain
// JavaScript, so that no scenario pays for TypeScript compilation.
const pulumi = require("@pulumi/pulumi");
const { PackageRetentionPolicy, PackageVersion } = require("pulumi-github-package-versions");

const config = new pulumi.Config("bench");
const scenario = config.require("scenario");
const count = config.requireNumber("versions");
// The versions scripts/bench.ts seeds: ids FIRST_ID, FIRST_ID + 1, ..., named 1.0.0, 1.0.1, ...
const FIRST_ID = 100000;
const ids = scenario === "large" ? [] : Array.from({ length: count }, (_, i) => FIRST_ID + i);
const names = ids.map((_, i) => `1.0.${i}`);
const keepLatest = config.getNumber("keepLatest") ?? 10;
const pkg = { org: "acme", packageType: "npm", packageName: "widget" };

/**
 * The baseline: a dynamic provider that does nothing, one input per resource. Like
 * PackageVersion's, it is the whole export of a package under node_modules (scripts/bench.ts
 * installs scripts/bench-trivial-provider there), so each resource records it as a require().
 */
const trivialProvider = scenario === "trivial" ? require("bench-trivial-provider") : undefined;

if (scenario === "trivial") {
  ids.forEach((_, index) => new pulumi.dynamic.Resource(trivialProvider, `trivial-${index}`, { index }, undefined, "bench", "Trivial"));
} else if (scenario === "by-id") {
  ids.forEach((versionId) => new PackageVersion(`widget-${versionId}`, { ...pkg, versionId }));
} else if (scenario === "by-name") {
  names.forEach((version, index) => new PackageVersion(`widget-${ids[index]}`, { ...pkg, version }));
} else if (scenario === "retention") {
  new PackageRetentionPolicy("widget", { ...pkg, keepLatest });
} else if (scenario === "large") {
  // npm run bench -- --scenario large: one resource for the package (perVersionChildren: false),
  // a backlog drained deletionsPerRun at a time.
  const deletionsPerRun = config.getNumber("deletionsPerRun");
  new PackageRetentionPolicy("widget", {
    ...pkg,
    keepLatest,
    perVersionChildren: false,
    ...(deletionsPerRun !== undefined ? { deletionsPerRun } : {}),
  });
} else {
  throw new pulumi.RunError(`bench:scenario must be trivial, by-id, by-name, retention or large, got ${JSON.stringify(scenario)}`);
}
