import { bearerChallengeOf, parseWwwAuthenticate, WwwAuthenticateSyntaxError, type BearerChallenge } from "./www-authenticate";
import { exchangeToken } from "./token-exchange";
import { registryGet, RegistryTransportError, unavailableWords, type RegistryAnswer, type RegistryHttpTimings } from "./registry-http";
import { manifestUrl, pullScope } from "./repository";
import type { RegistryContext } from "./registry-context";
import type { RegistryReadError } from "./registry-read-error";

/** The manifest media types a reader accepts, most specific first, as docker and ghcr clients send them. */
export const MANIFEST_ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

/**
 * Manifest requests for one package, with the registry's token. The first request goes alone:
 * when the registry answers it 401 with a Bearer challenge, the GitHub token is exchanged once
 * and every request after it (and the first, again) carries `Authorization: Bearer`. Requests
 * made meanwhile wait for that one exchange.
 *
 * Registry tokens expire (ghcr.io's token answer names no lifetime; the distribution spec's
 * default is 60 s), and a large package takes longer to read. A 401 to a request that carried a
 * token the registry had accepted before renews it: one exchange for all the requests that found
 * that token refused, each of which is then sent once more. A token refused before the registry
 * ever accepted it is not renewed: the read fails (`unauthorized`).
 */
export class RegistrySession {
  private authorization: Promise<string | undefined> | undefined;
  /** The challenge the first exchange answered, for a renewal whose 401 names none. */
  private challenge: BearerChallenge | undefined;
  /** Tokens already renewed: a request refused with one of them takes the latest token. */
  private readonly renewed = new Set<string>();
  /** The latest renewal, under way or done. */
  private latest: Promise<string> | undefined;
  /** Authorizations the registry has accepted at least once: refused later, they expired. */
  private readonly accepted = new Set<string>();

  constructor(
    private readonly context: RegistryContext,
    private readonly githubToken: string,
    private readonly timings: RegistryHttpTimings,
  ) {}

  /** The registry's answer for the manifest `digest`: 200, 404 or another refusal. Throws a RegistryReadError when it has none or refuses the token. */
  async manifest(digest: string): Promise<RegistryAnswer> {
    const url = manifestUrl(this.context.registryUrl, this.context.repository, digest);
    if (this.authorization === undefined) return this.firstRequest(url, digest);
    const authorization = await this.authorization;
    const answer = await this.send(url, digest, authorization);
    if (answer.status !== 401) return answer;
    if (authorization === undefined) throw this.unauthorized(answer, digest, "after it had answered without a token");
    if (!this.accepted.has(authorization)) throw this.unauthorized(answer, digest, this.neverAccepted());
    const renewed = await this.renew(authorization, answer, digest);
    const retried = await this.send(url, digest, renewed);
    if (retried.status === 401) throw this.unauthorized(retried, digest, this.neverAccepted());
    return retried;
  }

  /** When a token is refused that the registry never accepted: the first one, or the one a renewal gave. */
  private neverAccepted(): string {
    return this.latest === undefined
      ? "to a request with the token it issued"
      : "to a request with the token it had just issued in place of one it refused";
  }

  /**
   * A new registry token in place of `refused`: one exchange, whichever request asks first; the
   * others refused with that token, or with an older one, take the latest. Requests made from
   * now on carry it.
   */
  private renew(refused: string, answer: RegistryAnswer, digest: string): Promise<string> {
    if (this.renewed.has(refused) && this.latest !== undefined) return this.latest;
    const challenge = answer.headers.has("www-authenticate") ? this.challengeOf(answer) : this.challenge;
    if (challenge === undefined)
      return Promise.reject(
        this.unauthorized(answer, digest, "to a request with the token it issued, without a challenge to renew it from"),
      );
    const authorization = this.registryToken(challenge).then((token) => `Bearer ${token}`);
    this.renewed.add(refused);
    this.latest = authorization;
    this.authorization = authorization;
    // Its failure reaches the requests that wait on it.
    authorization.catch(() => undefined);
    return authorization;
  }

  /**
   * The first request: unauthenticated, to learn whether and where to get a token. The others
   * wait for that answer (and the exchange), not for the first request's retry.
   */
  private async firstRequest(url: URL, digest: string): Promise<RegistryAnswer> {
    const outcome = this.authorize(url, digest);
    this.authorization = outcome.then((o) => o.authorization);
    // Its failure reaches the caller through `outcome`; the requests waiting on it get it as well.
    this.authorization.catch(() => undefined);
    const { answer, authorization } = await outcome;
    if (answer !== undefined) return answer;
    const retried = await this.send(url, digest, authorization);
    if (retried.status === 401) throw this.unauthorized(retried, digest, this.neverAccepted());
    return retried;
  }

