/** One factory per API error, so handlers read like GitHub's documentation and every body has one shape. */

const DOCS = "https://docs.github.com/rest";
const RATE_LIMIT_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";

export interface ErrorBody {
  message: string;
  documentation_url: string;
  status: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly documentationUrl: string = DOCS,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  body(): ErrorBody {
    return { message: this.message, documentation_url: this.documentationUrl, status: String(this.status) };
  }
}

export const requiresAuthentication = (): ApiError => new ApiError(401, "Requires authentication");
export const badCredentials = (): ApiError => new ApiError(401, "Bad credentials");

export const invalidPackageType = (docs: string): ApiError => new ApiError(422, "The package_type parameter is invalid.", docs);
export const invalidVisibility = (docs: string): ApiError => new ApiError(422, "The visibility parameter is invalid.", docs);
export const invalidState = (docs: string): ApiError => new ApiError(422, "The state parameter is invalid.", docs);

/** 403 naming the scopes an operation needs, e.g. "You need at least delete:packages and read:packages scopes to delete a package version." */
export const missingScopes = (scopes: readonly string[], action: string, docs: string): ApiError =>
  new ApiError(403, `You need at least ${scopes.join(" and ")} scope${scopes.length > 1 ? "s" : ""} to ${action}.`, docs);

export const packageNotFound = (docs: string): ApiError => new ApiError(404, "Package not found.", docs);
export const packageVersionNotFound = (docs: string): ApiError => new ApiError(404, "Package version not found.", docs);

/** The caller can see the package but may not administer it (org admin, or the owning user). */
export const notPackageAdmin = (docs: string): ApiError =>
  new ApiError(403, "You must have admin rights to the package to perform this action.", docs);

/**
 * An installation token (a workflow's GITHUB_TOKEN, a GitHub App's) refused: no Admin role on the
 * package for the workflow's repository, an App token on the packages endpoints, GET /user.
 */
export const notAccessibleByIntegration = (docs: string): ApiError => new ApiError(403, "Resource not accessible by integration", docs);

/** A fine-grained personal access token on the packages endpoints, which do not accept it. */
export const notAccessibleByPersonalAccessToken = (docs: string): ApiError =>
  new ApiError(403, "Resource not accessible by personal access token", docs);

export const tooManyDownloads = (docs: string): ApiError =>
  new ApiError(
    400,
    "Publicly visible package versions with more than 5000 downloads cannot be deleted. Contact GitHub support for further assistance.",
    docs,
  );
export const lastTaggedVersion = (docs: string): ApiError =>
  new ApiError(400, "You cannot delete the last tagged version of a package. You must delete the package instead.", docs);
export const lastVersion = (docs: string): ApiError =>
  new ApiError(400, "You cannot delete the last version of a package. You must delete the package instead.", docs);
export const versionNameReused = (docs: string): ApiError =>
  new ApiError(400, "Active package version already exists with given name.", docs);

export const primaryRateLimit = (userId: number, status: number, headers: Record<string, string>): ApiError =>
  new ApiError(status, `API rate limit exceeded for user ID ${userId}.`, RATE_LIMIT_DOCS, headers);
/** A request without a token once the client address has used its unauthenticated budget. */
export const anonymousRateLimit = (address: string, status: number): ApiError =>
  new ApiError(
    status,
    `API rate limit exceeded for ${address}. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)`,
    RATE_LIMIT_DOCS,
  );
export const secondaryRateLimit = (status: number, retryAfterSeconds: number): ApiError =>
  new ApiError(
    status,
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
    `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`,
    { "retry-after": String(retryAfterSeconds) },
  );

export const routeNotFound = (): ApiError => new ApiError(404, "Not Found", DOCS);

const STATUS_TEXT: Readonly<Record<number, string>> = {
  500: "Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};
export const injectedFault = (status: number, message?: string): ApiError =>
  new ApiError(status, message ?? STATUS_TEXT[status] ?? `Injected fault ${status}`);

/** Admin API: a malformed request body (seed, clock, faults, rate limits). */
export const badAdminRequest = (message: string): ApiError =>
  new ApiError(
    400,
    message,
    "https://github.com/pulumi-github-package-versions/pulumi-github-package-versions#admin-api-no-auth-under-_emulator-these-calls-are-not-logged-or-rate-limited",
  );
