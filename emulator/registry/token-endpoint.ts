/**
 * GET /token?service=...&scope=repository:<owner>/<name>:pull: trades HTTP Basic credentials (any
 * user name, a GitHub token as the password) or none (anonymous) for an opaque registry token.
 */
import { pullRepositories } from "./challenge";
import * as errors from "./oci-errors";
import { type RegistryContext, type RegistryRequest, type RegistryResponse, jsonResponse } from "./registry-context";
import type { RegistryGrant } from "./registry-tokens";

export interface TokenBody {
  token: string;
  /** The same token, for OAuth2-style clients. */
  access_token: string;
}

/** The password of `Authorization: Basic ...`; undefined without credentials; throws on anything else. */
function basicPassword(authorization: string | undefined): string | undefined {
  if (authorization === undefined || authorization.trim() === "") return undefined;
  const encoded = /^basic\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (encoded === undefined) throw errors.badCredentials();
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon === -1) throw errors.badCredentials();
  return decoded.slice(colon + 1);
}

export function issueToken(ctx: RegistryContext, request: RegistryRequest): RegistryResponse {
  if (request.method !== "GET") throw errors.unsupported();
  const password = basicPassword(request.authorization);
  if (password !== undefined && ctx.store.token(password) === undefined) throw errors.badCredentials();
  const token = ctx.tokens.issue({ githubToken: password, repositories: pullRepositories(request.query.getAll("scope")) } satisfies RegistryGrant, ctx.nowMs);
  return jsonResponse(200, { token, access_token: token } satisfies TokenBody);
}
