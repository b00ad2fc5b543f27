/** The bearer challenge (WWW-Authenticate) and the `scope` parameter of the token exchange, as ghcr.io writes them. */

/** Where the request was addressed: the realm and service of the challenge point back at it. */
export interface RegistryOrigin {
  /** e.g. "http://127.0.0.1:4010". */
  readonly origin: string;
  /** e.g. "127.0.0.1:4010". */
  readonly service: string;
}

export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

/** `Bearer realm="<origin>/token",service="<host:port>"`, with `scope` when the request names a repository. */
export function bearerChallenge(at: RegistryOrigin, repository: string | undefined): string {
  const scope = repository === undefined ? "" : `,scope="${pullScope(repository)}"`;
  return `Bearer realm="${at.origin}/token",service="${at.service}"${scope}`;
}

/**
 * The repositories a token request's `scope` parameters ask to pull (lower-cased):
 * `repository:<name>:<actions>` with `pull` among the comma-separated actions. Other scopes
 * (push only, registry:catalog:*) grant nothing.
 */
export function pullRepositories(scopes: readonly string[]): Set<string> {
  const repositories = new Set<string>();
  // A client may put several scopes in one parameter, separated by spaces.
  for (const scope of scopes.flatMap((s) => s.split(" "))) {
    const match = /^repository:(.+):([a-z*,]+)$/.exec(scope);
    if (match?.[1] !== undefined && match[2]!.split(",").some((a) => a === "pull" || a === "*")) repositories.add(match[1].toLowerCase());
  }
  return repositories;
}
