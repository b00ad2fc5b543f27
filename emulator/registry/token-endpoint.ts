/**
 * GET /token?service=...&scope=repository:<owner>/<name>:pull[,push]: trades HTTP Basic credentials
 * (any user name, a GitHub token as the password) or none (anonymous) for an opaque registry token.
 * Push is granted where the GitHub token may write (see mayPush); asked for elsewhere, the token is
 * issued all the same and a push with it is refused (403 DENIED), as ghcr.io does.
 */
import { requestedScopes } from "./challenge";
import * as errors from "./oci-errors";
import { mayPush } from "./registry-access";
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
  const githubToken = password === undefined ? undefined : ctx.store.token(password);
  if (password !== undefined && githubToken === undefined) throw errors.badCredentials();
  const asked = requestedScopes(request.query.getAll("scope"));
  const pushRepositories = new Set<string>();
  const pushRefused = new Set<string>();
  for (const repository of asked.push) {
    if (githubToken !== undefined && mayPush(ctx, githubToken, repository)) pushRepositories.add(repository);
    else pushRefused.add(repository);
  }
  const grant = { githubToken: password, repositories: asked.pull, pushRepositories, pushRefused } satisfies RegistryGrant;
  const token = ctx.tokens.issue(grant, ctx.nowMs);
  return jsonResponse(200, { token, access_token: token } satisfies TokenBody);
}
