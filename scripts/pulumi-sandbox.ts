/**
 * A Pulumi project copied into a temporary directory with its own local file backend, driven
 * through the Automation API with the real `pulumi` CLI: the demo and the end-to-end tests
 * run here, offline, and leave the repository untouched.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";

/** Where the repo's node_modules are, whether this file runs from scripts/ or dist/scripts/. */
function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "Pulumi.yaml")) || !fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

export interface SandboxOptions {
  /** The project directory to copy (the repo root, or one of examples/). */
  projectDir: string;
  /** Files and folders of the project to copy; everything but node_modules when absent. */
  include?: string[];
  stackName: string;
  /** Environment for every pulumi command (GITHUB_BASE_URL, GITHUB_TOKEN, ...). */
  env?: Record<string, string>;
  /** The node_modules the project uses; the repo's own (with the built package) when absent. */
  nodeModulesDir?: string;
}

export interface Sandbox {
  readonly dir: string;
  readonly stack: Stack;
  /** The file backend's folder (PULUMI_BACKEND_URL is file://<it>). */
  readonly backendDir: string;
  /** The stack's checkpoint as the file backend stores it. */
  stateText(): string;
  /** The `__provider` strings recorded in the state. */
  serializedProviders(): string[];
  cleanup(): void;
}

/** Every Pulumi command here runs offline, with an empty passphrase. */
export const OFFLINE_ENV = {
  PULUMI_CONFIG_PASSPHRASE: "",
  PULUMI_SKIP_UPDATE_CHECK: "true",
  PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
};

export async function createSandbox(options: SandboxOptions): Promise<Sandbox> {
  const root = repoRoot();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpv-pulumi-"));
  const projectDir = path.join(dir, "project");
  const backendDir = path.join(dir, "backend");
  fs.mkdirSync(projectDir);
  fs.mkdirSync(backendDir);
  const entries = options.include ?? fs.readdirSync(options.projectDir).filter((name) => name !== "node_modules");
  for (const entry of entries) {
    fs.cpSync(path.join(options.projectDir, entry), path.join(projectDir, entry), { recursive: true });
  }
  // The project resolves @pulumi/pulumi and this package from the repo's node_modules, where
  // `npm run build` installed the built package as real files, as a user's install would.
  fs.symlinkSync(options.nodeModulesDir ?? path.join(root, "node_modules"), path.join(projectDir, "node_modules"), "dir");

  const envVars = {
    ...OFFLINE_ENV,
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_HOME: path.join(dir, "home"),
    ...options.env,
  };
  const stack = await LocalWorkspace.createStack({ stackName: options.stackName, workDir: projectDir }, { workDir: projectDir, envVars });

  const stateText = (): string => {
    const stacksDir = path.join(backendDir, ".pulumi", "stacks");
    const files = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir, { recursive: true, encoding: "utf8" }) : [];
    const checkpoint = files.find((file) => file.endsWith(`${options.stackName}.json`));
    return checkpoint === undefined ? "" : fs.readFileSync(path.join(stacksDir, checkpoint), "utf8");
  };
  return {
    dir: projectDir,
    stack,
    backendDir,
    stateText,
    serializedProviders: () => {
      const text = stateText();
      if (text === "") return [];
      const checkpoint = JSON.parse(text) as { checkpoint?: { latest?: { resources?: { inputs?: Record<string, unknown> }[] } } };
      return (checkpoint.checkpoint?.latest?.resources ?? [])
        .map((resource) => resource.inputs?.["__provider"])
        .filter((value): value is string => typeof value === "string");
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
