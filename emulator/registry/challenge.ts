/** The bearer challenge (WWW-Authenticate) and the `scope` parameter of the token exchange, as ghcr.io writes them. */

/** Where the request was addressed: the realm and service of the challenge point back at it. */
export interface RegistryOrigin {
  /** e.g. "http://127.0.0.1:4010". */
  readonly origin: string;
  /** e.g. "127.0.0.1:4010". */
  readonly service: string;
}

/** What a request needs of its token: reading, or writing (a push). */
export type RegistryAction = "pull" | "push";

export function repositoryScope(repository: string, action: RegistryAction = "pull"): string {
  return `repository:${repository}:${action === "push" ? "pull,push" : "pull"}`;
}

/** `Bearer realm="<origin>/token",service="<host:port>"`, with `scope` when the request names a repository. */
export function bearerChallenge(at: RegistryOrigin, repository: string | undefined, action: RegistryAction = "pull"): string {
  const scope = repository === undefined ? "" : `,scope="${repositoryScope(repository, action)}"`;
  return `Bearer realm="${at.origin}/token",service="${at.service}"${scope}`;
}

/** The repositories a token request's `scope` parameters name (lower-cased), with the actions asked for each. */
export interface RequestedScopes {
  readonly pull: ReadonlySet<string>;
  readonly push: ReadonlySet<string>;
}

/**
 * Reads `repository:<name>:<actions>` scopes (`pull`, `push`, `*` among the comma-separated
 * actions). Other scopes (registry:catalog:*, delete only) ask for nothing the registry grants.
 */
export function requestedScopes(scopes: readonly string[]): RequestedScopes {
  const pull = new Set<string>();
  const push = new Set<string>();
  // A client may put several scopes in one parameter, separated by spaces.
  for (const scope of scopes.flatMap((s) => s.split(" "))) {
    const match = /^repository:(.+):([a-z*,]+)$/.exec(scope);
    if (match?.[1] === undefined) continue;
    const actions = match[2]!.split(",");
    const repository = match[1].toLowerCase();
    if (actions.some((a) => a === "pull" || a === "*")) pull.add(repository);
    if (actions.some((a) => a === "push" || a === "*")) push.add(repository);
  }
  return { pull, push } satisfies RequestedScopes;
}
