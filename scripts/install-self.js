// Installs the built package into this repo's own node_modules, as `npm install` would for a
// user: real files under node_modules, not a link. The Pulumi projects of this repo (the root
// project, examples, tests) then load the provider from node_modules, so Pulumi's closure
// serializer records it as a short require() instead of copying its code into every resource's
// state, and the serialized provider's run-time require() resolves as it does for users.
// Run after every build (npm run build does).
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const target = path.join(root, "node_modules", "pulumi-github-package-versions");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

fs.rmSync(target, { recursive: true, force: true });
fs.mkdirSync(target, { recursive: true });
fs.copyFileSync(path.join(root, "package.json"), path.join(target, "package.json"));
for (const pattern of manifest.files) {
  const top = pattern.split("/")[0];
  const source = path.join(root, top);
  if (fs.existsSync(source) && !top.includes("*")) {
    fs.cpSync(path.join(root, pattern.replace(/\/\*\*$/, "")), path.join(target, pattern.replace(/\/\*\*$/, "")), { recursive: true });
  }
}
