/**
 * getContainerImages over real Octokit and HTTP against a fresh emulator (API and registry): the
 * images of a multi-arch package exactly as seeded, orphans, broken images, arguments refused
 * before any request, registry failures naming the registry and the package without the token,
 * and the requests it makes (one listing per state, one /token, one manifest GET per active version).
 */
import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import type { EmulatorSeed, SeedPackage } from "../../emulator";
import {
  getContainerImages,
  type GetContainerImagesArgs,
  getContainerImagesOutput,
  type GetContainerImagesResult,
  GitHubSettingsError,
  LookupArgumentError,
  PackageVersionsLookupError,
  RegistryReadError,
} from "pulumi-github-package-versions";
import { useEnvEmulator } from "../support/env-emulator";
import { OCI_INDEX, OCI_MANIFEST, cosignTag, digestOf } from "../support/image-fixtures";
import { APP_IDS, appDigest, multiarchSeed } from "../support/multiarch-seed";
import { ADMIN_TOKEN, NO_SCOPES_TOKEN, READ_ONLY_TOKEN, failureOf } from "../support/provider-fixture";

const app = { org: "acme", packageName: "app" } as const;
const d = appDigest;
/** The `sha256-<hex>.sig` tag cosign gives a signature of version `id` of app. */
const sigTag = (id: number, suffix = "sig"): string => cosignTag(`app-${id}`, suffix);

/** Index 9400 (tag `broken`) lists a platform image that was never pushed and one deleted last week; a user's docker package beside. */
const BROKEN = { index: 9400, amd64: 9401, deleted: 9402, neverPushed: digestOf("never pushed") } as const;

/** Referrers further down v3: an SBOM of its amd64 image, a signature of its signature. */
const DEEPER = { amd64Sbom: 9410, signatureSignature: 9411 } as const;

function brokenSeed(): EmulatorSeed {
  const seed = multiarchSeed();
  const versions = seed.packages![0]!.versions!;
  versions.push(
    {
      id: BROKEN.index,
      name: d(BROKEN.index),
      tags: ["broken"],
      createdAt: "2026-11-25T00:00:00Z",
      manifest: {
        mediaType: OCI_INDEX,
        manifests: [
          { digest: d(BROKEN.amd64), platform: "linux/amd64" },
          { digest: BROKEN.neverPushed, platform: "linux/arm64" },
          { digest: d(BROKEN.deleted), platform: "linux/s390x" },
        ],
      },
    },
    { id: BROKEN.amd64, name: d(BROKEN.amd64), tags: [], createdAt: "2026-11-25T00:00:00Z" },
    { id: BROKEN.deleted, name: d(BROKEN.deleted), tags: [], createdAt: "2026-11-25T00:00:00Z", deletedAt: "2026-11-25T12:00:00Z" },
    // An SBOM of v3's amd64 image (by `subject`), and a signature of v3's signature (by tag).
    {
      id: DEEPER.amd64Sbom,
      name: d(DEEPER.amd64Sbom),
      tags: [],
      createdAt: "2026-11-24T01:00:00Z",
      manifest: { mediaType: OCI_MANIFEST, subject: d(APP_IDS.v3.amd64), artifactType: "application/spdx+json" },
    },
    {
      id: DEEPER.signatureSignature,
      name: d(DEEPER.signatureSignature),
      tags: [sigTag(APP_IDS.v3.signature)],
      createdAt: "2026-11-24T01:00:00Z",
      manifest: { mediaType: OCI_MANIFEST },
    },
  );
  const tool: SeedPackage = {
    owner: "octocat",
    ownerType: "user",
    packageType: "docker",
    name: "tools/tool",
    visibility: "private",
    versions: [{ id: 9500, name: digestOf("tool 1.0"), tags: ["1.0"], createdAt: "2026-11-01T00:00:00Z" }],
  };
  seed.packages!.push(tool);
  seed.tokens!.push(
    { token: READ_ONLY_TOKEN, login: "reader", scopes: ["read:packages"], orgAdmin: ["acme"] },
    { token: NO_SCOPES_TOKEN, login: "nobody", scopes: [], orgAdmin: ["acme"] },
  );
  return seed;
}

