/**
 * Writes to one package's repository in the container registry, with the GitHub token: what an
 * untag needs (the placeholder's empty blob, a manifest PUT by tag) and what observing it again
 * needs (which digest a tag names). One token exchange for `repository:<owner>/<name>:pull,push`,
 * on the first 401; the GitHub token goes only to the token endpoint, as the Basic password.
 * Errors are RegistryWriteErrors: registry text redacted, never a token.
 */
import type { PackageCoordinates } from "../core/package-version-types";
import { ociErrorsOf } from "./oci-error-body";
import { RegistryTransportError, type RegistryAnswer, type RegistryHttpTimings } from "./registry-http";
import { registrySend } from "./registry-send";
import { RegistryWriteError, type RegistryWriteFailure } from "./registry-write-error";
import { repositoryOf } from "./repository";
import { SecretRedaction } from "./secret-redaction";
import { exchangeToken } from "./token-exchange";
import { EMPTY_BLOB, EMPTY_DESCRIPTOR, OCI_MANIFEST_MEDIA_TYPE, sha256Of } from "./untag-placeholder";
import { MANIFEST_ACCEPT } from "./registry-session";
import { bearerChallengeOf, parseWwwAuthenticate } from "./www-authenticate";
import { echoValue } from "../core/echoed-value";

/** What a write is about, for its errors. */
export interface WriteSubject {
  versionId?: number;
  versionName?: string;
  tag?: string;
}

export function pushScope(repository: string): string {
  return `repository:${repository}:pull,push`;
}

export class RegistryWriter {
  readonly repository: string;
  private readonly registryUrl: string;
  private readonly redaction: SecretRedaction;
  private authorization: Promise<string> | undefined;
  private emptyBlob: Promise<void> | undefined;

  constructor(
    registryUrl: string,
    readonly coordinates: PackageCoordinates,
    private readonly githubToken: string,
    private readonly timings: Pick<RegistryHttpTimings, "requestTimeoutMs" | "maxRetryAfterMs" | "retryDelaysMs" | "wait" | "now">,
  ) {
    this.registryUrl = registryUrl.replace(/\/+$/, "");
    this.repository = repositoryOf(coordinates);
    this.redaction = new SecretRedaction(githubToken, Buffer.from(`token:${githubToken}`, "utf8").toString("base64"));
  }

  private url(path: string): URL {
    const segments = this.repository.split("/").map(encodeURIComponent).join("/");
    return new URL(`${this.registryUrl}/v2/${segments}/${path}`);
  }

  private error(failure: RegistryWriteFailure, explanation: string, subject: WriteSubject, status?: number): RegistryWriteError {
    return new RegistryWriteError({
      failure,
      registry: new URL(this.registryUrl).origin,
      coordinates: this.coordinates,
      versionId: subject.versionId,
      versionName: subject.versionName,
      tag: subject.tag,
      status,
      explanation: this.redaction.redact(explanation),
    });
  }

  private words(who: string, answer: Pick<RegistryAnswer, "status" | "body">): string {
    const [first] = ociErrorsOf(answer.body);
    if (first === undefined) return `${who} answered ${answer.status}`;
    const message = first.message !== undefined ? `: ${echoValue(this.redaction.redact(first.message))}` : "";
    return `${who} answered ${answer.status} (${this.redaction.redact(first.code)}${message})`;
  }

  /**
   * Sends a request with the push token (exchanged on the first 401 and reused); a request
   * refused 401 with it fails. Transport failures become RegistryWriteErrors ("unreachable").
   */
  private async send(
    method: "GET" | "HEAD" | "POST" | "PUT",
    url: URL,
    headers: Record<string, string>,
    subject: WriteSubject,
    body?: Buffer,
  ): Promise<RegistryAnswer> {
    const attempt = async (authorization: string | undefined): Promise<RegistryAnswer> => {
      try {
        return await registrySend(
          { method, url, headers: { ...headers, ...(authorization !== undefined ? { authorization } : {}) }, body },
          this.timings.requestTimeoutMs,
        );
      } catch (error) {
        if (!(error instanceof RegistryTransportError)) throw error;
        throw this.error("unreachable", `${method} ${url.pathname} got no answer: ${error.description}`, subject);
      }
    };
    const held = this.authorization;
    const first = await attempt(held !== undefined ? await held : undefined);
    if (first.status !== 401) return first;
    // No token yet, or the one held expired (registry tokens live minutes): one exchange, one more attempt.
    let renewed = this.authorization;
    if (renewed === held || renewed === undefined) {
      renewed = this.exchange(first, subject);
      this.authorization = renewed;
    }
    const current = renewed;
    current.catch(() => {
      if (this.authorization === current) this.authorization = undefined;
    });
    const second = await attempt(await renewed);
    if (second.status === 401)
      throw this.error(
        "push-denied",
        `${this.words("the registry", second)} to a request with the push token it had just issued`,
        subject,
        401,
      );
    return second;
  }

