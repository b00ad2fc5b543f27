import type { BearerChallenge } from "./www-authenticate";
import { registryGet, type RegistryAnswer, type RegistryHttpTimings } from "./registry-http";

/** The token endpoint's answer, without a token. */
export type TokenExchangeOutcome =
  | { readonly kind: "token"; readonly token: string }
  | { readonly kind: "refused"; readonly status: number; readonly body: string }
  | { readonly kind: "failed"; readonly status: number; readonly body: string; readonly reason: string; readonly answer: RegistryAnswer };

/**
 * Exchanges the GitHub token for a registry token, as `docker login` does: `GET <realm>?service=…&scope=…`
 * with HTTP Basic (user `token`, the GitHub token as password), answered `{"token": "…"}` (or
 * `access_token`). The GitHub token goes into the Authorization header only.
 */
export async function exchangeToken(
  challenge: BearerChallenge,
  fallbackScope: string,
  githubToken: string,
  timings: RegistryHttpTimings,
): Promise<TokenExchangeOutcome> {
  const url = new URL(challenge.realm);
  if (challenge.service !== undefined) url.searchParams.set("service", challenge.service);
  url.searchParams.set("scope", challenge.scope ?? fallbackScope);
  const basic = Buffer.from(`token:${githubToken}`, "utf8").toString("base64");
  const answer = await registryGet(url, { authorization: `Basic ${basic}`, accept: "application/json" }, timings);
  if (answer.status === 401 || answer.status === 403) return { kind: "refused", status: answer.status, body: answer.body };
  if (answer.status !== 200)
    return { kind: "failed", status: answer.status, body: answer.body, reason: `the token endpoint answered ${answer.status}`, answer };
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return { kind: "failed", status: answer.status, body: "", reason: "the token endpoint's answer is not JSON", answer };
  }
  const { token, access_token: accessToken } = (parsed ?? {}) as { token?: unknown; access_token?: unknown };
  const issued =
    typeof token === "string" && token !== "" ? token : typeof accessToken === "string" && accessToken !== "" ? accessToken : undefined;
  if (issued === undefined)
    return { kind: "failed", status: answer.status, body: "", reason: "the token endpoint's answer has no token", answer };
  return { kind: "token", token: issued };
}
