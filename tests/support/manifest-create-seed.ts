/**
 * A container package as `docker manifest create` leaves it: per release, platform images pushed
 * under tags of their own (`v2-amd64`, `v2-arm64`), then an index tagged `v2` that lists them;
 * cosign signs each of the three under `sha256-<hex>.sig`.
 */
import type { EmulatorSeed } from "../../emulator";
import type { SeedVersion } from "../../emulator/seed";
import { NOW } from "./clock";
import { cosignTag, OCI_INDEX as INDEX, OCI_MANIFEST as MANIFEST } from "./image-fixtures";
import { appDigest } from "./multiarch-seed";
import { ADMIN_TOKEN } from "./provider-fixture";

/** A release's versions by role: the index, its platform images, and the signature of each. */
export interface ManifestCreateRelease {
  readonly index: number;
  readonly amd64: number;
  readonly arm64: number;
  readonly indexSignature: number;
  readonly amd64Signature: number;
  readonly arm64Signature: number;
}

const release = (base: number): ManifestCreateRelease => ({
  index: base,
  amd64: base + 1,
  arm64: base + 2,
  indexSignature: base + 3,
  amd64Signature: base + 4,
  arm64Signature: base + 5,
});

/** Package `tools` of org acme: v2 (2 days old) and v1 (40 days). */
export const TOOLS = { v2: release(8200), v1: release(8100) } as const;

function versionsOf(tag: string, parts: ManifestCreateRelease, day: string): SeedVersion[] {
  const d = appDigest;
  const at = (minute: number) => `${day}T00:0${minute}:00Z`;
  const signature = (id: number, of: number, minute: number): SeedVersion => ({
    id,
    name: d(id),
    tags: [cosignTag(`app-${of}`)],
    createdAt: at(minute),
    manifest: { mediaType: MANIFEST },
  });
  return [
    { id: parts.amd64, name: d(parts.amd64), tags: [`${tag}-amd64`], createdAt: at(0), manifest: { mediaType: MANIFEST } },
    signature(parts.amd64Signature, parts.amd64, 1),
    { id: parts.arm64, name: d(parts.arm64), tags: [`${tag}-arm64`], createdAt: at(2), manifest: { mediaType: MANIFEST } },
    signature(parts.arm64Signature, parts.arm64, 3),
    {
      id: parts.index,
      name: d(parts.index),
      tags: [tag],
      createdAt: at(4),
      manifest: {
        mediaType: INDEX,
        manifests: [
          { digest: d(parts.amd64), platform: "linux/amd64" },
          { digest: d(parts.arm64), platform: "linux/arm64" },
        ],
      },
    },
    signature(parts.indexSignature, parts.index, 5),
  ];
}

export function manifestCreateSeed(): EmulatorSeed {
  return {
    now: NOW,
    tokens: [{ token: ADMIN_TOKEN, login: "octocat", scopes: ["read:packages", "write:packages", "delete:packages"], orgAdmin: ["acme"] }],
    packages: [
      {
        owner: "acme",
        ownerType: "org",
        packageType: "container",
        name: "tools",
        visibility: "private",
        versions: [...versionsOf("v2", TOOLS.v2, "2026-11-24"), ...versionsOf("v1", TOOLS.v1, "2026-10-17")],
      },
    ],
  };
}

/** The layout with v2's index also tagged `pr-9` (a pull request build promoted to v2). */
export function promotedSeed(): EmulatorSeed {
  const seed = manifestCreateSeed();
  seed.packages![0]!.versions!.find((v) => v.id === TOOLS.v2.index)!.tags = ["v2", "pr-9"];
  return seed;
}

/** The policy over `tools`, before the test's rules; with a PackageVersion per version, which the tests that use it check. */
export const TOOLS_POLICY = {
  name: "tools",
  org: "acme",
  packageType: "container",
  packageName: "tools",
  now: NOW,
  perVersionChildren: true,
};
