/**
 * The OCI distribution-spec conformance suite (pinned in tools/oci-conformance, built by
 * scripts/ensure-oci-clients.sh) against the emulator's registry, configured as ghcr.io is known
 * to behave: no referrers API, sha256 only. Deletes are left enabled: the suite sees ghcr.io's 405
 * UNSUPPORTED and records them as unsupported (Skip). The expected table is the one in
 * docs/emulator-registry.md.
 */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ADMIN_TOKEN, useEmulator } from "../support/emulator-fixture";
import { ociClientsDir } from "../support/oci-clients";

/** What the suite reports per API and per kind of data (its summary), as docs/emulator-registry.md shows it. */
const EXPECTED: Readonly<Record<string, string>> = {
  "Tag listing": "Pass",
  "Tag delete": "Skip",
  "Tag delete atomic": "Skip",
  "Blob upload cancel": "Disabled",
  "Blob push": "Pass",
  "Blob post only": "Pass",
  "Blob post put": "Pass",
  "Blob chunked": "Pass",
  "Blob streaming": "Pass",
  "Blob mount": "Pass",
  "Blob anonymous mount": "Skip",
  "Blob get": "Pass",
  "Blob get range": "Pass",
  "Blob head": "Pass",
  "Blob delete": "Skip",
  "Blob delete atomic": "Skip",
  "Manifest put by digest": "Pass",
  "Manifest put by tag": "Pass",
  "Manifest put with tag params": "Disabled",
  "Manifest put with subject": "Pass",
  "Manifest get by digest": "Pass",
  "Manifest get by tag": "Pass",
  "Manifest head by digest": "Pass",
  "Manifest head by tag": "Pass",
  "Manifest delete": "Skip",
  "Manifest delete atomic": "Skip",
  Referrers: "Disabled",
  Ping: "Pass",
  Artifact: "Pass",
  "Artifact Index": "Pass",
  "Artifact without Layers": "Pass",
  "Artifacts with Subject": "Pass",
  "Bad Digest Image": "Pass",
  "Blobs sha256": "Pass",
  "Blobs sha512": "Disabled",
  "Custom Fields": "Pass",
  "Data Field": "Pass",
  "Empty Index": "Pass",
  Image: "Pass",
  "Image Uncompressed": "Pass",
  Index: "Pass",
  "Index with Subject": "Pass",
  "Invalid Manifest Digest": "Pass",
  "Image with Large Manifest": "Pass",
  "Missing Subject": "Pass",
  "Nested Index": "Pass",
  "No Layers": "Pass",
  "Non-distributable Layers": "Pass",
  "Digest Algorithm sha512": "Disabled",
  "Sparse Manifests": "Disabled",
  "Tag Param": "Disabled",
  "Tag Param sha512": "Disabled",
};

function runSuite(bin: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [], { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("emulator registry: OCI distribution-spec conformance", function () {
  this.timeout(600_000);
  before(() => {
    ociClientsDir();
  });
  const fx = useEmulator();

  it("passes pull, push, content discovery (tag listing) and reports management (deletes) as unsupported, as ghcr.io answers", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oci-conformance-"));
    try {
      const { code, output } = await runSuite(
        path.join(ociClientsDir(), "oci-conformance"),
        {
          PATH: process.env["PATH"],
          HOME: dir,
          OCI_REGISTRY: new URL(fx.emu.url).host,
          OCI_TLS: "disabled",
          OCI_REPO1: "acme/conformance1",
          OCI_REPO2: "acme/conformance2",
          OCI_USERNAME: "octocat",
          OCI_PASSWORD: ADMIN_TOKEN,
          OCI_RESULTS_DIR: path.join(dir, "results"),
          // ghcr.io serves no referrers API and knows sha256 digests only.
          OCI_API_REFERRER: "false",
          OCI_DATA_SHA512: "false",
        },
        dir,
      );
      const summary = Object.fromEntries(
        [...output.matchAll(/^ {2}([A-Za-z0-9 -]+?)\.{2,}:\s+(\S+)$/gm)].map((m) => [m[1]!, m[2]!]).filter(([name]) => name in EXPECTED),
      );
      assert.deepEqual(
        summary,
        EXPECTED,
        output
          .split("\n")
          .filter((l) => l.includes("failed test"))
          .join("\n"),
      );
      assert.match(output, /OCI Conformance Result: Pass/);
      assert.equal(code, 0);
      assert.ok(!output.includes(ADMIN_TOKEN), "the suite's report masks the password");
      assert.ok(!fs.readFileSync(path.join(dir, "results", "results.yaml"), "utf8").includes(ADMIN_TOKEN));
      // The manifests the suite pushed made conformance1 a container package of acme; conformance2
      // only received blobs (the source of mounts), and blobs alone make no package.
      const pushed = fx.emu.state().packages.filter((p) => p.name.startsWith("conformance"));
      assert.deepEqual(
        pushed.map((p) => [p.name, p.packageType, p.versions.length > 0]),
        [["conformance1", "container", true]],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
