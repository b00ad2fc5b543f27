/**
 * Registry bearer tokens handed out by GET /token: opaque random strings that stand for a GitHub
 * token (or for no one) and the repositories they may pull. The GitHub token never leaves the map.
 */
import { randomBytes } from "node:crypto";

export interface RegistryGrant {
  /** The GitHub token the client authenticated with; undefined for an anonymous token (public packages only). */
  readonly githubToken: string | undefined;
  /** Lower-case `<owner>/<name>` repositories the token may pull. */
  readonly repositories: ReadonlySet<string>;
}

export class RegistryTokens {
  private readonly grants = new Map<string, RegistryGrant>();

  constructor(private readonly maxTokens = 100_000) {}

  issue(grant: RegistryGrant): string {
    const token = `emu_${randomBytes(32).toString("base64url")}`;
    if (this.grants.size >= this.maxTokens) {
      // Oldest first (insertion order): a long benchmark cannot grow the map without bound.
      const oldest = this.grants.keys().next().value;
      if (oldest !== undefined) this.grants.delete(oldest);
    }
    this.grants.set(token, grant);
    return token;
  }

  grant(token: string): RegistryGrant | undefined {
    return this.grants.get(token);
  }

  clear(): void {
    this.grants.clear();
  }
}
