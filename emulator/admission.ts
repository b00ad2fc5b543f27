/**
 * Whether an API request gets to its handler, checked in GitHub's order: authentication, the
 * primary budget, concurrency, an unknown route, then the secondary limits of the endpoint.
 */
import type { ApiRequest } from "./api-request";
import type { TokenRecord } from "./store";
import * as errors from "./errors";
import type { RateLimiter } from "./rate-limits";

/** The token of an admitted request to a packages route; throws the ApiError GitHub would answer otherwise. */
export function admit(request: ApiRequest, limiter: RateLimiter): { token: TokenRecord; route: NonNullable<ApiRequest["route"]> } {
  const token = authenticated(request, limiter);
  const { route } = request;
  if (route === undefined) throw errors.routeNotFound();
  endpointLimit(request, limiter, route.endpoint);
  return { token, route };
}

/** GET /user, the one route outside the packages API: the token's own account. */
export const AUTHENTICATED_USER_ENDPOINT = "GET /user";

/** GET /user/memberships/orgs/{org}: the token's user's membership in an org (its role). */
export const ORG_MEMBERSHIP_ENDPOINT = "GET /user/memberships/orgs/{org}";

/** The token of an admitted request to a user route (GET /user, the user's org membership): authentication, the budgets, then the endpoint's secondary limit. */
export function admitAuthenticatedUser(request: ApiRequest, limiter: RateLimiter, endpoint = AUTHENTICATED_USER_ENDPOINT): TokenRecord {
  const token = authenticated(request, limiter);
  endpointLimit(request, limiter, endpoint);
  return token;
}

/** Authentication, the primary budget and concurrency, in GitHub's order, before the route. */
function authenticated(request: ApiRequest, limiter: RateLimiter): TokenRecord {
  const { auth } = request;
  const settings = limiter.settings;
  if (auth.kind === "anonymous") {
    throw request.primary.exhausted
      ? errors.anonymousRateLimit(auth.clientAddress, settings.primaryStatus)
      : errors.requiresAuthentication();
  }
  if (auth.kind === "invalid") throw errors.badCredentials();
  if (request.primary.exhausted) throw errors.primaryRateLimit(auth.token.userId, settings.primaryStatus, {});
  if (request.concurrencyRetryAfter !== undefined) throw errors.secondaryRateLimit(settings.secondaryStatus, request.concurrencyRetryAfter);
  return auth.token;
}

function endpointLimit(request: ApiRequest, limiter: RateLimiter, endpoint: string): void {
  const retryAfter = limiter.secondary(request.bucket, request.method, endpoint);
  if (retryAfter !== undefined) throw errors.secondaryRateLimit(limiter.settings.secondaryStatus, retryAfter);
}
