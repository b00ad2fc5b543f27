/**
 * The placeholder an untag pushes under the tags it removes: a small OCI image manifest whose
 * config and only layer are the image spec's empty descriptor (`{}`, 2 bytes), made unique by an
 * annotation, so that its digest is no other version's and the tags move to a version of their
 * own, which the API then deletes.
 */
import { createHash, randomUUID } from "node:crypto";

export const OCI_MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
/** The image spec's empty descriptor: the blob `{}`. */
export const EMPTY_BLOB = Buffer.from("{}", "utf8");
export const EMPTY_DESCRIPTOR = {
  mediaType: "application/vnd.oci.empty.v1+json",
  digest: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
  size: 2,
} as const;
/** The artifact type naming what the placeholder is, for anyone who pulls it meanwhile. */
export const PLACEHOLDER_ARTIFACT_TYPE = "application/vnd.pulumi-github-package-versions.untag-placeholder.v1";
/** The annotation that makes each placeholder unique and says which version it untags. */
export const PLACEHOLDER_ANNOTATION = "io.github.pulumi-github-package-versions.untag";

export interface Placeholder {
  readonly bytes: Buffer;
  /** `sha256:<hex of bytes>`: the name of the version it becomes. */
  readonly digest: string;
}

export function sha256Of(bytes: Buffer): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/** A new placeholder for the tags of the version named `versionName`, created `at` (ISO). */
export function untagPlaceholder(versionName: string, tags: readonly string[], at: string): Placeholder {
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    artifactType: PLACEHOLDER_ARTIFACT_TYPE,
    config: EMPTY_DESCRIPTOR,
    layers: [EMPTY_DESCRIPTOR],
    annotations: {
      "org.opencontainers.image.created": at,
      [PLACEHOLDER_ANNOTATION]: `removes ${tags.join(",")} from ${versionName} (${randomUUID()})`,
    },
  };
  const bytes = Buffer.from(JSON.stringify(manifest), "utf8");
  return { bytes, digest: sha256Of(bytes) } satisfies Placeholder;
}
