import { IMAGE_MANIFEST_MEDIA_TYPES, INDEX_MEDIA_TYPES, type ManifestReference, type ManifestSummary } from "./manifest-summary";

/** A manifest body the summary cannot be made from; the message says what is wrong, never quoting the body. */
export class InvalidManifestError extends Error {
  override readonly name = "InvalidManifestError";
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `application/vnd.oci.image.index.v1+json; charset=utf-8` → the media type alone, when it names a manifest. */
function manifestTypeOf(contentType: string | null): string | undefined {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  return type !== undefined && type.startsWith("application/vnd.") ? type : undefined;
}

/** `linux/arm64/v8` from `{ os, architecture, variant }`; undefined without os and architecture. */
function platformOf(platform: unknown, where: string): string | undefined {
  if (platform === undefined) return undefined;
  if (!isObject(platform) || typeof platform["os"] !== "string" || typeof platform["architecture"] !== "string") {
    throw new InvalidManifestError(`${where}.platform is not an object with os and architecture`);
  }
  const variant = typeof platform["variant"] === "string" && platform["variant"] !== "" ? `/${platform["variant"]}` : "";
  return `${platform["os"]}/${platform["architecture"]}${variant}`;
}

/** String-valued annotations; anything else there is ignored. */
function annotationsOf(annotations: unknown, where: string): Readonly<Record<string, string>> | undefined {
  if (annotations === undefined) return undefined;
  if (!isObject(annotations)) throw new InvalidManifestError(`${where}.annotations is not an object`);
  return Object.fromEntries(Object.entries(annotations).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

function referenceOf(entry: unknown, index: number): ManifestReference {
  const where = `manifests[${index}]`;
  if (!isObject(entry) || typeof entry["digest"] !== "string" || entry["digest"] === "") {
    throw new InvalidManifestError(`${where} has no digest`);
  }
  const mediaType = typeof entry["mediaType"] === "string" ? entry["mediaType"] : undefined;
  const platform = platformOf(entry["platform"], where);
  const annotations = annotationsOf(entry["annotations"], where);
  return {
    digest: entry["digest"],
    ...(mediaType !== undefined ? { mediaType } : {}),
    ...(platform !== undefined ? { platform } : {}),
    ...(annotations !== undefined ? { annotations } : {}),
  } satisfies ManifestReference;
}

/**
 * The summary of the manifest named `digest`, from the registry's answer: its media type (the
 * body's `mediaType`, else the Content-Type, else what its shape says), an index's entries with
 * their platforms (`os/architecture[/variant]`) and annotations, an OCI `subject` and
 * `artifactType`, and the Docker-Content-Digest the registry answered with. Throws an
 * InvalidManifestError when the body is not a manifest.
 */
export function summarizeManifest(digest: string, body: string, contentType: string | null, contentDigest: string | null): ManifestSummary {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new InvalidManifestError("the answer is not JSON");
  }
  if (!isObject(parsed)) throw new InvalidManifestError("the answer is not a JSON object");
  const mediaType = mediaTypeOf(parsed, contentType);
  const entries = parsed["manifests"];
  if (entries !== undefined && !Array.isArray(entries)) throw new InvalidManifestError("manifests is not a list");
  if (INDEX_MEDIA_TYPES.includes(mediaType) && entries === undefined)
    throw new InvalidManifestError(`an index (${mediaType}) without manifests`);
  const manifests = (entries ?? []).map((entry: unknown, index: number) => referenceOf(entry, index));
  const subject = subjectDigestOf(parsed);
  const artifactType = typeof parsed["artifactType"] === "string" && parsed["artifactType"] !== "" ? parsed["artifactType"] : undefined;
  return {
    digest,
    mediaType,
    manifests,
    ...(subject !== undefined ? { subject } : {}),
    ...(artifactType !== undefined ? { artifactType } : {}),
    ...(contentDigest !== null && contentDigest !== "" ? { contentDigest } : {}),
  } satisfies ManifestSummary;
}

/** The body's `mediaType`, else the Content-Type's, else the one its shape says (`manifests`: an index; `config`: an image). */
function mediaTypeOf(parsed: Record<string, unknown>, contentType: string | null): string {
  const declared = typeof parsed["mediaType"] === "string" && parsed["mediaType"] !== "" ? parsed["mediaType"] : undefined;
  const shaped = Array.isArray(parsed["manifests"])
    ? INDEX_MEDIA_TYPES[0]
    : isObject(parsed["config"])
      ? IMAGE_MANIFEST_MEDIA_TYPES[0]
      : undefined;
  const mediaType = declared ?? manifestTypeOf(contentType) ?? shaped;
  if (mediaType === undefined) throw new InvalidManifestError("the answer has no media type and is neither an index nor an image manifest");
  return mediaType;
}

/** The OCI `subject`'s digest, if any; a subject without one is an InvalidManifestError. */
function subjectDigestOf(parsed: Record<string, unknown>): string | undefined {
  const subject = parsed["subject"];
  if (subject === undefined) return undefined;
  if (!isObject(subject) || typeof subject["digest"] !== "string" || subject["digest"] === "")
    throw new InvalidManifestError("subject has no digest");
  return subject["digest"];
}
