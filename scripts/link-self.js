// Makes this package resolvable by its own name from the repo root, the way it is
// resolved in a user's project: the serialized provider requires
// "pulumi-github-package-versions/dist/..." at run time, and Node's self-reference
// does not work for code loaded without a file name (the Pulumi provider process).
const fs = require("node:fs");
const path = require("node:path");

const link = path.join(__dirname, "..", "node_modules", "pulumi-github-package-versions");
fs.mkdirSync(path.dirname(link), { recursive: true });
try {
  fs.lstatSync(link);
} catch {
  fs.symlinkSync("..", link, "dir");
}
