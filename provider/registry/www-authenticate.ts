/**
 * A parser for `WWW-Authenticate` (RFC 9110 §11.6.1): a list of challenges, each an auth-scheme
 * with either a token68 or a list of auth-params (`name=token` or `name="quoted, string"`).
 * Registries answer `Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/api:pull"`;
 * a scope may list several actions separated by commas inside its quotes.
 */

export interface AuthChallenge {
  /** As sent (`Bearer`); compare it case-insensitively. */
  readonly scheme: string;
  /** Auth-params by lower-case name (names are case-insensitive), values unquoted and unescaped. */
  readonly params: Readonly<Record<string, string>>;
  /** The token68 form (`Basic dXNlcg==`), when the challenge has one instead of params. */
  readonly token68?: string;
}

/** A header value that does not follow the challenge grammar. */
export class WwwAuthenticateSyntaxError extends Error {
  override readonly name = "WwwAuthenticateSyntaxError";
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*(?=[ \t]*(?:,|$))/;

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? "";
  }

  skipWhitespace(): void {
    while (this.peek() === " " || this.peek() === "\t") this.pos++;
  }

  token(): string {
    const start = this.pos;
    while (!this.atEnd && TCHAR.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  quotedString(): string {
    if (this.peek() !== '"') throw this.error("expected a quoted string");
    this.pos++;
    let value = "";
    for (;;) {
      if (this.atEnd) throw this.error("unterminated quoted string");
      const c = this.peek();
      this.pos++;
      if (c === '"') return value;
      if (c === "\\") {
        if (this.atEnd) throw this.error("unterminated quoted string");
        value += this.peek();
        this.pos++;
      } else {
        value += c;
      }
    }
  }

  error(what: string): WwwAuthenticateSyntaxError {
    return new WwwAuthenticateSyntaxError(`${what} at character ${this.pos + 1} of the WWW-Authenticate header`);
  }
}

/** The auth-params of one challenge, from the scanner's position up to the next challenge or the end. */
function readParams(scanner: Scanner): Record<string, string> {
  const params: Record<string, string> = {};
  for (;;) {
    const name = scanner.token();
    if (name === "") throw scanner.error("expected an auth-param name");
    scanner.skipWhitespace();
    if (scanner.peek() !== "=") throw scanner.error(`expected "=" after ${name}`);
    scanner.pos++;
    scanner.skipWhitespace();
    const value = scanner.peek() === '"' ? scanner.quotedString() : scanner.token();
    const key = name.toLowerCase();
    if (!(key in params)) params[key] = value;
    scanner.skipWhitespace();
    if (scanner.atEnd) return params;
    if (scanner.peek() !== ",") throw scanner.error('expected "," between auth-params');
    // A comma separates params, or ends this challenge: another param follows when `name =` comes next.
    const comma = scanner.pos;
    while (scanner.peek() === "," || scanner.peek() === " " || scanner.peek() === "\t") scanner.pos++;
    if (scanner.atEnd) return params;
    const next = scanner.pos;
    const nextName = scanner.token();
    scanner.skipWhitespace();
    const isParam = nextName !== "" && scanner.peek() === "=";
    scanner.pos = isParam ? next : comma;
    if (!isParam) return params;
  }
}

/** Every challenge of a `WWW-Authenticate` value, in order. Throws a WwwAuthenticateSyntaxError on a malformed value. */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const scanner = new Scanner(header);
  const challenges: AuthChallenge[] = [];
  for (;;) {
    while (scanner.peek() === "," || scanner.peek() === " " || scanner.peek() === "\t") scanner.pos++;
    if (scanner.atEnd) return challenges;
    const scheme = scanner.token();
    if (scheme === "") throw scanner.error("expected an auth-scheme");
    scanner.skipWhitespace();
    if (scanner.atEnd || scanner.peek() === ",") {
      challenges.push({ scheme, params: {} } satisfies AuthChallenge);
      continue;
    }
    const token68 = TOKEN68.exec(header.slice(scanner.pos));
    if (token68 !== null) {
      scanner.pos += token68[0].length;
      challenges.push({ scheme, params: {}, token68: token68[0] } satisfies AuthChallenge);
      continue;
    }
    challenges.push({ scheme, params: readParams(scanner) } satisfies AuthChallenge);
  }
}

/** The Bearer challenge's realm, service and scope, as a registry asks for a token. */
export interface BearerChallenge {
  readonly realm: string;
  readonly service?: string | undefined;
  readonly scope?: string | undefined;
}

/** The first Bearer challenge with a realm, or undefined when the header offers none. */
export function bearerChallengeOf(challenges: readonly AuthChallenge[]): BearerChallenge | undefined {
  const bearer = challenges.find((challenge) => challenge.scheme.toLowerCase() === "bearer" && challenge.params["realm"] !== undefined);
  if (bearer === undefined) return undefined;
  return {
    realm: bearer.params["realm"] ?? "",
    service: bearer.params["service"],
    scope: bearer.params["scope"],
  } satisfies BearerChallenge;
}
