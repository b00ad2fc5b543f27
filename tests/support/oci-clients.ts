/**
 * The real OCI clients (crane, oras), built pinned and cached by scripts/ensure-oci-clients.sh, run
 * against an emulator as a user runs them against ghcr.io: logged in with a user name and the
 * GitHub token on stdin, over plain HTTP on loopback. Each session has its own credentials file
 * (DOCKER_CONFIG), removed by `close`.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "../..");
let binDir: string | undefined;

/** The directory holding crane, oras and oci-conformance (built on first use: a minute or two, then cached). */
export function ociClientsDir(): string {
  binDir ??= execFileSync("bash", [path.join(REPO_ROOT, "scripts/ensure-oci-clients.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n")
    .pop()!;
  return binDir;
}

export interface OciClients {
  /** `host:port` of the emulator, the registry part of every reference. */
  readonly registry: string;
  /** A scratch directory for files to push and pull. */
  readonly dir: string;
  /** Runs crane with `--insecure` (plain HTTP); resolves to its stdout, rejects with a ToolFailure. */
  crane(...args: string[]): Promise<string>;
  /** Runs `oras <command> --plain-http ...`. */
  oras(...args: string[]): Promise<string>;
  close(): void;
}

/** A client that exited non-zero: its stderr says what the registry answered. */
export class ToolFailure extends Error {
  constructor(
    readonly command: string,
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`${command} exited ${code}: ${stderr.trim()}`);
    this.name = "ToolFailure";
  }
}

/**
 * Runs a client without blocking: the emulator usually answers from the same process, so a
 * synchronous child would wait forever for it.
 */
function run(file: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; input?: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: options.env, cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(stdout) : reject(new ToolFailure(`${path.basename(file)} ${args[0] ?? ""}`, code, stderr)),
    );
    child.stdin.end(options.input ?? "");
  });
}

/** Logs both clients in to the emulator at `url` as `user` with `githubToken` (on stdin, as `--password-stdin` takes it). */
export async function ociClients(url: string, githubToken: string, user = "octocat"): Promise<OciClients> {
  const bin = ociClientsDir();
  const registry = new URL(url).host;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oci-clients-"));
  const env = { ...process.env, DOCKER_CONFIG: path.join(dir, "docker"), HOME: dir };
  const tool = (name: string, args: string[], input?: string): Promise<string> =>
    run(path.join(bin, name), args, { env, cwd: dir, ...(input !== undefined && { input }) });
  await tool("crane", ["auth", "login", registry, "-u", user, "--password-stdin"], githubToken);
  await tool("oras", ["login", "--plain-http", registry, "-u", user, "--password-stdin"], githubToken);
  return {
    registry,
    dir,
    crane: (...args) => tool("crane", ["--insecure", ...args]),
    oras: (...args) => tool("oras", [...args.slice(0, 1), "--plain-http", ...args.slice(1)]),
    close: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
