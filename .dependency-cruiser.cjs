// The layers of this repository and the one direction imports may run between them, checked by
// `npm run lint:deps` (dependency-cruiser), which `npm test` runs. docs/layers.md explains them.
//
// An import may point down or sideways into its own layer, never up, and never into a sibling
// on the same level. Everything below is made from the two lists that follow; to add a folder,
// add it to one of them (and say in docs/layers.md what it holds).

/**
 * The library (provider/), bottom first. Each layer names what it may import besides itself;
 * anything else in the repository is forbidden to it. `core` is the neutral bottom: domain types,
 * settings, errors, the write gate and small utilities, importing nothing of the features.
 */
const PROVIDER_LAYERS = [
  { name: "core", path: "^provider/core/", mayImport: [] },
  // GitHub's REST API, the OCI registry, and the program's ownership registry (one owner a version).
  { name: "github", path: "^provider/github/", mayImport: ["core"] },
  { name: "registry", path: "^provider/registry/", mayImport: ["core"] },
  { name: "ownership", path: "^provider/ownership/", mayImport: ["core"] },
  // The base resource (with its provider shell, which its resource class loads) and the image graph.
  {
    name: "package-version",
    path: "^provider/(package-version/|package-version-provider\\.ts$)",
    mayImport: ["core", "github", "ownership"],
  },
  { name: "images", path: "^provider/images/", mayImport: ["core", "github", "registry"] },
  // Look-ups read; the plan-writes resource writes a plan's deletions; retention plans them.
  { name: "lookups", path: "^provider/lookups/", mayImport: ["core", "github", "registry", "images", "package-version"] },
  {
    name: "plan-writes",
    path: "^provider/(plan-writes/|plan-writes-provider\\.ts$)",
    mayImport: ["core", "github", "registry", "images", "package-version"],
  },
  {
    name: "retention",
    path: "^provider/retention/",
    mayImport: ["core", "github", "registry", "ownership", "images", "package-version", "lookups", "plan-writes"],
  },
  // The package's entries (package.json `exports`): the public one (index.ts), the root project's
  // (root-project.ts) and the tests' (testing.ts); each re-exports from every layer.
  {
    name: "entries",
    path: "^provider/(index|root-project|testing)\\.ts$",
    mayImport: ["core", "github", "registry", "ownership", "images", "package-version", "lookups", "plan-writes", "retention"],
  },
];

/**
 * The parts of the repository around the library. The emulator stands alone (it is what the
 * provider is tested against, so it keeps its own copy of every rule, the 30-day restore window
 * included); the examples use only the package's public entry point, as a user's program does,
 * and the root project's program that and its root-project entry; scripts
 * (shipped as dist/scripts) may use the library and the emulator but no test code; tests may
 * import anything but the library's sources, which they load as the built package (below).
 */
const PARTS = [
  { name: "emulator", path: "^emulator/", mayImport: [] },
  { name: "program", path: "^program/", mayImport: [] },
  { name: "examples", path: "^examples/", mayImport: [] },
  { name: "scripts", path: "^scripts/", mayImport: ["provider", "emulator", "program"] },
];

const PART_PATHS = {
  provider: "^provider/",
  emulator: "^emulator/",
  program: "^program/",
  examples: "^examples/",
  scripts: "^scripts/",
  tests: "^tests/",
};
const PROJECT = "^(provider|emulator|program|examples|scripts|tests)/";
const layerPath = (name) => PROVIDER_LAYERS.find((layer) => layer.name === name).path;

const layerRules = PROVIDER_LAYERS.map((layer) => ({
  name: `layer-${layer.name}`,
  comment: `provider/ ${layer.name} may import only ${["itself", ...layer.mayImport].join(", ")} in this repository (see .dependency-cruiser.cjs)`,
  severity: "error",
  from: { path: layer.path },
  to: { path: PROJECT, pathNot: [layer.path, ...layer.mayImport.map(layerPath)] },
}));

const partRules = PARTS.map((part) => ({
  name: `part-${part.name}`,
  comment: `${part.name}/ may import only ${["itself", ...part.mayImport].join(", ")} in this repository (see .dependency-cruiser.cjs)`,
  severity: "error",
  from: { path: part.path },
  to: { path: PROJECT, pathNot: [part.path, ...part.mayImport.map((name) => PART_PATHS[name])] },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    ...partRules,
    {
      name: "provider-layer-named",
      comment: "every file of provider/ belongs to a layer: add a new folder to PROVIDER_LAYERS with what it may import",
      severity: "error",
      from: { path: "^provider/", pathNot: PROVIDER_LAYERS.map((layer) => layer.path) },
      to: {},
    },
    {
      name: "provider-stands-on-its-own",
      comment: "provider/ is the shipped package (dist/provider): it may not import the emulator, the program, examples, scripts or tests",
      severity: "error",
      from: { path: "^provider/" },
      to: { path: "^(emulator|program|examples|scripts|tests)/" },
    },
    {
      name: "examples-use-the-public-entry",
      comment:
        "examples/ are users' programs: they import the package by its name (pulumi-github-package-versions), never a file inside it",
      severity: "error",
      from: { path: "^examples/" },
      to: {
        path: "^node_modules/pulumi-github-package-versions/",
        pathNot: "^node_modules/pulumi-github-package-versions/dist/provider/index\\.(js|d\\.ts)$",
      },
    },
    {
      name: "program-uses-the-package-entries",
      comment:
        "program/ is the root project's program: it imports the package by its name, or its root-project entry (pulumi-github-package-versions/root-project), never a file inside it",
      severity: "error",
      from: { path: "^program/" },
      to: {
        path: "^node_modules/pulumi-github-package-versions/",
        pathNot: "^node_modules/pulumi-github-package-versions/dist/provider/(index|root-project)\\.(js|d\\.ts)$",
      },
    },
    {
      name: "tests-use-the-built-package",
      comment:
        "tests load the library one way: the built package through its entries (pulumi-github-package-versions and pulumi-github-package-versions/testing), never provider/ sources or a file inside dist, so a test and the provider it drives share one instance of every module (docs/development.md)",
      severity: "error",
      from: { path: "^tests/" },
      to: {
        path: ["^provider/", "^node_modules/pulumi-github-package-versions/"],
        pathNot: "^node_modules/pulumi-github-package-versions/dist/provider/(index|testing)\\.(js|d\\.ts)$",
      },
    },
    {
      name: "no-circular",
      comment: "no module loads itself through others at run time (a cycle closed by an `import type` loads nothing)",
      severity: "error",
      from: { path: PROJECT },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "not-to-unresolvable",
      comment: "an import that resolves to nothing is a typo or a missing dependency",
      severity: "error",
      from: { path: PROJECT },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.test.json" },
    // Pulumi projects and the built output are not this repository's TypeScript.
    exclude: { path: ["^dist/", "/node_modules/", "^scripts/bench-(project|trivial-provider)/"] },
    // Octokit's packages: ES modules with `exports` conditions, and one of types only; resolved as tsc does.
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["require", "import", "node", "types", "default"],
      mainFields: ["main", "types"],
    },
  },
};
