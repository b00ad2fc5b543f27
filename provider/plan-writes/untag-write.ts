/**
 * Removing tags from a container version that stays (issue 23), as ghcr.io allows it: the
 * registry deletes nothing, so a small unique placeholder manifest is pushed under each tag to
 * remove (the tags move to it: a new version of the package carrying only them, the original
 * keeps its other tags), and the placeholder's version, found by its digest among the newest
 * versions, is deleted through the REST API, paced and observed again like every deletion.
 *
 * After a failure nothing is sent blindly again: what is true is read back (which digest each tag
 * names, whether the placeholder's version exists) and reported. The original version is never
 * deleted: the only version deleted is one whose name is the placeholder's fresh digest.
 */
import { createHash } from "node:crypto";
import { gitHubClient } from "../github/client";
import { configuredSettings, writePlannedVersion } from "../package-version/handlers";
import { PackageVersionsApi } from "../github/versions-api";
import { resolveSettings, GitHubSettingsError, redactedUrl } from "../core/settings";
import { coordinatesOf } from "../core/package-coordinates";
import { packageLabel } from "../core/version-label";
import { ProgramError } from "../core/program-error";
import { RegistryWriter } from "../registry/registry-writer";
import { untagPlaceholder } from "../registry/untag-placeholder";
import { DEFAULT_REGISTRY_TIMINGS } from "../registry/registry-reader";
import type { PlanWritesInputs, PlannedEntry } from "./types";

/** An untag that did not (wholly) happen: what was seen afterwards, in words. */
export class UntagFailedError extends ProgramError {
  override readonly name = "UntagFailedError";
}

/** One writer (one push token) per package and process. */
const writers = new Map<string, RegistryWriter>();

/** A new deployment (configure): new settings, new registry tokens. */
export function forgetRegistryWriters(): void {
  writers.clear();
}

function writerFor(inputs: PlanWritesInputs): RegistryWriter {
  const coordinates = coordinatesOf(inputs);
  const settings = resolveSettings(configuredSettings(), {
    coordinates,
    selector: {},
    baseUrl: inputs.baseUrl,
    registryUrl: inputs.registryUrl,
  });
  if (settings.registryUrl === undefined) {
    throw new GitHubSettingsError(
      "github:registryUrl",
      `Cannot untag versions of ${packageLabel(coordinates)}: github:baseUrl is ${String(redactedUrl(settings.baseUrl))}, not GitHub.com, and no container registry is set. ` +
        "Set it with `pulumi config set github:registryUrl https://containers.github.example.com` (or GITHUB_REGISTRY_URL).",
    );
  }
  // The token is part of the key only through its hash, never kept as a key in the clear.
  const key = `${settings.registryUrl} ${settings.baseUrl} ${packageLabel(coordinates)} ${createHash("sha256").update(settings.token).digest("hex")}`;
  let writer = writers.get(key);
  if (writer === undefined) {
    writer = new RegistryWriter(settings.registryUrl, coordinates, settings.token, {
      ...DEFAULT_REGISTRY_TIMINGS,
      maxRetryAfterMs: settings.maxRateLimitWaitSeconds * 1000,
    });
    writers.set(key, writer);
  }
  return writer;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What an untag did: the tags removed from the version, and, when not all were, why. */
export interface UntagOutcome {
  removed: string[];
  failure?: UntagFailedError;
}

/**
 * Removes `tags` from the version `[versionId, name]`: the placeholder's blob, one manifest PUT
 * per tag, the placeholder's version found in the first listing page, one paced DELETE. When a
 * PUT fails and the tag is not on the placeholder afterwards, the tags moved before it are still
 * removed (their placeholder is deleted) and the failure says which tag stays.
 */
export async function untagVersion(inputs: PlanWritesInputs, entry: PlannedEntry): Promise<UntagOutcome> {
  const [versionId, name, tags] = entry;
  const subject = { versionId, versionName: name };
  const label = `${packageLabel(coordinatesOf(inputs))}, version ${versionId} (${name})`;
  const writer = writerFor(inputs);
  await writer.ensureEmptyBlob(subject);
  const placeholder = untagPlaceholder(name, tags, new Date().toISOString());
  const moved: string[] = [];
  let failure: UntagFailedError | undefined;
  for (const tag of tags) {
    try {
      await writer.putManifest(tag, placeholder.bytes, subject);
      moved.push(tag);
    } catch (error) {
      // The answer may be lost after the registry took the push: read what the tag names now.
      let now: string | undefined;
      try {
        now = await writer.digestOfTag(tag, subject);
      } catch (observeError) {
        failure = new UntagFailedError(
          `Untagging ${label} failed at tag ${tag}: ${message(error)} It could not be observed afterwards (${message(observeError)}); run again.`,
        );
        break;
      }
      if (now === placeholder.digest) {
        moved.push(tag);
        continue;
      }
      const where = now === name ? "still names the version" : now === undefined ? "names nothing" : `names ${now}`;
      failure = new UntagFailedError(`Untagging ${label} failed at tag ${tag}, which ${where} afterwards: ${message(error)}`);
      break;
    }
  }
  if (moved.length === 0) return { removed: [], ...(failure !== undefined ? { failure } : {}) };
  try {
    await deletePlaceholder(inputs, label, versionId, name, placeholder.digest, moved);
  } catch (error) {
    // The placeholder keeps the moved tags: the version lost them, but they are not gone from the package.
    const also = failure !== undefined ? ` ${failure.message}` : "";
    throw new UntagFailedError(`${message(error)}${also}`);
  }
  return { removed: moved, ...(failure !== undefined ? { failure } : {}) } satisfies UntagOutcome;
}

/** Finds the placeholder's version (the newest versions come first: one page) and deletes it through the API. */
async function deletePlaceholder(
  inputs: PlanWritesInputs,
  label: string,
  versionId: number,
  name: string,
  digest: string,
  tags: readonly string[],
): Promise<void> {
  const coordinates = coordinatesOf(inputs);
  const settings = resolveSettings(configuredSettings(), { coordinates, selector: {}, baseUrl: inputs.baseUrl });
  const api = new PackageVersionsApi(gitHubClient(settings), coordinates);
  let placeholder;
  try {
    placeholder = await api.find("active", (v) => v.name === digest);
  } catch (error) {
    throw new UntagFailedError(
      `Untagging ${label}: the tags ${tags.join(", ")} moved to the placeholder ${digest}, but its version could not be listed (${message(error)}); a later run deletes it by deleteTags.`,
    );
  }
  if (placeholder === undefined) {
    throw new UntagFailedError(
      `Untagging ${label}: the tags ${tags.join(", ")} moved to the placeholder ${digest}, but no active version of that name is listed; nothing was deleted.`,
    );
  }
  // Never the original: the placeholder's digest is new, and a version of another name is not deleted here.
  if (placeholder.id === versionId || placeholder.name === name)
    throw new UntagFailedError(`Untagging ${label}: the placeholder's version is the version itself; nothing was deleted.`);
  const after = await writePlannedVersion(inputs, { versionId: placeholder.id, name: digest }, "deleted").catch((error: unknown) => {
    throw new UntagFailedError(
      `Untagging ${label}: the tags ${tags.join(", ")} moved to the placeholder version ${placeholder.id} (${digest}), which could not be deleted: ${message(error)}`,
    );
  });
  if (after !== "deleted")
    throw new UntagFailedError(
      `Untagging ${label}: the placeholder version ${placeholder.id} (${digest}) still carries ${tags.join(", ")}.`,
    );
}
