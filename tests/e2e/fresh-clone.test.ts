import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { type Emulator, startEmulator } from "../../emulator";
import { baseSeed } from "../support/provider-fixture";
import { ADMIN_TOKEN, REPO_ROOT, useStack } from "../support/stack-fixture";
import { type FreshClone, freshClone, succeeded } from "../support/fresh-clone";

const TARBALL = "pulumi-github-package-versions-0.1.0.tgz";

/** The first sh block under a heading of a documentation page (README.md, docs/*.md): the commands a user copies. */
function documentedCommands(page: string, heading: string): string[] {
  const readme = fs.readFileSync(path.join(REPO_ROOT, page), "utf8");
  const section = readme.slice(readme.indexOf(`\n${heading}\n`));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block !== undefined, `no sh block under ${heading} in ${page}`);
  return block
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** Version declarations as a user types them into Pulumi.prod.yaml. */
const DECLARATIONS = `  package-versions:versions:
    - { org: acme, packageType: container, packageName: api, tag: latest }
    - { org: acme, packageType: container, packageName: api, versionId: 1001, state: deleted }
    - { org: acme, packageType: container, packageName: api, versionId: 1000, name: api-v1 }
    - { org: acme, packageType: npm, packageName: widget, version: 1.4.2, protect: true }
`;