  /** The first answer when it needs no token; else the `Bearer` authorization the token exchange gave. */
  private async authorize(
    url: URL,
    digest: string,
  ): Promise<{ answer: RegistryAnswer; authorization: undefined } | { answer: undefined; authorization: string }> {
    const answer = await this.send(url, digest, undefined);
    if (answer.status !== 401) return { answer, authorization: undefined };
    const challenge = this.challengeOf(answer);
    this.challenge = challenge;
    return { answer: undefined, authorization: `Bearer ${await this.registryToken(challenge)}` };
  }

  /** The Bearer challenge of a 401, with a realm the GitHub token may be sent to. */
  private challengeOf(answer: RegistryAnswer): BearerChallenge {
    const header = answer.headers.get("www-authenticate");
    let challenge: BearerChallenge | undefined;
    try {
      challenge = header !== null ? bearerChallengeOf(parseWwwAuthenticate(header)) : undefined;
    } catch (error) {
      if (!(error instanceof WwwAuthenticateSyntaxError)) throw error;
      throw this.context.error(
        "token-exchange-failed",
        `the registry answered 401 with a malformed WWW-Authenticate header (${error.message})`,
        { status: 401 },
      );
    }
    if (challenge === undefined) {
      throw this.context.error(
        "token-exchange-failed",
        "the registry answered 401 without a Bearer challenge (WWW-Authenticate with a realm) to get a token from",
        { status: 401 },
      );
    }
    let realm: URL;
    try {
      realm = new URL(challenge.realm);
    } catch {
      throw this.context.error("token-exchange-failed", `the registry's token realm ${JSON.stringify(challenge.realm)} is not a URL`, {
        status: 401,
      });
    }
    // The GitHub token goes to the realm: only over https, or to the registry itself (a local registry, the emulator).
    if (realm.protocol !== "https:" && realm.origin !== this.context.registry) {
      throw this.context.error(
        "token-exchange-failed",
        `the registry's token realm ${realm.origin} is neither https nor the registry itself; the GitHub token is not sent there`,
        { status: 401 },
      );
    }
    return challenge;
  }

  /** The registry's token for this package's pull scope. */
  private async registryToken(challenge: BearerChallenge): Promise<string> {
    const realm = new URL(challenge.realm).origin;
    let outcome;
    try {
      outcome = await exchangeToken(challenge, pullScope(this.context.repository), this.githubToken, this.timings);
    } catch (error) {
      throw this.transportError(error, undefined, `the token endpoint ${realm}`);
    }
    const scope = challenge.scope ?? pullScope(this.context.repository);
    if (outcome.kind === "refused") {
      const words = this.context.answerWords(`the token endpoint ${realm}`, outcome);
      throw this.context.error("token-refused", `${words} when the GitHub token was exchanged for ${scope}`, { status: outcome.status });
    }
    if (outcome.kind === "failed") {
      const words = outcome.body !== "" ? this.context.answerWords(`the token endpoint ${realm}`, outcome) : outcome.reason;
      const unavailable = outcome.status === 429 || outcome.status >= 500;
      const retried = unavailable ? unavailableWords(outcome.answer, this.timings.maxRetryAfterMs) : "";
      throw this.context.error(
        unavailable ? "registry-unavailable" : "token-exchange-failed",
        `${words}${retried} when the GitHub token was exchanged for ${scope}`,
        {
          status: outcome.status,
        },
      );
    }
    this.context.redaction.add(outcome.token);
    return outcome.token;
  }

  private async send(url: URL, digest: string, authorization: string | undefined): Promise<RegistryAnswer> {
    const headers: Record<string, string> = { accept: MANIFEST_ACCEPT, ...(authorization !== undefined ? { authorization } : {}) };
    try {
      const answer = await registryGet(url, headers, this.timings);
      if (authorization !== undefined && answer.status !== 401) this.accepted.add(authorization);
      return answer;
    } catch (error) {
      throw this.transportError(error, digest, "the registry");
    }
  }

  private transportError(error: unknown, digest: string | undefined, who: string): unknown {
    if (!(error instanceof RegistryTransportError)) return error;
    const attempts = error.attempts > 1 ? ` (${error.attempts} attempts)` : "";
    return error.kind === "timeout"
      ? this.context.error("timeout", `${who} gave ${error.description}${attempts}`, { digest, cause: error.description })
      : this.context.error("unreachable", `${who} could not be reached${attempts}: ${error.description}`, {
          digest,
          cause: error.description,
        });
  }

  /** The registry refused a request, `when` says in what circumstances. */
  private unauthorized(answer: RegistryAnswer, digest: string, when: string): RegistryReadError {
    return this.context.error("unauthorized", `${this.context.answerWords("the registry", answer)} ${when}`, { digest, status: 401 });
  }
}
