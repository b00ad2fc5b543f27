// `npm run tarball [-- <destination>]`: the tarball users install (`npm install <file>.tgz`),
// packed from the shipped layout (package-layout.js), so it carries no build scripts.
// Prints the tarball's path as its last line.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { layOutPackage, root } = require("./package-layout");

const destination = path.resolve(process.argv[2] ?? root);
fs.mkdirSync(destination, { recursive: true });
const staging = fs.mkdtempSync(path.join(os.tmpdir(), "gpv-pack-"));
try {
  layOutPackage(staging);
  // Without the npm_* variables of `npm run`, which point npm back at this repository.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_")));
  const file = execFileSync("npm", ["pack", "--silent", "--pack-destination", destination], { cwd: staging, env, encoding: "utf8" })
    .trim()
    .split("\n")
    .pop();
  console.log(path.join(destination, file));
} finally {
  fs.rmSync(staging, { recursive: true, force: true });
}