describe("e2e: a fresh git clone after npm ci, as the README and docs/running.md say", function () {
  this.timeout(900_000);
  let clone: FreshClone;
  before(async function () {
    this.timeout(900_000);
    clone = await freshClone();
  });
  after(() => clone?.cleanup());

  describe("the root project (Against real GitHub)", () => {
    let emu: Emulator;
    beforeEach(async () => {
      emu = await startEmulator({ seed: baseSeed() });
    });
    afterEach(async () => emu.close());
    const writes = () =>
      emu
        .requests()
        .filter((r) => r.method !== "GET")
        .map((r) => `${r.method} ${r.path}`);
    const pulumi = (...args: string[]) => succeeded(`pulumi ${args.join(" ")}`, clone.run("pulumi", [...args, "--non-interactive"]));

    it("runs program/ with dist/ built: preview --diff, up, no changes after; npm run build changes nothing", async () => {
      assert.ok(fs.existsSync(path.join(clone.dir, "dist", "provider", "index.js")), "npm ci built dist/ (the package's main)");
      assert.deepEqual(documentedCommands("docs/running.md", "## Against real GitHub").slice(0, 3), [
        "npm ci",
        "pulumi login --local",
        "pulumi stack init prod",
      ]);
      // "--local" means file://~, the home directory of the account (not $HOME): a backend of its
      // own keeps the test out of the machine's ~/.pulumi.
      await pulumi("login", `file://${clone.home}`);
      await pulumi("stack", "init", "prod");
      await pulumi("config", "set", "--secret", "github:token", ADMIN_TOKEN);
      await pulumi("config", "set", "github:baseUrl", emu.url);
      const stackFile = path.join(clone.dir, "Pulumi.prod.yaml");
      assert.match(fs.readFileSync(stackFile, "utf8"), /\nconfig:\n(  .*\n)+$/, "config: is the stack file's last block");
      fs.appendFileSync(stackFile, DECLARATIONS);

      const preview = await pulumi("preview", "--diff");
      assert.match(
        preview.stdout,
        /\+ pulumi-nodejs:dynamic\/github-package-versions:PackageVersion: \(create\)\n.*\[urn=.*::acme-container-api-latest\]/,
      );
      assert.match(preview.stdout, /\+ 5 to create/, "the stack and its four declared versions");
      assert.doesNotMatch(preview.stdout, /RESTORE_WINDOW_DAYS|PACKAGE_TYPES/, "the library's exports are not the stack's outputs");
      assert.deepEqual(writes(), [], "preview writes nothing");

      const up = await pulumi("up", "--yes");
      assert.match(up.stdout, /packageVersions/);
      assert.deepEqual(writes().sort(), [
        "DELETE /orgs/acme/packages/container/api/versions/1001",
        "POST /orgs/acme/packages/container/api/versions/1000/restore",
      ]);
      emu.clearRequests();
      await pulumi("preview", "--expect-no-changes");

      await succeeded("npm run build", clone.run("npm", ["run", "build"]));
      await pulumi("preview", "--expect-no-changes");
      const again = await pulumi("up", "--yes");
      assert.match(again.stdout, /5 unchanged/);
      assert.deepEqual(writes(), [], "nothing written after npm run build");
      const api = emu.state().packages.find((p) => p.name === "api")!;
      assert.deepEqual(
        api.versions
          .filter((v) => v.deletedAt === undefined)
          .map((v) => v.id)
          .sort(),
        [1000, 1002, 1003],
      );
      assert.ok(!fs.readFileSync(stackFile, "utf8").includes(ADMIN_TOKEN), "the stack file holds the token encrypted");
    });
  });

  describe("the README's install line: the packed tarball in a fresh project", () => {
    let userProject = "";
    let installOutput = "";
    before(async function () {
      this.timeout(600_000);
      const commands = documentedCommands("README.md", "## Using it in your project");
      // The clone and `npm ci` are done; the rest runs as written, from the clone.
      assert.match(commands[0] ?? "", /^git clone /);
      assert.equal(commands[1], "cd pulumi-github-package-versions && npm ci");
      userProject = path.join(path.dirname(clone.dir), "my-project");
      fs.mkdirSync(userProject);
      fs.writeFileSync(path.join(userProject, "package.json"), JSON.stringify({ name: "my-project", private: true, main: "index.js" }));
      const rest = commands.slice(2).filter((line) => !line.startsWith("pulumi "));
      const result = await succeeded("the README's install commands", clone.run("bash", ["-euo", "pipefail", "-c", rest.join("\n")]));
      installOutput = result.stdout + result.stderr;
    });

    const fx = useStack({
      projectDir: path.join(REPO_ROOT, "tests", "e2e", "packed-project"),
      include: ["Pulumi.yaml", "index.js"],
      nodeModulesDir: () => path.join(userProject, "node_modules"),
    });

    it("installs without warnings about our package and runs up and destroy, the provider a require() of the installed file", async () => {
      assert.ok(fs.existsSync(path.join(userProject, TARBALL)));
      assert.doesNotMatch(
        installOutput,
        /pulumi-github-package-versions@[^\n]*(prepare|install)/,
        "no install-script warning for the package",
      );
      const installed = path.join(userProject, "node_modules", "pulumi-github-package-versions");
      assert.ok(!fs.lstatSync(installed).isSymbolicLink());
      const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as Record<string, unknown>;
      assert.equal(manifest["scripts"], undefined);
      assert.ok(fs.existsSync(path.join(installed, "LICENSE")));
      // The README links to docs/: the pages ship with it.
      for (const page of ["retention.md", "safety.md", "tokens.md"])
        assert.ok(fs.existsSync(path.join(installed, "docs", page)), `docs/${page} is installed`);
      const maps = fs.readdirSync(installed, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".map"));
      assert.deepEqual(maps, [], "no source maps pointing at sources that are not shipped");
      // The exports map, as Node resolves it in the user's project: the entries and the files the
      // serialized providers require resolve; any other file of the package does not.
      const resolved = await succeeded(
        "resolving the package's entries",
        clone.run(
          "node",
          [
            "-e",
            `const r = (s) => { try { require.resolve(s); return s + " ok"; } catch (e) { return s + " " + e.code; } };
             for (const s of process.argv.slice(1)) console.log(r(s));`,
            ...[
              "",
              "/testing",
              "/root-project",
              "/dist/provider/package-version-provider.js",
              "/dist/provider/plan-writes-provider.js",
              "/dist/provider/package-version/handlers.js",
              "/dist/provider/plan-writes/handlers.js",
              "/dist/provider/core/write-gate.js",
              "/dist/provider/index.js",
            ].map((entry) => `pulumi-github-package-versions${entry}`),
          ],
          { cwd: userProject },
        ),
      );
      const exported = (entry: string, answer: string) => `pulumi-github-package-versions${entry} ${answer}`;
      assert.deepEqual(resolved.stdout.trim().split("\n"), [
        exported("", "ok"),
        exported("/testing", "ok"),
        exported("/root-project", "ok"),
        exported("/dist/provider/package-version-provider.js", "ok"),
        exported("/dist/provider/plan-writes-provider.js", "ok"),
        exported("/dist/provider/package-version/handlers.js", "ok"),
        exported("/dist/provider/plan-writes/handlers.js", "ok"),
        exported("/dist/provider/core/write-gate.js", "ERR_PACKAGE_PATH_NOT_EXPORTED"),
        exported("/dist/provider/index.js", "ERR_PACKAGE_PATH_NOT_EXPORTED"),
      ]);

      const up = await fx.sandbox.stack.up();
      assert.equal(up.outputs["removed"]?.value, "deleted");
      assert.equal(up.outputs["kept"]?.value, 1002);
      assert.deepEqual(fx.takeWrites(), ["DELETE /orgs/acme/packages/container/api/versions/1001"]);
      const providers = fx.sandbox.serializedProviders();
      assert.equal(providers.length, 2);
      for (const text of providers)
        assert.match(text, /require\("pulumi-github-package-versions\/dist\/provider\/package-version-provider\.js"\)/);
      await fx.sandbox.stack.destroy();
    });
  });
});
