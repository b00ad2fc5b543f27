/** getPackages over real Octokit and HTTP against a fresh emulator: owners, patterns, pages, failures, no token. */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { Emulator, EmulatorSeed } from "../../emulator";
import { useEnvEmulator } from "../support/env-emulator";
import {
  getPackages,
  type GetPackagesArgs,
  getPackagesOutput,
  LookupArgumentError,
  PackagesLookupError,
} from "pulumi-github-package-versions";
import { MEMBER_TOKEN, NO_SCOPES_TOKEN, READ_ONLY_TOKEN, failureOf, baseSeed } from "../support/provider-fixture";

/** baseSeed plus 120 container packages svc-000..svc-119 of acme (two pages of 100), and a deleted one. */
function packagesSeed(): EmulatorSeed {
  const seed = baseSeed();
  for (let i = 0; i < 120; i++) {
    seed.packages!.push({
      owner: "acme",
      ownerType: "org",
      packageType: "container",
      name: `svc-${String(i).padStart(3, "0")}`,
      visibility: "public",
      versions: [{ name: `sha256:${i}`, tags: ["latest"] }],
    });
  }
  seed.packages!.push({
    owner: "acme",
    ownerType: "org",
    packageType: "container",
    name: "dev-gone",
    visibility: "public",
    deletedAt: "2026-11-20T00:00:00Z",
    versions: [{ name: "sha256:gone" }],
  });
  return seed;
}

function usePackageLookups(): { readonly emu: Emulator } {
  return useEnvEmulator(packagesSeed);
}

const acme = { org: "acme", packageType: "container" } as const;

describe("look-ups: getPackages", () => {
  const fx = usePackageLookups();
  const listCalls = (): string[] =>
    fx.emu
      .requests()
      .filter((r) => r.path.endsWith("/packages"))
      .map((r) => `${r.method} ${r.path} ${r.query["package_type"]} page=${r.query["page"] ?? "1"}`);

  it("lists every package of a type, all pages, by name, with the package's fields", async () => {
    const result = await getPackages(acme);
    const names = result.packages.map((p) => p.name);
    assert.equal(names.length, 122, "api, single and the 120 svc packages; not the deleted one");
    assert.deepEqual(names.slice(0, 3), ["api", "single", "svc-000"]);
    assert.ok(!names.includes("dev-gone"));
    assert.deepEqual(listCalls(), ["GET /orgs/acme/packages container page=1", "GET /orgs/acme/packages container page=2"]);
    const api = result.packages[0]!;
    assert.deepEqual(
      { ...api, createdAt: "", updatedAt: "" },
      {
        name: "api",
        packageType: "container",
        visibility: "public",
        versionCount: 3,
        createdAt: "",
        updatedAt: "",
        htmlUrl: "https://github.com/orgs/acme/packages/container/package/api",
      },
    );
    assert.deepEqual(result.names, []);
  });

  it("narrows by globs, /regex/ and !exclusions", async () => {
    assert.deepEqual(
      (await getPackages({ ...acme, names: ["svc-00?"] })).packages.map((p) => p.name),
      Array.from({ length: 10 }, (_, i) => `svc-00${i}`),
    );
    assert.deepEqual(
      (await getPackages({ ...acme, names: ["/^s(ingle|vc-11[89])$/"] })).packages.map((p) => p.name),
      ["single", "svc-118", "svc-119"],
    );
    assert.deepEqual(
      (await getPackages({ ...acme, names: ["svc-11*", "!/svc-11[0-7]/"] })).packages.map((p) => p.name),
      ["svc-118", "svc-119"],
    );
    assert.deepEqual((await getPackages({ ...acme, names: ["nothing-*"] })).packages, []);
  });

  it("lists a user's packages, and only what the token can read", async () => {
    const own = await getPackages({ user: "octocat", packageType: "npm" });
    assert.ok(own.packages.some((p) => p.name === "tool"));
    assert.equal(own.user, "octocat");
    process.env["GITHUB_TOKEN"] = MEMBER_TOKEN;
    const member = await getPackages({ ...acme, names: ["api", "single"] });
    assert.deepEqual(
      member.packages.map((p) => `${p.name}:${p.visibility}`),
      ["api:public", "single:private"],
    );
    process.env["GITHUB_TOKEN"] = READ_ONLY_TOKEN;
    assert.equal((await getPackages({ ...acme, names: ["api"] })).packages.length, 1);
  });

  it("resolves Output arguments", async () => {
    const result = await new Promise<unknown>((resolve) =>
      getPackagesOutput({ ...acme, names: [pulumi.output("api")] as unknown as string[] }).apply(resolve),
    );
    assert.deepEqual(
      (result as { packages: { name: string }[] }).packages.map((p) => p.name),
      ["api"],
    );
  });

  it("refuses bad arguments before any request, naming each field", async () => {
    const error = await failureOf(
      getPackages({ org: "acme", packageType: "pypi", names: ["ok", ""], packageName: "api" } as unknown as GetPackagesArgs),
    );
    assert.ok(error instanceof LookupArgumentError);
    assert.match(error.message, /`packageName`: getPackages takes org or user/);
    assert.match(error.message, /`packageType`: `packageType` must be one of/);
    assert.match(error.message, /`names\[1\]`: must be a non-empty/);
    const lonely = await failureOf(getPackages({ ...acme, names: ["!dev-*"] }));
    assert.match(lonely.message, /`names\[0\]`/);
    const noOwner = await failureOf(getPackages({ packageType: "npm" } as GetPackagesArgs));
    assert.match(noOwner.message, /`org`: set exactly one of `org`/);
    assert.deepEqual(fx.emu.requests(), []);
  });

  it("fails with GitHub's reason and no token when the token lacks read:packages", async () => {
    process.env["GITHUB_TOKEN"] = NO_SCOPES_TOKEN;
    const error = await failureOf(getPackages(acme));
    assert.ok(error instanceof PackagesLookupError);
    assert.equal(error.reason, "missing-scopes");
    assert.match(error.message, /^Cannot list the container packages of org acme: /);
    assert.match(error.message, /read:packages/);
    assert.ok(!error.message.includes("ghp_"), "the token never appears");
    delete process.env["GITHUB_TOKEN"];
    const missing = await failureOf(getPackages(acme));
    assert.ok(missing instanceof PackagesLookupError);
    assert.equal(missing.reason, "missing-token");
  });
});
