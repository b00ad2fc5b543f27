/**
 * The project's own reading of images, on what the real clients pushed: getContainerImages and a
 * container retention plan over two releases crane pushed with cosign-style signatures, and an
 * in-toto attestation oras attached (kept under the referrers tag schema's `sha256-<hex>` index, as ghcr.io has no
 * referrers API).
 */
import { strict as assert } from "node:assert";
import { getContainerImages } from "pulumi-github-package-versions";
import { planPackageRetention } from "pulumi-github-package-versions/testing";
import { useEnvEmulator } from "../support/env-emulator";
import { type OciClients, ociClients, ociClientsDir } from "../support/oci-clients";
import { ADMIN_TOKEN, baseSeed } from "../support/provider-fixture";
import { attachAttestation, pushCosignSignature, pushMultiArch } from "../support/pushed-images";

describe("container images the real clients pushed: look-up and plan", function () {
  this.timeout(600_000);
  before(() => {
    ociClientsDir();
  });
  const fx = useEnvEmulator(baseSeed);
  let c: OciClients;
  afterEach(() => c?.close());

  it("reads the releases as images (platforms, cosign signatures, an oras in-toto attestation, the referrers index) and plans the older release away whole", async () => {
    c = await ociClients(fx.emu.url, ADMIN_TOKEN);
    const v1 = await pushMultiArch(c, "acme/shop", "v1");
    const v1Signature = await pushCosignSignature(c, "acme/shop", v1.index);
    fx.emu.setClock({ advanceDays: 1 });
    const v2 = await pushMultiArch(c, "acme/shop", "v2");
    const v2Signature = await pushCosignSignature(c, "acme/shop", v2.index);
    // One oras attach: a second on the same image would replace the sha256-<hex> index and leave the
    // first one untagged (as on ghcr.io), which the plan reads otherwise (docs/emulator-registry.md).
    const v2Attached = await attachAttestation(c, "acme/shop", v2.index);
    const versions = fx.emu.state().packages.find((p) => p.name === "shop")!.versions;
    const id = (digest: string): number => versions.find((v) => v.name === digest)!.id;
    const referrersIndex = versions.find((v) => v.tags.includes(`sha256-${v2.index.slice("sha256:".length)}`))!.id;
    assert.equal(versions.length, 12, "every pushed manifest is a version");

    fx.emu.clearRequests();
    const images = await getContainerImages({ org: "acme", packageName: "shop" });
    assert.deepEqual(
      images.images.map((image) => ({
        id: image.versionId,
        tags: image.tags,
        children: image.children.map((child) => `${child.versionId} ${child.relation} ${child.platform ?? "-"}`),
        referrers: image.referrers.map((r) => `${r.versionId} ${r.relation} by ${r.link}`).sort(),
      })),
      [
        {
          id: id(v2.index),
          tags: ["v2"],
          children: [`${id(v2.amd64)} platform linux/amd64`, `${id(v2.arm64)} platform linux/arm64`],
          referrers: [
            `${id(v2Attached)} attestation by subject`,
            `${id(v2Signature)} signature by tag`,
            `${referrersIndex} referrers-index by tag`,
          ].sort(),
        },
        {
          id: id(v1.index),
          tags: ["v1"],
          children: [`${id(v1.amd64)} platform linux/amd64`, `${id(v1.arm64)} platform linux/arm64`],
          referrers: [`${id(v1Signature)} signature by tag`],
        },
      ],
    );
    assert.deepEqual([images.brokenImages, images.unreadable], [[], []]);
    const reads = fx.emu.requests().filter((r) => r.path.startsWith("/v2/acme/shop/manifests/"));
    // The first GET is challenged (401), then one manifest GET a version, each with its digest.
    assert.deepEqual(
      reads.map((r) => r.status),
      [401, ...versions.map(() => 200)],
    );
    assert.equal(new Set(reads.filter((r) => r.status === 200).map((r) => r.path)).size, versions.length);
    assert.equal(fx.emu.requests().filter((r) => r.path === "/token").length, 1);

    const plan = await planPackageRetention({
      org: "acme",
      packageType: "container",
      packageName: "shop",
      keepLatest: 1,
      untagged: "delete",
      now: "2026-11-28T00:00:00Z",
    });
    const byAction = (action: string): number[] =>
      plan.decisions
        .filter((d) => d.action === action)
        .map((d) => d.versionId)
        .sort((a, b) => a - b);
    const sorted = (ids: number[]): number[] => [...ids].sort((a, b) => a - b);
    assert.deepEqual(byAction("keep"), sorted([id(v2.index), id(v2.amd64), id(v2.arm64), id(v2Signature), id(v2Attached), referrersIndex]));
    assert.deepEqual(byAction("delete"), sorted([id(v1.index), id(v1.amd64), id(v1.arm64), id(v1Signature), id(v1.first), id(v2.first)]));
  });
});
