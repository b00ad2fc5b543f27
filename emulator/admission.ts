/**
 * Whether an API request gets to its handler, checked in GitHub's order: authentication, the
 * primary budget, concurrency, an unknown route, then the secondary limits of the endpoint.
 */
import type { ApiRequest } from "./api-request";
import type { TokenRecord } from "./store";
import * as errors from "./errors";
import type { RateLimiter } from "./rate-limits";

/** The token of an admitted request; throws the ApiError GitHub would answer otherwise. */
export function admit(request: ApiRequest, limiter: RateLimiter): { token: TokenRecord; route: NonNullable<ApiRequest["route"]> } {
  const { auth, route } = request;
  const settings = limiter.settings;
  if (auth.kind === "anonymous") {
    throw request.primary.exhausted ? errors.anonymousRateLimit(auth.clientAddress, settings.primaryStatus) : errors.requiresAuthentication();
  }
  if (auth.kind === "invalid") throw errors.badCredentials();
  if (request.primary.exhausted) throw errors.primaryRateLimit(auth.token.userId, settings.primaryStatus, {});
  if (request.concurrencyRetryAfter !== undefined) throw errors.secondaryRateLimit(settings.secondaryStatus, request.concurrencyRetryAfter);
  if (route === undefined) throw errors.routeNotFound();
  const retryAfter = limiter.secondary(request.bucket, request.method, route.endpoint);
  if (retryAfter !== undefined) throw errors.secondaryRateLimit(settings.secondaryStatus, retryAfter);
  return { token: auth.token, route };
}
