import { GitHubSettingsError, redactedUrl, type GitHubSettings } from "../core/settings";
import { createRegistryReader } from "../registry/registry-reader";
import { repositoryOf } from "../registry/repository";
import type { PackageCoordinates, PackageVersionInfo } from "../core/package-version-types";
import { packageLabel } from "../core/version-label";
import { buildImageGraph } from "./image-graph";
import { manifestCacheKey, readOnce } from "./manifest-cache";
import type { ImageGraph } from "./image-graph-types";
import type { ManifestReader, ManifestSummary } from "../registry/manifest-summary";

/** The registry to read, or why there is none: another GitHub's token is never sent to ghcr.io by default. */
function registryOf(settings: GitHubSettings, coordinates: PackageCoordinates): string {
  if (settings.registryUrl !== undefined) return settings.registryUrl;
  throw new GitHubSettingsError(
    "github:registryUrl",
    `Cannot read the manifests of ${packageLabel(coordinates)}: github:baseUrl is ${String(redactedUrl(settings.baseUrl))}, not GitHub.com, and no container registry is set. ` +
      "GitHub Enterprise Server serves its registry on its own host: `pulumi config set github:registryUrl https://containers.github.example.com` " +
      "(or GITHUB_REGISTRY_URL; the emulator serves it at its own URL). No container version is deleted until it is set.",
  );
}

/**
 * The image graph of a container or docker package: every active version's manifest read from the
 * registry (one token exchange, bounded concurrency; once per program run, see manifest-cache.ts),
 * then buildImageGraph. Read in the program process. Throws a RegistryReadError (or a
 * GitHubSettingsError) when the registry cannot be read, so the caller plans nothing for the
 * package: no container version is deleted.
 */
export async function readImageGraph(
  coordinates: PackageCoordinates,
  versions: readonly PackageVersionInfo[],
  settings: GitHubSettings,
): Promise<ImageGraph> {
  return (await readImageGraphLearning(coordinates, versions, settings, new Map())).graph;
}

/** An image graph, and the manifests read from the registry to build it (those not recorded). */
export interface LearnedImageGraph {
  readonly graph: ImageGraph;
  readonly learned: readonly ManifestSummary[];
}

/**
 * readImageGraph for a package whose manifests were partly learned by earlier runs (the stack's
 * state, see recorded-manifests.ts): only the active versions not in `recorded` are read.
 */
export async function readImageGraphLearning(
  coordinates: PackageCoordinates,
  versions: readonly PackageVersionInfo[],
  settings: GitHubSettings,
  recorded: ReadonlyMap<string, ManifestSummary>,
): Promise<LearnedImageGraph> {
  const read = readerOf(coordinates, settings); // throws first when no registry is set, recorded or not
  const active = versions.filter((v) => v.state === "present").map((v) => v.name);
  const unseen = active.filter((digest) => !recorded.has(digest));
  const learned = unseen.length === 0 ? new Map<string, ManifestSummary>() : await read(unseen);
  const manifests = new Map<string, ManifestSummary>();
  for (const digest of active) {
    const summary = recorded.get(digest) ?? learned.get(digest);
    if (summary !== undefined) manifests.set(digest, summary);
  }
  return { graph: buildImageGraph(versions, manifests), learned: [...learned.values()] } satisfies LearnedImageGraph;
}

function readerOf(coordinates: PackageCoordinates, settings: GitHubSettings): ManifestReader {
  const registryUrl = registryOf(settings, coordinates);
  const reader = createRegistryReader({
    registryUrl,
    token: settings.token,
    coordinates,
    // A registry's Retry-After is waited as long as GitHub's rate limits are.
    timings: { maxRetryAfterMs: settings.maxRateLimitWaitSeconds * 1000 },
  });
  return readOnce(manifestCacheKey(registryUrl, repositoryOf(coordinates), settings.token), reader);
}
