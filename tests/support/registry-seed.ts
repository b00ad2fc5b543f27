/**
 * A container package as buildx and cosign leave it, for the registry tests: a multi-arch image
 * (index, two platform images, their attestations), its signature and SBOM, a Docker manifest
 * list, a broken index, a deleted image; beside it a nested private package, a private one, and a
 * docker package of a user. Tokens are the base seed's.
 */
import type { EmulatorSeed, SeedPackage } from "../../emulator";
import { baseSeed } from "./base-seed";
import { digestOf, OCI_INDEX, OCI_MANIFEST } from "./image-fixtures";

export { digestOf, OCI_INDEX, OCI_MANIFEST } from "./image-fixtures";
export const DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
export const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

/** Digests of acme/app's versions. */
export const APP_DIGESTS = {
  v3: digestOf("v3 index"),
  v3amd64: digestOf("v3 amd64"),
  v3arm64: digestOf("v3 arm64"),
  v3amd64Attestation: digestOf("v3 amd64 attestation"),
  v3arm64Attestation: digestOf("v3 arm64 attestation"),
  v3Signature: digestOf("v3 signature"),
  v3Sbom: digestOf("v3 sbom"),
  v2: digestOf("v2 list"),
  v2amd64: digestOf("v2 amd64"),
  broken: digestOf("broken index"),
  missing: digestOf("never pushed"),
  old: digestOf("old image"),
  untagged: digestOf("untagged image"),
} as const;

/** The cosign tag of a signature of `digest`: sha256-<hex>.sig. */
export function cosignTagForDigest(digest: string, kind: "sig" | "att" = "sig"): string {
  return `sha256-${digest.slice("sha256:".length)}.${kind}`;
}

export function appPackage(): SeedPackage {
  return {
    owner: "acme",
    ownerType: "org",
    packageType: "container",
    name: "app",
    visibility: "public",
    versions: [
      {
        id: 9100,
        name: APP_DIGESTS.v3,
        tags: ["v3", "latest"],
        createdAt: "2026-11-20T00:00:00Z",
        manifest: {
          mediaType: OCI_INDEX,
          manifests: [
            { digest: APP_DIGESTS.v3amd64, platform: "linux/amd64" },
            { digest: APP_DIGESTS.v3arm64, platform: "linux/arm64/v8" },
            { digest: APP_DIGESTS.v3amd64Attestation, platform: "unknown/unknown" },
            { digest: APP_DIGESTS.v3arm64Attestation, platform: "unknown/unknown" },
          ],
        },
      },
      { id: 9101, name: APP_DIGESTS.v3amd64, createdAt: "2026-11-20T00:00:00Z" },
      { id: 9102, name: APP_DIGESTS.v3arm64, createdAt: "2026-11-20T00:00:00Z" },
      { id: 9103, name: APP_DIGESTS.v3amd64Attestation, createdAt: "2026-11-20T00:00:00Z" },
      { id: 9104, name: APP_DIGESTS.v3arm64Attestation, createdAt: "2026-11-20T00:00:00Z" },
      {
        id: 9111,
        name: APP_DIGESTS.v3Signature,
        tags: [cosignTagForDigest(APP_DIGESTS.v3)],
        createdAt: "2026-11-20T00:01:00Z",
        manifest: { mediaType: OCI_MANIFEST, subject: APP_DIGESTS.v3 },
      },
      {
        id: 9112,
        name: APP_DIGESTS.v3Sbom,
        createdAt: "2026-11-20T00:02:00Z",
        manifest: {
          subject: APP_DIGESTS.v3,
          artifactType: "application/spdx+json",
          annotations: { "org.opencontainers.image.created": "2026-11-20T00:02:00Z" },
        },
      },
      {
        id: 9120,
        name: APP_DIGESTS.v2,
        tags: ["v2"],
        createdAt: "2026-10-01T00:00:00Z",
        manifest: { mediaType: DOCKER_LIST, manifests: [{ digest: APP_DIGESTS.v2amd64, platform: "linux/amd64" }] },
      },
      { id: 9121, name: APP_DIGESTS.v2amd64, createdAt: "2026-10-01T00:00:00Z", manifest: { mediaType: DOCKER_MANIFEST } },
      {
        id: 9130,
        name: APP_DIGESTS.broken,
        tags: ["broken"],
        createdAt: "2026-09-01T00:00:00Z",
        manifest: { mediaType: OCI_INDEX, manifests: [{ digest: APP_DIGESTS.missing, platform: "linux/amd64" }] },
      },
      { id: 9140, name: APP_DIGESTS.old, tags: ["v1"], createdAt: "2026-08-01T00:00:00Z", deletedAt: "2026-11-15T00:00:00Z" },
      { id: 9141, name: APP_DIGESTS.untagged, createdAt: "2026-08-01T00:00:00Z", downloads: 5000 },
    ],
  };
}

export function registrySeed(): EmulatorSeed {
  const base = baseSeed();
  return {
    ...base,
    packages: [
      ...(base.packages ?? []),
      appPackage(),
      {
        owner: "acme",
        ownerType: "org",
        packageType: "container",
        name: "team/app",
        visibility: "private",
        versions: [{ id: 9200, name: digestOf("team app"), tags: ["latest"] }],
      },
      {
        owner: "acme",
        ownerType: "org",
        packageType: "container",
        name: "gone",
        visibility: "public",
        deletedAt: "2026-11-20T00:00:00Z",
        versions: [{ id: 9300, name: digestOf("gone"), tags: ["latest"] }],
      },
      {
        owner: "octocat",
        ownerType: "user",
        packageType: "docker",
        name: "tool",
        visibility: "private",
        versions: [{ id: 9400, name: digestOf("tool 1.0"), tags: ["1.0"] }],
      },
    ],
  };
}
