/**
 * Registry bearer tokens handed out by GET /token: opaque random strings that stand for a GitHub
 * token (or for no one) and the repositories they may pull and push to. The GitHub token never leaves the map.
 * A token may have a lifetime on the emulator's clock (ghcr.io's answer names none, and its tokens
 * do expire): once it has passed, the token is unknown again and the registry answers 401 with
 * its challenge, as for no token at all.
 */
import { randomBytes } from "node:crypto";
import { AdminRequestError } from "../admin-request-error";

export interface RegistryGrant {
  /** The GitHub token the client authenticated with; undefined for an anonymous token (public packages only). */
  readonly githubToken: string | undefined;
  /** Lower-case `<owner>/<name>` repositories the token may pull. */
  readonly repositories: ReadonlySet<string>;
  /** Lower-case repositories the token may push to (asked for, and the GitHub token may write there). */
  readonly pushRepositories: ReadonlySet<string>;
  /** Lower-case repositories the token asked to push to and may not: a push there is 403 DENIED, not a challenge. */
  readonly pushRefused: ReadonlySet<string>;
}

export class RegistryTokens {
  private readonly grants = new Map<string, { grant: RegistryGrant; issuedAtMs: number }>();
  /** Milliseconds a token works after it was issued; undefined: until the emulator is reset. */
  private lifetimeMs: number | undefined;

  constructor(private readonly maxTokens = 100_000) {}

  /** Seconds a token works after it was issued, on the emulator's clock; undefined: no end. */
  setLifetime(seconds: number | undefined): void {
    if (seconds !== undefined && (!Number.isSafeInteger(seconds) || seconds < 1)) {
      throw new AdminRequestError(
        `registryTokenLifetimeSeconds must be a whole number of seconds, 1 or more, got ${JSON.stringify(seconds)}`,
      );
    }
    this.lifetimeMs = seconds === undefined ? undefined : seconds * 1000;
  }

  issue(grant: RegistryGrant, nowMs: number): string {
    const token = `emu_${randomBytes(32).toString("base64url")}`;
    if (this.grants.size >= this.maxTokens) {
      // Oldest first (insertion order): a long benchmark cannot grow the map without bound.
      const oldest = this.grants.keys().next().value;
      if (oldest !== undefined) this.grants.delete(oldest);
    }
    this.grants.set(token, { grant, issuedAtMs: nowMs });
    return token;
  }

  /** The token's grant while it works. */
  grant(token: string, nowMs: number): RegistryGrant | undefined {
    const issued = this.grants.get(token);
    if (issued === undefined) return undefined;
    if (this.lifetimeMs !== undefined && nowMs - issued.issuedAtMs >= this.lifetimeMs) {
      this.grants.delete(token);
      return undefined;
    }
    return issued.grant;
  }

  clear(): void {
    this.grants.clear();
  }
}
