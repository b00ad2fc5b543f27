/** The plan a person reads (diagnostic table, display-only inputs in preview --diff) and the job summary, with the real CLI. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EngineEvent, LocalWorkspace } from "@pulumi/pulumi/automation";
import { ADMIN_TOKEN, useStack } from "../support/stack-fixture";
import { DEV_POLICY, patternSeed } from "../support/pattern-seed";

describe("e2e: readable plans and the GitHub Actions job summary", function () {
  this.timeout(300_000);
  const fx = useStack({ seed: patternSeed });

  it("preview prints each policy's table once, naming versions, tags, ages, actions and reasons; --diff names each child's version", async () => {
    await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([DEV_POLICY]) });
    const events: EngineEvent[] = [];
    const preview = await fx.sandbox.stack.preview({ onEvent: (event) => events.push(event) });
    const out = preview.stdout;
    const infos = events.flatMap((e) => (e.diagnosticEvent?.severity === "info" ? [e.diagnosticEvent] : []));
    for (const pkg of ["dev-api", "dev-web"]) {
      const title = `Retention plan dev-${pkg} (container package ${pkg} of org acme, at 2026-11-26T00:00:00.000Z): 1 kept, 2 deleted, 0 restored, 0 left deleted`;
      const tables = infos.filter((d) => d.message.startsWith(title));
      assert.equal(tables.length, 1, `one table diagnostic for ${pkg}`);
      assert.match(tables[0]!.urn ?? "", new RegExp(`PackageRetentionPolicy::dev-${pkg}$`), "reported under its policy");
      assert.ok(out.includes(title), "the CLI shows it");
    }
    assert.match(out, /VERSION\s+TAGS\s+AGE\s+ACTION\s+REASON/);
    assert.match(out, /sha256:dev-api-3\s+latest,v3\s+6d\s+keep\s+kept: among the newest 1 images \(#1\)/);
    assert.match(out, /sha256:dev-api-1\s+-\s+86d\s+delete\s+deleted: /);
    // With --diff, each child shows which version it is about.
    const diff = (await fx.sandbox.stack.preview({ diff: true })).stdout;
    assert.match(diff, /PackageVersion::dev-dev-web-8004\]\s+displayName\s*: "sha256:dev-web-2"\s+displayTags\s*: \[\]/);
    assert.match(
      diff,
      /PackageVersion::dev-dev-api-8000\]\s+displayName\s*: "sha256:dev-api-3"\s+displayTags\s*: \[\s*\[0\]: "latest"\s*\[1\]: "v3"\s*\]/,
    );
    assert.deepEqual(fx.takeWrites(), []);

    await fx.sandbox.stack.up();
    fx.takeWrites();
    const again = await fx.sandbox.stack.preview({ diff: true });
    assert.deepEqual(again.changeSummary, { same: 1 + 1 + 2 + 6 }, "display inputs never cause a diff");
  });

  it("writes the job summary at preview and at up: markdown tables of deleted, restored and kept versions, the declared changes, no token", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpv-summary-"));
    const file = path.join(dir, "step-summary.md");
    fs.writeFileSync(file, "");
    try {
      (fx.sandbox.stack.workspace as LocalWorkspace).envVars["GITHUB_STEP_SUMMARY"] = file;
      await fx.sandbox.stack.setConfig("package-versions:retentionPolicies", { value: JSON.stringify([DEV_POLICY]) });
      await fx.setVersions([
        { org: "acme", packageType: "container", packageName: "api", versionId: 1001, state: "deleted", name: "api-untagged" },
        { org: "acme", packageType: "npm", packageName: "widget", version: "1.4.2" },
      ]);
      await fx.sandbox.stack.preview();
      const previewText = fs.readFileSync(file, "utf8");
      assert.match(previewText, /^## Package versions: preview of e2e \(nothing changed yet\)$/m);
      assert.match(previewText, /^2 to be deleted, 0 to be restored, 1 kept, 0 left deleted$/m);
      assert.deepEqual(fx.takeWrites(), [], "preview writes nothing to GitHub");

      await fx.sandbox.stack.up();
      const text = fs.readFileSync(file, "utf8");
      const up = text.slice(previewText.length);
      assert.match(up, /^## Package versions: pulumi up on e2e$/m);
      assert.match(up, /^### dev-dev-api: container package dev-api of org acme$/m);
      assert.match(up, /^### dev-dev-web: container package dev-web of org acme$/m);
      assert.match(up, /^2 deleted, 0 restored, 1 kept, 0 left deleted$/m);
      assert.match(up, /^\| version \| tags \| action \| reason \|$/m);
      assert.match(up, /^\|---\|---\|---\|---\|$/m);
      assert.match(up, /^\| `sha256:dev-api-2` \|  \| deleted \| deleted: .+ \|$/m);
      assert.match(up, /^\| `sha256:dev-api-3` \| latest, v3 \| kept \| kept: among the newest 1 images \(#1\) \|$/m);
      assert.match(up, /^### Declared versions$/m);
      assert.match(up, /^1 changed, 1 already as declared$/m);
      assert.match(up, /^\| api-untagged \| container package api of org acme \| `sha256:bb22` \| present \| deleted \|$/m);
      assert.equal(fx.isActive("api", 1001), false);
      assert.ok(!text.includes(ADMIN_TOKEN), "no token in the summary");
      // The summary names the token's kind and budget (docs/tokens.md), never a token's value.
      assert.match(
        up,
        /^Token: the classic personal access token; scopes read:packages and delete:packages present; the user's role in org acme not checked \(no read:org\); GitHub's budget \(x-ratelimit-\*\): [\d,]+ of 5,000 requests left until \S+Z; this run's 2 writes fit$/m,
      );
      assert.ok(!/gh[pousr]_|github_pat_|testSECRET/i.test(text), "nothing token-like in the summary");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
