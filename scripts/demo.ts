/**
 * The demo: the root project on a demo stack against the emulator, no GitHub account needed.
 * `pulumi up` deletes, restores and adopts as Pulumi.demo.yaml declares; then a version is
 * deleted out of band, `pulumi preview --refresh` shows the drift, and `pulumi up` repairs it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { OutputMap, PreviewResult, UpResult } from "@pulumi/pulumi/automation";
import { startEmulator, type EmulatorSeed, type RequestLogEntry } from "../emulator";
import { createSandbox } from "./pulumi-sandbox";

const TOKEN = "ghp_demo_admin_token";

function heading(text: string): void {
  console.log(`\n== ${text}`);
}

function describeVersions(outputs: OutputMap): string[] {
  const versions = (outputs["packageVersions"]?.value ?? {}) as Record<string, { name?: string; versionId?: number; state: string }>;
  return Object.entries(versions).map(
    ([resource, v]) => `  ${resource.padEnd(42)} ${String(v.name ?? "-").padEnd(20)} id ${String(v.versionId ?? "-").padEnd(6)} ${v.state}`,
  );
}

/** The demo's three runs and the writes of the two ups, summed up. */
function printSummary(runs: {
  first: UpResult;
  preview: PreviewResult;
  repair: UpResult;
  firstWrites: RequestLogEntry[];
  repairWrites: RequestLogEntry[];
}): void {
  const { first, preview, repair, firstWrites, repairWrites } = runs;
  heading("summary");
  const ids = (log: RequestLogEntry[], method: string) =>
    log
      .filter((r) => r.method === method && r.status === 204)
      .map((r) => /versions\/(\d+)/.exec(r.path)?.[1])
      .join(", ") || "none";
  console.log(
    `first up: deleted ${ids(firstWrites, "DELETE")}; restored ${ids(firstWrites, "POST")}; everything else adopted with no write`,
  );
  console.log(
    `drift: version 1009 (tag v2) deleted by hand; preview --refresh showed it; the repair up restored ${ids(repairWrites, "POST")}`,
  );
  console.log(
    `resource changes: first up ${JSON.stringify(first.summary.resourceChanges)}, preview --refresh ${JSON.stringify(preview.changeSummary)}, repair up ${JSON.stringify(repair.summary.resourceChanges)}`,
  );
  console.log(describeVersions(repair.outputs).join("\n"));
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, "..", "..");
  const seed = JSON.parse(fs.readFileSync(path.join(root, "examples", "demo", "seed.json"), "utf8")) as EmulatorSeed;
  const emulator = await startEmulator({ seed });
  console.log(`emulator: ${emulator.url} (seeded from examples/demo/seed.json)`);
  const sandbox = await createSandbox({
    projectDir: root,
    include: ["Pulumi.yaml", "Pulumi.demo.yaml", "program", "package.json", "tsconfig.json", "dist"],
    stackName: "demo",
    env: { GITHUB_BASE_URL: emulator.url, GITHUB_REGISTRY_URL: emulator.url },
  });
  try {
    const { stack } = sandbox;
    await stack.setConfig("github:token", { value: TOKEN, secret: true });
    const print = (out: string) => process.stdout.write(out);

    heading("pulumi up: make GitHub match Pulumi.demo.yaml");
    const first = await stack.up({ onOutput: print });
    console.log(describeVersions(first.outputs).join("\n"));
    const firstWrites = emulator.requests().filter((r) => r.method !== "GET");
    console.log(`writes to the API:\n${firstWrites.map((r) => `  ${r.method} ${r.path} -> ${r.status}`).join("\n")}`);

    heading("someone deletes the v2 image by hand (DELETE through the API)");
    const response = await fetch(`${emulator.url}/orgs/acme/packages/container/api/versions/1009`, {
      method: "DELETE",
      headers: { authorization: `token ${TOKEN}`, accept: "application/vnd.github+json" },
    });
    console.log(`  DELETE /orgs/acme/packages/container/api/versions/1009 -> ${response.status}`);

    heading("pulumi preview --refresh: the drift shows as a change of state");
    const preview = await stack.preview({ refresh: true, diff: true, onOutput: print });
    const drift = preview.changeSummary["update"] ?? 0;
    if (drift !== 1)
      throw new Error(`expected the preview to show 1 update (the drift), it shows ${JSON.stringify(preview.changeSummary)}`);

    heading("pulumi up --refresh: repair it");
    emulator.clearRequests();
    const repair = await stack.up({ refresh: true, onOutput: print });
    const repairWrites = emulator.requests().filter((r) => r.method !== "GET");
    console.log(`writes to the API:\n${repairWrites.map((r) => `  ${r.method} ${r.path} -> ${r.status}`).join("\n")}`);

    printSummary({ first, preview, repair, firstWrites, repairWrites });
    const state = sandbox.stateText();
    if (state.includes(TOKEN)) throw new Error("the token is in the stack's state");
    const largest = Math.max(...sandbox.serializedProviders().map((text) => text.length));
    console.log(`state: no token; largest __provider ${largest} bytes`);
  } finally {
    sandbox.cleanup();
    await emulator.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
