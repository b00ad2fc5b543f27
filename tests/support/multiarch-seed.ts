/**
 * A multi-arch container package as buildx and cosign leave it in GitHub Packages: each release is
 * a tagged index whose platform images and build attestation are untagged versions of their own,
 * signed under `sha256-<hex>.sig` tags, with a cosign attestation referring to it by `subject`.
 */
import type { EmulatorSeed } from "../../emulator";
import { NOW } from "./clock";
import { cosignTag, digestOf, OCI_INDEX as INDEX, OCI_MANIFEST as MANIFEST } from "./image-fixtures";
import { ADMIN_TOKEN } from "./provider-fixture";

const ALL_SCOPES = ["read:packages", "write:packages", "delete:packages"];

/** The versions of package `app`, by role, with their ids. */
export const APP_IDS = {
  /** v3 (latest): the image the policy keeps. */
  v3: { index: 9300, amd64: 9301, shared: 9302, attestation: 9303, signature: 9304 },
  /** v2: deleted with its parts, except the arm64 image it shares with v3. */
  v2: { index: 9200, amd64: 9201, attestation: 9203, signature: 9204 },
  /** v1: deleted with every part, its cosign attestation (`subject`) included. */
  v1: { index: 9100, amd64: 9101, arm64: 9102, attestation: 9103, signature: 9104, cosignAttestation: 9105 },
  /** An untagged single-platform image nothing references. */
  untaggedImage: 9050,
  /** A signature whose image is gone (its `sha256-<hex>.sig` names no version). */
  orphanSignature: 9060,
} as const;

/** The digest of a version of `app`, by its id. */
export function appDigest(id: number): string {
  return digestOf(`app-${id}`);
}

interface ReleaseParts {
  index: number;
  amd64: number;
  arm64: number;
  attestation: number;
  signature: number;
}

function release(tag: string, parts: ReleaseParts, createdAt: string): NonNullable<EmulatorSeed["packages"]>[number]["versions"] {
  const d = appDigest;
  return [
    {
      id: parts.index,
      name: d(parts.index),
      tags: [tag],
      createdAt,
      manifest: {
        mediaType: INDEX,
        manifests: [
          { digest: d(parts.amd64), platform: "linux/amd64" },
          { digest: d(parts.arm64), platform: "linux/arm64" },
          { digest: d(parts.attestation), platform: "unknown/unknown" },
        ],
      },
    },
    { id: parts.amd64, name: d(parts.amd64), tags: [], createdAt },
    { id: parts.attestation, name: d(parts.attestation), tags: [], createdAt },
    {
      id: parts.signature,
      name: d(parts.signature),
      tags: [cosignTag(`app-${parts.index}`)],
      createdAt,
      manifest: { mediaType: MANIFEST },
    },
  ];
}

/** Package `app` of org acme (public) on 2026-11-26: releases v1 (90 days old), v2 (30), v3 (2), an untagged image and an orphan signature. */
export function multiarchSeed(): EmulatorSeed {
  const { v1, v2, v3 } = APP_IDS;
  const versions = [
    ...release("v3", { ...v3, arm64: v3.shared }, "2026-11-24T00:00:00Z")!,
    { id: v3.shared, name: appDigest(v3.shared), tags: [], createdAt: "2026-10-27T00:00:00Z" },
    ...release("v2", { ...v2, arm64: v3.shared }, "2026-10-27T00:00:00Z")!,
    ...release("v1", v1, "2026-08-28T00:00:00Z")!,
    { id: v1.arm64, name: appDigest(v1.arm64), tags: [], createdAt: "2026-08-28T00:00:00Z" },
    {
      id: v1.cosignAttestation,
      name: appDigest(v1.cosignAttestation),
      tags: [cosignTag(`app-${v1.index}`, "att")],
      createdAt: "2026-08-28T00:00:00Z",
      manifest: { mediaType: MANIFEST, subject: appDigest(v1.index) },
    },
    { id: APP_IDS.untaggedImage, name: appDigest(APP_IDS.untaggedImage), tags: [], createdAt: "2026-07-01T00:00:00Z" },
    {
      id: APP_IDS.orphanSignature,
      name: appDigest(APP_IDS.orphanSignature),
      tags: [cosignTag("an image deleted long ago")],
      createdAt: "2026-07-01T00:00:00Z",
    },
  ];
  return {
    now: NOW,
    tokens: [{ token: ADMIN_TOKEN, login: "octocat", scopes: ALL_SCOPES, orgAdmin: ["acme"] }],
    packages: [{ owner: "acme", ownerType: "org", packageType: "container", name: "app", visibility: "public", versions }],
  };
}

/**
 * The root project's policy over `app`: the newest image stays, untagged images and orphans may go.
 * With a PackageVersion per version, which the tests that use it check; the compact form (the
 * default) is asked for with `perVersionChildren: false` over it.
 */
export const APP_POLICY = {
  name: "app",
  org: "acme",
  packageType: "container",
  packageName: "app",
  keepLatest: 1,
  untagged: "delete",
  now: NOW,
  perVersionChildren: true,
};