  /** The Bearer authorization for pull and push, from the 401's challenge. */
  private async exchange(answer: RegistryAnswer, subject: WriteSubject): Promise<string> {
    const header = answer.headers.get("www-authenticate");
    let challenge;
    try {
      challenge = header !== null ? bearerChallengeOf(parseWwwAuthenticate(header)) : undefined;
    } catch {
      challenge = undefined;
    }
    if (challenge === undefined)
      throw this.error("unexpected-answer", "the registry answered 401 without a usable Bearer challenge", subject, 401);
    let realm: URL;
    try {
      realm = new URL(challenge.realm);
    } catch {
      throw this.error("unexpected-answer", `the registry's token realm ${JSON.stringify(challenge.realm)} is not a URL`, subject, 401);
    }
    if (realm.protocol !== "https:" && realm.origin !== new URL(this.registryUrl).origin) {
      throw this.error(
        "unexpected-answer",
        `the registry's token realm ${realm.origin} is neither https nor the registry itself; the GitHub token is not sent there`,
        subject,
        401,
      );
    }
    const scope = pushScope(this.repository);
    let outcome;
    try {
      outcome = await exchangeToken({ ...challenge, scope }, scope, this.githubToken, { ...this.timings, retryDelaysMs: [] });
    } catch (error) {
      const words = error instanceof RegistryTransportError ? error.description : String(error);
      throw this.error("unreachable", `the token endpoint ${realm.origin} got no answer: ${words}`, subject);
    }
    if (outcome.kind === "refused")
      throw this.error(
        "push-denied",
        `${this.words(`the token endpoint ${realm.origin}`, outcome)} when the GitHub token was exchanged for ${scope}`,
        subject,
        outcome.status,
      );
    if (outcome.kind === "failed")
      throw this.error("unexpected-answer", `${outcome.reason} when the GitHub token was exchanged for ${scope}`, subject, outcome.status);
    this.redaction.add(outcome.token);
    return `Bearer ${outcome.token}`;
  }

  /** The placeholder's blob (`{}`) in the repository: one HEAD, and an upload (POST, PUT) when it is not there. Once per writer. */
  ensureEmptyBlob(subject: WriteSubject): Promise<void> {
    this.emptyBlob ??= this.uploadEmptyBlob(subject);
    // A failure is the caller's; the next untag tries again.
    this.emptyBlob.catch(() => {
      this.emptyBlob = undefined;
    });
    return this.emptyBlob;
  }

  private async uploadEmptyBlob(subject: WriteSubject): Promise<void> {
    const head = await this.send("HEAD", this.url(`blobs/${EMPTY_DESCRIPTOR.digest}`), {}, subject);
    if (head.status === 200) return;
    if (head.status !== 404) throw this.refusal(head, "HEAD of the empty blob", subject);
    const started = await this.send("POST", this.url("blobs/uploads/"), { "content-length": "0" }, subject, Buffer.alloc(0));
    const location = started.headers.get("location");
    if (started.status !== 202 || location === null) throw this.refusal(started, "blob upload start", subject);
    const target = new URL(location, this.registryUrl);
    target.searchParams.set("digest", EMPTY_DESCRIPTOR.digest);
    if (sha256Of(EMPTY_BLOB) !== EMPTY_DESCRIPTOR.digest) throw new Error("the empty descriptor's digest is not the hash of {}");
    const put = await this.send("PUT", target, { "content-type": "application/octet-stream" }, subject, EMPTY_BLOB);
    if (put.status !== 201) throw this.refusal(put, "blob upload", subject);
  }

  /** PUTs an OCI image manifest under `tag`; the digest the registry answered (else the bytes' hash). */
  async putManifest(tag: string, bytes: Buffer, subject: WriteSubject): Promise<string> {
    const answer = await this.send(
      "PUT",
      this.url(`manifests/${encodeURIComponent(tag)}`),
      { "content-type": OCI_MANIFEST_MEDIA_TYPE },
      { ...subject, tag },
      bytes,
    );
    if (answer.status !== 201 && answer.status !== 200) throw this.refusal(answer, `manifest PUT under tag ${tag}`, { ...subject, tag });
    return answer.headers.get("docker-content-digest") ?? sha256Of(bytes);
  }

  /** The digest `tag` names now (one HEAD), or undefined when the registry knows no such tag. */
  async digestOfTag(tag: string, subject: WriteSubject): Promise<string | undefined> {
    const answer = await this.send(
      "HEAD",
      this.url(`manifests/${encodeURIComponent(tag)}`),
      { accept: `${MANIFEST_ACCEPT}, ${OCI_MANIFEST_MEDIA_TYPE}` },
      { ...subject, tag },
    );
    if (answer.status === 404) return undefined;
    const digest = answer.headers.get("docker-content-digest");
    if (answer.status !== 200 || digest === null) throw this.refusal(answer, `HEAD of tag ${tag}`, { ...subject, tag });
    return digest;
  }

  private refusal(answer: RegistryAnswer, what: string, subject: WriteSubject): RegistryWriteError {
    const denied = answer.status === 401 || answer.status === 403;
    return this.error(
      denied ? "push-denied" : "unexpected-answer",
      `${this.words("the registry", answer)} to the ${what}`,
      subject,
      answer.status,
    );
  }
}
