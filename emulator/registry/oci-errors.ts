/** One factory per registry error, with the OCI distribution spec's error body: `{"errors":[{"code","message"}]}`. */

export interface OciErrorBody {
  errors: { code: string; message: string }[];
}

export class RegistryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "RegistryError";
  }

  body(): OciErrorBody {
    return { errors: [{ code: this.code, message: this.message }] } satisfies OciErrorBody;
  }
}

/** No bearer token, an unknown one, or one for another repository: the challenge tells where to get one. */
export const authenticationRequired = (challenge: string): RegistryError =>
  new RegistryError(401, "UNAUTHORIZED", "authentication required", { "www-authenticate": challenge });

/** The token endpoint: Basic credentials whose password is no known GitHub token. */
export const badCredentials = (): RegistryError => new RegistryError(401, "UNAUTHORIZED", "authentication required");

/** Missing, deleted, of another package type, or not readable by the token's user: ghcr.io does not tell which. */
export const nameUnknown = (): RegistryError => new RegistryError(404, "NAME_UNKNOWN", "repository name not known to registry");

export const nameInvalid = (): RegistryError => new RegistryError(400, "NAME_INVALID", "invalid repository name");

export const manifestUnknown = (message = "manifest unknown"): RegistryError => new RegistryError(404, "MANIFEST_UNKNOWN", message);

export const blobUnknown = (): RegistryError => new RegistryError(404, "BLOB_UNKNOWN", "blob unknown to registry");

export const blobUploadUnknown = (): RegistryError => new RegistryError(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");

/** A chunk that does not start where the upload ends (416, with the upload's Range so the client can resume). */
export const rangeInvalid = (headers: Readonly<Record<string, string>>): RegistryError =>
  new RegistryError(416, "BLOB_UPLOAD_INVALID", "blob upload invalid: the chunk does not start where the upload ends", headers);

/** A blob GET whose Range holds no byte of the blob. */
export const rangeNotSatisfiable = (length: number): RegistryError =>
  new RegistryError(416, "BLOB_UNKNOWN", "requested range not satisfiable", { "content-range": `bytes */${length}` });

export const digestInvalid = (message = "provided digest did not match uploaded content"): RegistryError =>
  new RegistryError(400, "DIGEST_INVALID", message);

export const manifestInvalid = (message: string): RegistryError =>
  new RegistryError(400, "MANIFEST_INVALID", `manifest invalid: ${message}`);

export const manifestBlobUnknown = (digest: string): RegistryError =>
  new RegistryError(400, "MANIFEST_BLOB_UNKNOWN", `blob unknown to registry: ${digest}`);

/** The OCI spec's error codes have no TAG_INVALID: a tag outside its grammar makes the manifest PUT invalid. */
export const tagInvalid = (tag: string): RegistryError =>
  new RegistryError(400, "MANIFEST_INVALID", `manifest invalid: ${JSON.stringify(tag)} is not a tag ([a-zA-Z0-9_][a-zA-Z0-9._-]{0,127})`);

/** A push the token may not make (no write:packages, or a package its user cannot write), in ghcr.io's words. */
export const denied = (): RegistryError => new RegistryError(403, "DENIED", "permission_denied: write_package");

/** A request body larger than the emulator holds in memory. */
export const tooLarge = (limit: number): RegistryError =>
  new RegistryError(413, "SIZE_INVALID", `request body larger than ${limit} bytes, the emulator's limit`);

/** Deletes (ghcr.io deletes versions through the API only) and methods an endpoint does not take: ghcr.io's exact answer. */
export const unsupported = (): RegistryError => new RegistryError(405, "UNSUPPORTED", "The operation is unsupported.");

/** A path under /v2/ that names no endpoint the emulator serves (the distribution spec lets a registry answer 404). */
export const routeUnknown = (): RegistryError => new RegistryError(404, "UNSUPPORTED", "The operation is unsupported.");

/** A fault rule's `status`, in the registry's body shape (UNKNOWN is docker/distribution's code for any other failure). */
export const injectedFault = (status: number, message: string | undefined, retryAfterSeconds: number | undefined): RegistryError =>
  new RegistryError(
    status,
    status === 429 ? "TOOMANYREQUESTS" : "UNKNOWN",
    message ?? (status === 429 ? "too many requests" : `injected fault ${status}`),
    retryAfterSeconds === undefined ? {} : { "retry-after": String(retryAfterSeconds) },
  );
