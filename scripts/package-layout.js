// The package exactly as a user installs it: the files package.json ships, and a manifest
// without the repository's own `scripts` and `devDependencies` (a `prepare` script in an
// installed package makes npm warn about install scripts, and it could not run there anyway).
// Used by install-self.js (the copy in this repo's node_modules) and pack.js (the tarball).
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");

/**
 * The manifest users get: the repository's package.json less what only builds the repository, with
 * its `publishConfig.exports` as `exports` (as pnpm and yarn publish it). The repository's own
 * package.json has no `exports`: with one, Node resolves `pulumi-github-package-versions` inside the
 * repository to the repository itself (package self-reference), so the root project, the examples'
 * sandboxes and the tests would load dist/ instead of the installed copy in node_modules, and
 * Pulumi would serialize the provider by value instead of as a require() of the installed file.
 */
function shippedManifest() {
  const {
    scripts: _scripts,
    devDependencies: _devDependencies,
    publishConfig: { exports, ...publishConfig } = {},
    ...fields
  } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  if (exports === undefined) throw new Error("package.json: publishConfig.exports is missing (the package's entries)");
  const manifest = {};
  for (const [key, value] of Object.entries(fields)) {
    manifest[key] = value;
    if (key === "types") manifest.exports = exports;
  }
  if (Object.keys(publishConfig).length > 0) manifest.publishConfig = publishConfig;
  return manifest;
}

/** Lays the shipped package out in `target` (emptied first). */
function layOutPackage(target) {
  const manifest = shippedManifest();
  if (!fs.existsSync(path.join(root, "dist", "provider", "index.js"))) {
    throw new Error("dist/provider/index.js is missing: run `npm run build` first");
  }
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(path.join(target, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const pattern of manifest.files) {
    const entry = pattern.replace(/\/\*\*$/, "");
    if (entry.includes("*")) throw new Error(`package.json files: only plain paths and dir/** are laid out, got ${pattern}`);
    fs.cpSync(path.join(root, entry), path.join(target, entry), { recursive: true });
  }
  // Executable, as npm makes a package's bins when it installs them (and links them in node_modules/.bin).
  for (const bin of Object.values(manifest.bin ?? {})) fs.chmodSync(path.join(target, bin), 0o755);
}

module.exports = { layOutPackage, root };
