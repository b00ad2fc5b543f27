/**
 * The repository as a user gets it: a real `git clone` with `npm ci` run in it, and the
 * `pulumi` CLI run from a shell in that directory, exactly as the README says.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./stack-fixture";

export interface FreshClone {
  /** The clone's working tree. */
  readonly dir: string;
  /** The temporary home of the user (HOME and PULUMI_HOME point there). */
  readonly home: string;
  /**
   * Runs a command as the user would in the clone (or `cwd`); never rejects. Asynchronous, so an
   * emulator in the test's own process keeps answering meanwhile.
   */
  run(command: string, args: string[], options?: { cwd?: string; env?: Record<string, string> }): Promise<CommandResult>;
  cleanup(): void;
}

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The commit to clone: HEAD, or, when tracked files have uncommitted changes (while working on
 * the repository), a commit of the working tree made by `git stash create` without touching it.
 */
function commitUnderTest(): string {
  const stash = execFileSync("git", ["stash", "create"], { cwd: REPO_ROOT, encoding: "utf8" }).trim();
  return stash !== "" ? stash : execFileSync("git", ["rev-parse", "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" }).trim();
}

/** `git clone` of the repository into a temp directory, then `npm ci` in it. */
export async function freshClone(): Promise<FreshClone> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "gpv-clone-"));
  const dir = path.join(root, "pulumi-github-package-versions");
  const home = path.join(root, "home");
  fs.mkdirSync(home);
  // --shared borrows the objects, so the commit under test is there even if no branch holds it.
  execFileSync("git", ["clone", "--quiet", "--shared", "--no-checkout", REPO_ROOT, dir]);
  execFileSync("git", ["checkout", "--quiet", commitUnderTest()], { cwd: dir });
  const run: FreshClone["run"] = (command, args, options = {}) =>
    new Promise((resolve) => {
      const child = spawn(command, args, {
        cwd: options.cwd ?? dir,
        env: {
          ...process.env,
          // The clone's own dynamic provider plugin (from its @pulumi/pulumi) first, as a user has.
          PATH: `${path.join(dir, "node_modules", "@pulumi", "pulumi")}:${process.env["PATH"] ?? ""}`,
          HOME: home,
          PULUMI_HOME: path.join(home, ".pulumi"),
          PULUMI_CONFIG_PASSPHRASE: "",
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
          // The npm cache of the machine, not of the temporary home.
          npm_config_cache: process.env["npm_config_cache"] ?? path.join(os.homedir(), ".npm"),
          ...options.env,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", (error) => resolve({ status: null, stdout, stderr: `${stderr}${error.message}` }));
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
  const installed = await run("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"]);
  if (installed.status !== 0) throw new Error(`npm ci failed in the clone:\n${installed.stderr}`);
  return { dir, home, run, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** Fails with the command's output when it did not exit 0. */
export async function succeeded(what: string, running: Promise<CommandResult>): Promise<CommandResult> {
  const result = await running;
  if (result.status !== 0) throw new Error(`${what} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}