/** What a result says, without the digests of the versions (ids say which version). */
function shapeOf(result: GetContainerImagesResult): unknown {
  return result.images.map((image) => ({
    versionId: image.versionId,
    tags: image.tags,
    isIndex: image.isIndex,
    tagged: image.tagged,
    children: image.children.map((c) => `${c.versionId} ${c.relation} ${c.platform ?? "-"}`),
    referrers: image.referrers.map((r) => `${r.versionId} ${r.relation} by ${r.link}`),
    nested: image.nested.map((n) => `${n.versionId} ${n.relation}`),
    versionIds: image.versionIds,
  }));
}

describe("look-ups: getContainerImages", () => {
  const fx = useEnvEmulator(multiarchSeed);
  const registryRequests = (): string[] =>
    fx.emu
      .requests()
      .filter((r) => r.path.startsWith("/v2/") || r.path === "/token")
      .map((r) => `${r.status} ${r.path}`);

  it("reports each image with its children, referrers and versionIds exactly as seeded", async () => {
    const result = await getContainerImages(app);
    assert.deepEqual(
      { org: result.org, user: result.user, packageType: result.packageType, packageName: result.packageName },
      {
        org: "acme",
        user: undefined,
        packageType: "container",
        packageName: "app",
      },
    );
    assert.ok(!("user" in result), "no user key for an org's package");
    const { v1, v2, v3 } = APP_IDS;
    assert.deepEqual(shapeOf(result), [
      {
        versionId: v3.index,
        tags: ["v3"],
        isIndex: true,
        tagged: true,
        children: [
          `${v3.amd64} platform linux/amd64`,
          `${v3.shared} platform linux/arm64`,
          `${v3.attestation} attestation unknown/unknown`,
        ],
        referrers: [`${v3.signature} signature by tag`],
        nested: [],
        versionIds: [v3.index, v3.amd64, v3.shared, v3.attestation, v3.signature],
      },
      {
        versionId: v2.index,
        tags: ["v2"],
        isIndex: true,
        tagged: true,
        children: [
          `${v2.amd64} platform linux/amd64`,
          `${v3.shared} platform linux/arm64`,
          `${v2.attestation} attestation unknown/unknown`,
        ],
        referrers: [`${v2.signature} signature by tag`],
        nested: [],
        versionIds: [v2.index, v2.amd64, v3.shared, v2.attestation, v2.signature],
      },
      {
        versionId: v1.index,
        tags: ["v1"],
        isIndex: true,
        tagged: true,
        children: [`${v1.amd64} platform linux/amd64`, `${v1.arm64} platform linux/arm64`, `${v1.attestation} attestation unknown/unknown`],
        // The cosign attestation names v1 both by `subject` (no artifact type) and by its `.att` tag: the subject link, with the tag's word.
        referrers: [`${v1.cosignAttestation} attestation by subject`, `${v1.signature} signature by tag`],
        nested: [],
        versionIds: [v1.index, v1.amd64, v1.arm64, v1.attestation, v1.cosignAttestation, v1.signature],
      },
    ]);
    const v3Image = result.images[0]!;
    assert.equal(v3Image.digest, d(v3.index));
    assert.equal(v3Image.createdAt, "2026-11-24T00:00:00Z");
    assert.equal(v3Image.mediaType, OCI_INDEX);
    assert.deepEqual(v3Image.children[1], {
      digest: d(v3.shared),
      versionId: v3.shared,
      tags: [],
      relation: "platform",
      platform: "linux/arm64",
    });
    assert.deepEqual(v3Image.referrers[0], {
      digest: d(v3.signature),
      versionId: v3.signature,
      tags: [sigTag(v3.index)],
      relation: "signature",
      link: "tag",
      refersTo: d(v3.index),
      tag: sigTag(v3.index),
    });
    assert.deepEqual(result.images[2]!.referrers[0], {
      digest: d(v1.cosignAttestation),
      versionId: v1.cosignAttestation,
      tags: [sigTag(v1.index, "att")],
      relation: "attestation",
      link: "subject",
      refersTo: d(v1.index),
      tag: sigTag(v1.index, "att"),
    });
    assert.deepEqual(result.brokenImages, []);
    assert.deepEqual(result.unreadable, []);
    assert.equal(result.deletedVersionsListed, true);
  });

  it("shows a platform image two releases share under both, and names it as shared", async () => {
    const result = await getContainerImages(app);
    const spanning = result.images
      .filter((image) => image.children.some((c) => c.versionId === APP_IDS.v3.shared))
      .map((image) => image.tags[0]);
    assert.deepEqual(spanning, ["v3", "v2"]);
    assert.deepEqual(result.shared, [
      { digest: d(APP_IDS.v3.shared), versionId: APP_IDS.v3.shared, imageDigests: [d(APP_IDS.v3.index), d(APP_IDS.v2.index)] },
    ]);
  });

  it("reports the untagged image and the signature whose image is gone as orphans", async () => {
    const { orphans } = await getContainerImages(app);
    assert.deepEqual(orphans, [
      {
        digest: d(APP_IDS.orphanSignature),
        versionId: APP_IDS.orphanSignature,
        tags: [cosignTag("an image deleted long ago")],
        createdAt: "2026-07-01T00:00:00Z",
        mediaType: OCI_MANIFEST,
        children: [],
        referrers: [],
        nested: [],
        versionIds: [APP_IDS.orphanSignature],
        missing: [],
        kind: "referrer",
        relation: "signature",
        target: digestOf("an image deleted long ago"),
      },
      {
        digest: d(APP_IDS.untaggedImage),
        versionId: APP_IDS.untaggedImage,
        tags: [],
        createdAt: "2026-07-01T00:00:00Z",
        mediaType: OCI_MANIFEST,
        children: [],
        referrers: [],
        nested: [],
        versionIds: [APP_IDS.untaggedImage],
        missing: [],
        kind: "untagged",
      },
    ]);
  });

  it("lists each state once, exchanges the token once and GETs each active version's manifest once", async () => {
    await getContainerImages(app);
    const requests = fx.emu.requests();
    const listings = requests
      .filter((r) => r.path === "/orgs/acme/packages/container/app/versions")
      .map((r) => `${r.query["state"]} page=${r.query["page"] ?? "1"}`);
    assert.deepEqual(listings, ["active page=1", "deleted page=1"]);
    assert.equal(requests.filter((r) => r.path === "/token").length, 1);
    const manifests = requests.filter((r) => r.path.startsWith("/v2/acme/app/manifests/"));
    const read = manifests.filter((r) => r.status === 200).map((r) => r.path.slice("/v2/acme/app/manifests/".length));
    const active = [
      ...Object.values(APP_IDS.v1),
      ...Object.values(APP_IDS.v2),
      ...Object.values(APP_IDS.v3),
      APP_IDS.untaggedImage,
      APP_IDS.orphanSignature,
    ];
    const activeDigests = [...new Set(active.map(d))];
    assert.equal(activeDigests.length, 17);
    assert.deepEqual([...read].sort(), [...activeDigests].sort(), "every active version's manifest, once");
    assert.deepEqual(
      manifests.filter((r) => r.status !== 200).map((r) => r.status),
      [401],
      "only the first request meets the challenge",
    );
    assert.equal(requests.length, 2 + 1 + 1 + 17);
  });

  it("resolves Output arguments", async () => {
    const result = await new Promise<GetContainerImagesResult>((resolve) =>
      getContainerImagesOutput({ org: pulumi.output("acme"), packageName: pulumi.output("app") }).apply(resolve),
    );
    assert.deepEqual(
      result.images.map((image) => image.tags),
      [["v3"], ["v2"], ["v1"]],
    );
  });

  it("reads the registry the registryUrl argument names", async () => {
    process.env["GITHUB_REGISTRY_URL"] = "http://registry.invalid";
    const result = await getContainerImages({ ...app, registryUrl: `${fx.emu.url}/` });
    assert.equal(result.images.length, 3);
    assert.equal(fx.emu.requests().filter((r) => r.path === "/token").length, 1, "the argument's registry, not GITHUB_REGISTRY_URL's");
  });

  it("refuses bad arguments before any request, naming each field", async () => {
    const error = await failureOf(
      getContainerImages({
        org: "acme",
        packageName: "app",
        packageType: "npm",
        registryUrl: "ftp://user:hunter2@registry.example.com",
        state: "all",
        token: ADMIN_TOKEN,
      } as unknown as GetContainerImagesArgs),
    );
    assert.ok(error instanceof LookupArgumentError);
    assert.equal(error.lookup, "getContainerImages");
    assert.equal(error.stack, error.message, "no stack trace");
    assert.deepEqual(error.failures.map((f) => f.property).sort(), ["packageType", "registryUrl", "state", "token"]);
    assert.match(error.message, /`packageType`: must be "container" \(default\) or "docker".*got "npm"/);
    assert.match(error.message, /`registryUrl`: must be the http\(s\) URL of a container registry/);
    assert.match(
      error.message,
      /`state`: getContainerImages takes org or user, packageName, packageType, baseUrl and registryUrl; remove `state`/,
    );
    assert.match(error.message, /`token`: the token is never an argument/);
    assert.ok(
      !error.message.includes(ADMIN_TOKEN) && !error.message.includes("hunter2"),
      "neither the token nor the URL's password is echoed",
    );
    const noOwner = await failureOf(getContainerImages({ packageName: "app" } as GetContainerImagesArgs));
    assert.ok(noOwner instanceof LookupArgumentError);
    assert.match(noOwner.message, /`org`: set exactly one of `org`/);
    const noName = await failureOf(getContainerImages({ org: "acme", packageType: "docker" } as GetContainerImagesArgs));
    assert.match(noName.message, /`packageName`/);
    assert.equal(noName.message.includes("packageType"), false, "docker is accepted");
    const notAnObject = await failureOf(getContainerImages(undefined as unknown as GetContainerImagesArgs));
    assert.ok(notAnObject instanceof LookupArgumentError);
    assert.deepEqual(fx.emu.requests(), []);
  });

  it("a registry that refuses the manifests: RegistryReadError naming the registry and the package, no token", async () => {
    fx.emu.setFaults([{ path: "^/v2/acme/app/manifests/", status: 403, message: "denied" }]);
    const error = await failureOf(getContainerImages(app));
    assert.ok(error instanceof RegistryReadError);
    assert.equal(error.failure, "forbidden");
    assert.equal(error.registry, new URL(fx.emu.url).origin);
    assert.deepEqual(error.coordinates, { org: "acme", packageType: "container", packageName: "app" });
    assert.match(
      error.message,
      new RegExp(
        `^Cannot read the container registry ${new URL(fx.emu.url).origin} for container package app of org acme \\(acme/app, manifest sha256:[0-9a-f]{64}\\): the registry answered 403`,
      ),
    );
    assert.ok(!inspect(error, { depth: 10 }).includes(ADMIN_TOKEN), "the token is nowhere in the error or its causes");
    assert.ok(!JSON.stringify(error).includes(ADMIN_TOKEN));
  });

  it("no registry for a GitHub other than GitHub.com: GitHubSettingsError naming github:registryUrl, the token sent to no registry", async () => {
    delete process.env["GITHUB_REGISTRY_URL"];
    const error = await failureOf(getContainerImages(app));
    assert.ok(error instanceof GitHubSettingsError);
    assert.equal(error.setting, "github:registryUrl");
    assert.match(
      error.message,
      /Cannot read the manifests of container package app of org acme: github:baseUrl is http:\/\/127\.0\.0\.1:\d+, not GitHub\.com/,
    );
    assert.ok(!error.message.includes(ADMIN_TOKEN));
    assert.deepEqual(registryRequests(), []);
  });

  it("a package that does not exist: PackageVersionsLookupError, no registry request", async () => {
    const error = await failureOf(getContainerImages({ org: "acme", packageName: "nothing" }));
    assert.ok(error instanceof PackageVersionsLookupError);
    assert.equal(error.reason, "package-not-found");
    assert.match(error.message, /^Cannot list the active versions of container package nothing of org acme: /);
    assert.deepEqual(registryRequests(), []);
  });
});

