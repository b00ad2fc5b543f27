import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT, useStack } from "./e2e-fixture";

/** npm pack, then a fresh install of the tarball, as a user's project gets the package. */
function installPackedPackage(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpv-packed-"));
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: REPO_ROOT, encoding: "utf8" }).trim().split("\n").pop()!;
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "packed-user", private: true, main: "index.js" }));
  const pulumiVersion = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as { version: string }).version;
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", path.join(dir, tarball), `@pulumi/pulumi@${pulumiVersion}`], { cwd: dir, stdio: "ignore" });
  return dir;
}

describe("e2e: the package installed from npm pack into a fresh project", function () {
  this.timeout(600_000);
  let installDir = "";
  before(function () {
    this.timeout(600_000);
    installDir = installPackedPackage();
  });
  after(() => fs.rmSync(installDir, { recursive: true, force: true }));

  const fx = useStack({
    projectDir: path.join(REPO_ROOT, "tests", "e2e", "packed-project"),
    include: ["Pulumi.yaml", "index.js"],
    nodeModulesDir: () => path.join(installDir, "node_modules"),
  });

  it("runs up and destroy, with the provider serialized as a require() of the installed file", async () => {
    assert.ok(!fs.lstatSync(path.join(installDir, "node_modules", "pulumi-github-package-versions")).isSymbolicLink());
    const up = await fx.sandbox.stack.up();
    assert.equal(up.outputs["removed"]?.value, "deleted");
    assert.equal(up.outputs["kept"]?.value, 1002);
    assert.deepEqual(fx.takeWrites(), ["DELETE /orgs/acme/packages/container/api/versions/1001"]);
    const providers = fx.sandbox.serializedProviders();
    assert.equal(providers.length, 2);
    for (const text of providers) assert.match(text, /require\("pulumi-github-package-versions\/dist\/provider\/package-version-provider\.js"\)/);
    await fx.sandbox.stack.destroy();
  });
});
