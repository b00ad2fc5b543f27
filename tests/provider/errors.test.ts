import { strict as assert } from "node:assert";
import {
  ADMIN_TOKEN,
  MEMBER_TOKEN,
  READ_ONLY_TOKEN,
  READ_WRITE_TOKEN,
  assertMissingScopes,
  refusal,
  stackConfig,
  useProvider,
} from "../support/provider-fixture";

const api = { org: "acme", packageType: "container", packageName: "api" } as const;
const widget = { org: "acme", packageType: "npm", packageName: "widget" } as const;

describe("PackageVersion provider: every refusal is an error a person understands", () => {
  const fx = useProvider();

  it("the 5,000-download rule", async () => {
    const error = await refusal(fx.provider.create({ ...api, versionId: 1002, state: "deleted" }));
    assert.equal(error.reason, "download-limit");
    assert.match(
      error.message,
      /^Cannot delete version sha256:aa11 \(id 1002\) of container package api of org acme: it is public and has more than 5,000 downloads\./,
    );
    assert.match(error.message, /GitHub said \(400\): "Publicly visible package versions with more than 5000 downloads cannot be deleted/);
  });

  it("says why and what to do as summary and advice, the message made of them", async () => {
    const error = await refusal(fx.provider.create({ ...api, versionId: 1002, state: "deleted" }));
    assert.equal(error.summary, "it is public and has more than 5,000 downloads");
    assert.match(error.advice, /^GitHub never deletes a public version with more than 5,000 downloads\. Declare it state: "present"/);
    assert.equal(error.message, `Cannot delete version sha256:aa11 (id 1002) of container package api of org acme: ${error.explanation}`);
    assert.ok(error.explanation.startsWith(`${error.summary}. GitHub said (400): "`), error.explanation);
    assert.ok(error.explanation.endsWith(` ${error.advice}`), error.explanation);
  });

  it("the last tagged container version rule", async () => {
    const error = await refusal(
      fx.provider.create({ org: "acme", packageType: "container", packageName: "single", tag: "latest", state: "deleted" }),
    );
    assert.equal(error.reason, "last-tagged-version");
    assert.match(error.message, /version sha256:ee55 \(id 3001\) of container package single of org acme: it is the last tagged version/);
  });

  it("the last version rule (maven)", async () => {
    const error = await refusal(
      fx.provider.create({ org: "acme", packageType: "maven", packageName: "com.acme.lib", version: "2.0.0", state: "deleted" }),
    );
    assert.equal(error.reason, "last-version");
    assert.match(error.message, /maven package com\.acme\.lib of org acme: it is the last version of the package/);
  });

  it("a restore refused because the name was reused", async () => {
    const error = await refusal(fx.provider.create({ ...widget, versionId: 2001, state: "present" }));
    assert.equal(error.reason, "name-reused");
    assert.match(error.message, /Cannot restore version 1\.0\.0 \(id 2001\) of npm package widget of org acme: its name was reused/);
  });

  for (const [who, token] of [
    ["an admin's token", ADMIN_TOKEN],
    ["a read:packages write:packages token", READ_WRITE_TOKEN],
  ] as const) {
    it(`a restore window that passed, told from the recorded deletion, with the deletion date (${who})`, async () => {
      const deleted = await fx.provider.create({ ...api, versionId: 1000, state: "deleted" });
      fx.emu.setClock({ advanceDays: 31 });
      await fx.configure(token);
      const error = await refusal(fx.provider.update(deleted.id, deleted.outs!, { ...api, versionId: 1000, state: "present" }));
      assert.equal(error.reason, "restore-window-passed");
      assert.match(
        error.message,
        /version sha256:cc33 \(id 1000\) of container package api of org acme: its 30-day restore window has passed/,
      );
      assert.match(error.message, /deleted on 2026-11-19T00:00:00Z/);
    });
  }

  it("missing scopes, naming only those the token lacks", async () => {
    await fx.configure(READ_ONLY_TOKEN);
    const error = await refusal(fx.provider.create({ ...api, versionId: 1001, state: "deleted" }));
    // GitHub names both scopes the call needs; the token has read:packages (X-OAuth-Scopes).
    assertMissingScopes(error, { missing: ["delete:packages"], required: ["delete:packages", "read:packages"], token: ["read:packages"] });
    assert.match(error.message, /The token lacks delete:packages \(it has read:packages\)\. Add delete:packages to/);
    assert.ok(!error.message.includes(READ_ONLY_TOKEN));
  });

  it("a user who is not an org admin", async () => {
    await fx.configure(MEMBER_TOKEN);
    const error = await refusal(fx.provider.create({ ...api, versionId: 1001, state: "deleted" }));
    assert.equal(error.reason, "forbidden");
    assert.match(error.message, /must be an admin of the org acme/);
  });

  it("a token GitHub does not know", async () => {
    await fx.configure("ghp_unknownTOKEN");
    const error = await refusal(fx.provider.create({ ...api, versionId: 1001 }));
    assert.equal(error.reason, "authentication");
    assert.match(error.message, /GitHub said \(401\): "Bad credentials"/);
    assert.ok(!error.message.includes("ghp_unknownTOKEN"));
  });

  it("no token at all, before any request", async () => {
    const saved = process.env["GITHUB_TOKEN"];
    delete process.env["GITHUB_TOKEN"];
    try {
      await fx.provider.configure(stackConfig({ "github:baseUrl": fx.emu.url }));
      const error = await refusal(fx.provider.create({ ...api, versionId: 1001 }));
      assert.equal(error.reason, "missing-token");
      assert.match(error.message, /pulumi config set --secret github:token/);
      assert.deepEqual(fx.emu.requests(), []);
    } finally {
      if (saved !== undefined) process.env["GITHUB_TOKEN"] = saved;
    }
  });

  it("falls back to GITHUB_TOKEN when github:token is not set", async () => {
    const saved = process.env["GITHUB_TOKEN"];
    process.env["GITHUB_TOKEN"] = ADMIN_TOKEN;
    try {
      await fx.provider.configure(stackConfig({ "github:baseUrl": fx.emu.url }));
      const { outs } = await fx.provider.create({ ...api, versionId: 1001 });
      assert.equal(outs?.state, "present");
    } finally {
      if (saved === undefined) delete process.env["GITHUB_TOKEN"];
      else process.env["GITHUB_TOKEN"] = saved;
    }
  });
});

describe("PackageVersion provider: rate limits and transient failures are waited out", () => {
  const fx = useProvider();

  it("retries 5xx answers and reset connections, then succeeds", async () => {
    fx.emu.setFaults([
      { method: "GET", path: "/versions$", status: 502, times: 1 }, // the package's listing
      { method: "DELETE", path: "/versions/1001$", resetConnection: true, times: 1 },
    ]);
    const { outs } = await fx.provider.create({ ...api, versionId: 1001, state: "deleted" });
    assert.equal(outs?.state, "deleted");
    const calls = fx.emu.requests().map((r) => `${r.method} ${r.status}`);
    assert.deepEqual(calls.slice(0, 2), ["GET 502", "GET 200"]);
  });

  it("waits out a secondary rate limit with retry-after, then succeeds", async () => {
    fx.emu.setFaults([{ method: "DELETE", secondaryRateLimit: true, retryAfterSeconds: 1, times: 1 }]);
    const { outs } = await fx.provider.create({ ...api, versionId: 1001, state: "deleted" });
    assert.equal(outs?.state, "deleted");
    const deletes = fx.emu
      .requests()
      .filter((r) => r.method === "DELETE")
      .map((r) => r.status);
    assert.deepEqual(deletes, [403, 204]);
  });
});

describe("PackageVersion provider: a primary rate limit that will not reset soon fails the step", () => {
  const fx = useProvider(undefined, { primaryLimit: 2, primaryWindowMs: 3_600_000 });

  it("says it was rate limited, naming the version", async () => {
    // Three packages: three listings, one more than the budget.
    await fx.provider.create({ ...api, versionId: 1001 });
    await fx.provider.create({ ...api, packageName: "single", versionId: 3001 });
    const error = await refusal(fx.provider.create({ org: "acme", packageType: "npm", packageName: "widget", versionId: 2005 }));
    assert.equal(error.reason, "rate-limited");
    assert.match(error.message, /Cannot read version id 2005 of npm package widget of org acme: GitHub rate-limited the request/);
  });
});