describe("look-ups: getContainerImages, broken images and tokens", () => {
  const fx = useEnvEmulator(brokenSeed);

  it("reports an index naming a digest that is no version as a broken image, naming a deleted version that could be restored", async () => {
    const result = await getContainerImages(app);
    const broken = result.images[0]!;
    assert.deepEqual([broken.versionId, broken.tags, broken.versionIds], [BROKEN.index, ["broken"], [BROKEN.index, BROKEN.amd64]]);
    const missing = [
      { digest: BROKEN.neverPushed, parentDigest: d(BROKEN.index) },
      { digest: d(BROKEN.deleted), parentDigest: d(BROKEN.index), deletedVersionId: BROKEN.deleted },
    ];
    assert.deepEqual(broken.missing, missing);
    assert.deepEqual(result.brokenImages, [{ digest: d(BROKEN.index), versionId: BROKEN.index, tags: ["broken"], missing }]);
    assert.deepEqual(
      result.images.slice(1).map((image) => image.missing),
      [[], [], []],
      "the other images are whole",
    );
  });

  it("reports a referrer of a child among the image's referrers (refersTo the child), and a referrer of a referrer as nested", async () => {
    const { images } = await getContainerImages(app);
    const v3 = images.find((image) => image.tags.includes("v3"))!;
    assert.deepEqual(
      v3.referrers.map((r) => [r.versionId, r.relation, r.link, r.refersTo]),
      [
        [APP_IDS.v3.signature, "signature", "tag", d(APP_IDS.v3.index)],
        [DEEPER.amd64Sbom, "sbom", "subject", d(APP_IDS.v3.amd64)],
      ],
    );
    assert.deepEqual(v3.nested, [
      {
        digest: d(DEEPER.signatureSignature),
        versionId: DEEPER.signatureSignature,
        tags: [sigTag(APP_IDS.v3.signature)],
        relation: "signature",
        link: "tag",
        parentDigest: d(APP_IDS.v3.signature),
        tag: sigTag(APP_IDS.v3.signature),
      },
    ]);
    assert.deepEqual(v3.versionIds, [
      APP_IDS.v3.index,
      APP_IDS.v3.amd64,
      APP_IDS.v3.shared,
      APP_IDS.v3.attestation,
      APP_IDS.v3.signature,
      DEEPER.amd64Sbom,
      DEEPER.signatureSignature,
    ]);
  });

  it("a token without delete:packages reads the images all the same, without the deleted versions", async () => {
    process.env["GITHUB_TOKEN"] = READ_ONLY_TOKEN;
    const result = await getContainerImages(app);
    assert.equal(result.deletedVersionsListed, false);
    assert.deepEqual(
      result.brokenImages[0]!.missing.map((m) => m.deletedVersionId),
      [undefined, undefined],
    );
    assert.deepEqual(
      result.images.map((image) => image.tags[0]),
      ["broken", "v3", "v2", "v1"],
    );
  });

  it("a token without read:packages: PackageVersionsLookupError, missing-scopes, no token, no registry request", async () => {
    process.env["GITHUB_TOKEN"] = NO_SCOPES_TOKEN;
    const error = await failureOf(getContainerImages(app));
    assert.ok(error instanceof PackageVersionsLookupError);
    assert.equal(error.reason, "missing-scopes");
    assert.ok(!inspect(error, { depth: 10 }).includes(NO_SCOPES_TOKEN));
    assert.deepEqual(
      fx.emu.requests().filter((r) => r.path.startsWith("/v2/") || r.path === "/token"),
      [],
    );
  });

  it("reads a user's docker package (the registry path keeps the name's slash)", async () => {
    const result = await getContainerImages({ user: "octocat", packageType: "docker", packageName: "tools/tool" });
    assert.deepEqual([result.user, result.packageType, result.packageName, "org" in result], ["octocat", "docker", "tools/tool", false]);
    assert.deepEqual(
      result.images.map((image) => [image.versionId, image.tags, image.isIndex, image.children]),
      [[9500, ["1.0"], false, []]],
    );
    assert.ok(fx.emu.requests().some((r) => r.path === `/v2/octocat/tools/tool/manifests/${digestOf("tool 1.0")}` && r.status === 200));
  });
});
