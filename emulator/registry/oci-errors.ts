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

/** The emulator stores no blobs (image configs and layers). */
export const blobUnknown = (): RegistryError => new RegistryError(404, "BLOB_UNKNOWN", "blob unknown to registry");

/** Pushes, deletes and anything else but pulls. */
export const unsupported = (): RegistryError => new RegistryError(405, "UNSUPPORTED", "the operation is unsupported");

/** A path under /v2/ that names no endpoint the emulator serves (the distribution spec lets a registry answer 404). */
export const routeUnknown = (): RegistryError => new RegistryError(404, "UNSUPPORTED", "the operation is unsupported");

/** A fault rule's `status`, in the registry's body shape (UNKNOWN is docker/distribution's code for any other failure). */
export const injectedFault = (status: number, message: string | undefined, retryAfterSeconds: number | undefined): RegistryError =>
  new RegistryError(
    status,
    status === 429 ? "TOOMANYREQUESTS" : "UNKNOWN",
    message ?? (status === 429 ? "too many requests" : `injected fault ${status}`),
    retryAfterSeconds === undefined ? {} : { "retry-after": String(retryAfterSeconds) },
  );
