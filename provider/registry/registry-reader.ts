import type { ManifestReader, ManifestSummary } from "./manifest-summary";
import type { PackageCoordinates } from "../core/package-version-types";
import { DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS, parseRegistryUrl } from "../core/settings";
import { boundedMap } from "../core/bounded-map";
import { InvalidManifestError, summarizeManifest } from "./manifest-parsing";
import { ociErrorsOf } from "./oci-error-body";
import { RegistryContext } from "./registry-context";
import { unavailableWords, type RegistryAnswer, type RegistryHttpTimings } from "./registry-http";
import { inRegistryPool } from "./registry-request-pool";
import { RegistrySession } from "./registry-session";
import { isDigest, repositoryOf } from "./repository";
import { SecretRedaction } from "./secret-redaction";

/** Manifest requests in flight at once, per package, unless the reader is told otherwise (the process as a whole keeps to REGISTRY_REQUESTS_IN_FLIGHT). */
export const DEFAULT_REGISTRY_CONCURRENCY = 8;

/** Production timings: 30 s an attempt, two retries after 1 s and 4 s (or a longer Retry-After, up to 10 minutes), real timers. */
export const DEFAULT_REGISTRY_TIMINGS: Readonly<RegistryHttpTimings> = Object.freeze({
  requestTimeoutMs: 30_000,
  retryDelaysMs: Object.freeze([1_000, 4_000]),
  wait: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  maxRetryAfterMs: DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS * 1000,
  now: () => Date.now(),
});

export interface RegistryReaderOptions {
  /** The registry: `github:registryUrl` as resolved (`https://ghcr.io`, GitHub Enterprise Server's container host, the emulator). */
  registryUrl: string;
  /** The GitHub token: exchanged for the registry's token, never sent elsewhere nor reported. */
  token: string;
  /** The container or docker package whose versions' manifests are read. */
  coordinates: PackageCoordinates;
  /** Manifest requests in flight at once (default 8). */
  concurrency?: number;
  /** Timeouts and retry delays (tests make them short). */
  timings?: Partial<RegistryHttpTimings>;
}

/**
 * A ManifestReader for one package: `GET <registry>/v2/<owner>/<package>/manifests/<digest>` for
 * every digest asked for, at most `concurrency` at a time, with the registry's token (exchanged
 * once for the package). A digest the registry does not know (404 MANIFEST_UNKNOWN), or that is
 * not a digest at all, is left out of the map; any other failure throws a RegistryReadError.
 */
export function createRegistryReader(options: RegistryReaderOptions): ManifestReader {
  const registryUrl = parseRegistryUrl(options.registryUrl, "registryUrl");
  const concurrency = options.concurrency ?? DEFAULT_REGISTRY_CONCURRENCY;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a whole number of 1 or more, got ${concurrency}`);
  const timings: RegistryHttpTimings = { ...DEFAULT_REGISTRY_TIMINGS, ...options.timings };
  const redaction = new SecretRedaction(options.token, Buffer.from(`token:${options.token}`, "utf8").toString("base64"));
  const context = new RegistryContext(registryUrl, options.coordinates, repositoryOf(options.coordinates), redaction);
  const session = new RegistrySession(context, options.token, timings);

  const summaryOf = (digest: string, answer: RegistryAnswer): ManifestSummary | undefined => {
    if (answer.status === 200) {
      if (answer.truncated) throw context.error("invalid-manifest", "the manifest is larger than 4 MiB", { digest, status: 200 });
      try {
        return summarizeManifest(digest, answer.body, answer.headers.get("content-type"), answer.headers.get("docker-content-digest"));
      } catch (error) {
        if (!(error instanceof InvalidManifestError)) throw error;
        throw context.error("invalid-manifest", `the registry answered 200 with something that is not a manifest: ${error.message}`, {
          digest,
          status: 200,
        });
      }
    }
    const words = context.answerWords("the registry", answer);
    if (answer.status === 404) {
      if (ociErrorsOf(answer.body).some((e) => e.code === "MANIFEST_UNKNOWN")) return undefined;
      throw context.error("package-unknown", words, { digest, status: 404 });
    }
    if (answer.status === 403) throw context.error("forbidden", words, { digest, status: 403 });
    if (answer.status === 429 || answer.status >= 500) {
      throw context.error("registry-unavailable", `${words}${unavailableWords(answer, timings.maxRetryAfterMs)}`, {
        digest,
        status: answer.status,
      });
    }
    throw context.error("unexpected-answer", words, { digest, status: answer.status });
  };

  return async (digests) => {
    const wanted = [...new Set(digests)].filter(isDigest);
    const summaries = await boundedMap(wanted, concurrency, async (digest) =>
      summaryOf(digest, await inRegistryPool(() => session.manifest(digest))),
    );
    const read = new Map<string, ManifestSummary>();
    for (const summary of summaries) if (summary !== undefined) read.set(summary.digest, summary);
    return read;
  };
}
