// Installs the built package into this repo's own node_modules, as `npm install` would for a
// user: real files under node_modules, not a link. The Pulumi projects of this repo (the root
// project, examples, tests) then load the provider from node_modules, so Pulumi's closure
// serializer records it as a short require() instead of copying its code into every resource's
// state, and the serialized provider's run-time require() resolves as it does for users.
// Run after every build (npm run build does).
const path = require("node:path");
const { layOutPackage, root } = require("./package-layout");

layOutPackage(path.join(root, "node_modules", "pulumi-github-package-versions"));
