import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { PackageVersionInputs } from "pulumi-github-package-versions";
import { packageVersionProvider } from "pulumi-github-package-versions/testing";
import { ADMIN_TOKEN, useProvider } from "../support/provider-fixture";

const api = { org: "acme", packageType: "container", packageName: "api" } as const;
const widget = { org: "acme", packageType: "npm", packageName: "widget" } as const;

/** Every line written to the console while `body` runs. */
async function consoleDuring(body: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const methods = ["log", "info", "warn", "error", "debug"] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) console[m] = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  try {
    await body();
  } finally {
    methods.forEach((m, i) => (console[m] = saved[i]!));
  }
  return lines.join("\n");
}

describe("PackageVersion provider: a version declared present is never deleted", () => {
  const fx = useProvider();
  const declaredPresent: PackageVersionInputs[] = [
    { ...api, versionId: 1001, state: "present" },
    { ...api, tag: "v2", state: "present" },
    { ...api, versionId: 1003, state: "present" },
    { ...api, versionId: 1000, state: "present" },
    { ...widget, version: "1.4.2", state: "present" },
    { ...widget, version: "1.4.1", state: "present" },
    { ...widget, versionId: 2001, state: "present" },
    { ...widget, version: "1.3.0", state: "present" },
  ];

  // Each fault is bounded in count, so that every step ends; the seeded emulator fires the same ones on every run.
  for (const faults of [
    [],
    [
      { status: 500, probability: 0.3, times: 4 },
      { status: 502, probability: 0.3, times: 3 },
    ],
    [
      { resetConnection: true, probability: 0.3, times: 4 },
      { secondaryRateLimit: true, retryAfterSeconds: 1, probability: 0.2, times: 3 },
    ],
    [
      { status: 503, probability: 0.5, method: "POST" },
      { status: 404, probability: 0.3, method: "GET" },
    ],
  ]) {
    it(`through check, create, read, diff and update${faults.length ? ` with faults ${JSON.stringify(faults)}` : ""}`, async function () {
      this.timeout(180_000);
      fx.emu.setFaults(faults);
      for (const inputs of declaredPresent) {
        const steps = async () => {
          await packageVersionProvider.check!({} as PackageVersionInputs, inputs);
          const created = await packageVersionProvider.create(inputs);
          const read = await packageVersionProvider.read!(created.id, created.outs);
          await packageVersionProvider.diff!(created.id, created.outs!, inputs);
          await packageVersionProvider.update!(created.id, read.props ?? created.outs!, inputs);
          await packageVersionProvider.update!(created.id, { ...created.outs!, state: "deleted" }, inputs);
        };
        await steps().catch(() => undefined); // refusals and exhausted retries are allowed; deletions are not
      }
      assert.deepEqual(
        fx.emu.requests().filter((r) => r.method === "DELETE"),
        [],
        "no DELETE was ever sent",
      );
      const api1001 = fx.emu
        .state()
        .packages.find((p) => p.name === "api")
        ?.versions.find((v) => v.id === 1001);
      assert.equal(api1001?.deletedAt, undefined);
    });
  }
});

describe("PackageVersion provider: the token never leaves the configuration", () => {
  const fx = useProvider();

  it("serializes to a small require() that holds no token", async () => {
    // As pulumi.dynamic.Resource serializes it: a closure over the provider object itself.
    const provider = packageVersionProvider;
    const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: false });
    assert.ok(serialized.text.length < 2048, `__provider is ${serialized.text.length} bytes`);
    assert.match(serialized.text, /require\("pulumi-github-package-versions\/dist\/provider\/package-version-provider\.js"\)/);
    assert.ok(!serialized.text.includes(ADMIN_TOKEN));
    assert.equal(serialized.containsSecrets, false);
    console.log(`      serialized provider: ${serialized.text.length} bytes`);
  });

  it("is absent from outputs, read results, errors and console output", async () => {
    let seen = "";
    const output = await consoleDuring(async () => {
      fx.emu.setFaults([
        { method: "GET", status: 502, times: 1 },
        { method: "DELETE", secondaryRateLimit: true, retryAfterSeconds: 1, times: 1 },
      ]);
      const created = await packageVersionProvider.create({ ...api, versionId: 1001, state: "deleted" });
      const read = await packageVersionProvider.read!(created.id, created.outs);
      seen += JSON.stringify(created) + JSON.stringify(read);
      for (const inputs of [
        { ...api, versionId: 1002, state: "deleted" as const },
        { ...api, versionId: 424242, state: "present" as const },
      ]) {
        await packageVersionProvider
          .create(inputs)
          .catch((error: Error) => (seen += `${error.message}\n${error.stack}\n${JSON.stringify(error)}`));
      }
    });
    seen += output;
    assert.match(seen, /5,000 downloads/, "the errors were captured");
    assert.match(output, /secondary rate limit/, "the console output was captured");
    assert.ok(!seen.includes(ADMIN_TOKEN), "the token leaked");
  });
});
