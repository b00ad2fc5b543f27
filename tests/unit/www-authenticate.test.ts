import { strict as assert } from "node:assert";
import { bearerChallengeOf, parseWwwAuthenticate, WwwAuthenticateSyntaxError } from "pulumi-github-package-versions/testing";

describe("registry: WWW-Authenticate challenges", () => {
  it("reads ghcr.io's Bearer challenge", () => {
    const challenges = parseWwwAuthenticate('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/api:pull"');
    assert.deepEqual(challenges, [
      { scheme: "Bearer", params: { realm: "https://ghcr.io/token", service: "ghcr.io", scope: "repository:acme/api:pull" } },
    ]);
    assert.deepEqual(bearerChallengeOf(challenges), {
      realm: "https://ghcr.io/token",
      service: "ghcr.io",
      scope: "repository:acme/api:pull",
    });
  });

  it("keeps commas, escaped quotes and backslashes inside quoted strings", () => {
    const [challenge] = parseWwwAuthenticate(
      'Bearer scope="repository:acme/api:pull,push", realm="https://r.example/t?a=1,b=2" , error="say \\"no\\" \\\\ twice"',
    );
    assert.deepEqual(challenge?.params, {
      scope: "repository:acme/api:pull,push",
      realm: "https://r.example/t?a=1,b=2",
      error: 'say "no" \\ twice',
    });
  });

  it("separates several challenges, with token68 and bare schemes, and finds the Bearer one", () => {
    const challenges = parseWwwAuthenticate(
      'Basic realm="registry", Negotiate, NTLM abc+/def==, bearer Realm="https://r.example/token" , Service = r.example',
    );
    assert.deepEqual(challenges, [
      { scheme: "Basic", params: { realm: "registry" } },
      { scheme: "Negotiate", params: {} },
      { scheme: "NTLM", params: {}, token68: "abc+/def==" },
      { scheme: "bearer", params: { realm: "https://r.example/token", service: "r.example" } },
    ]);
    assert.deepEqual(bearerChallengeOf(challenges), { realm: "https://r.example/token", service: "r.example", scope: undefined });
  });

  it("keeps the first of a repeated parameter and lower-cases names", () => {
    const [challenge] = parseWwwAuthenticate('Bearer REALM="https://a.example/token", realm="https://b.example/token"');
    assert.deepEqual(challenge?.params, { realm: "https://a.example/token" });
  });

  it("offers no Bearer challenge when there is none, or it has no realm", () => {
    assert.equal(bearerChallengeOf(parseWwwAuthenticate('Basic realm="x"')), undefined);
    assert.equal(bearerChallengeOf(parseWwwAuthenticate('Bearer service="ghcr.io"')), undefined);
    assert.deepEqual(parseWwwAuthenticate(""), []);
  });

  for (const [header, problem] of [
    ['Bearer realm="https://ghcr.io/token', /unterminated quoted string/],
    ['Bearer realm="x" service="y"', /expected "," between auth-params/],
    ["Bearer realm x", /expected "=" after realm/],
    ['"Bearer" realm="x"', /expected an auth-scheme at character 1/],
    ['Bearer ="x"', /expected an auth-param name/],
  ] as const) {
    it(`refuses ${JSON.stringify(header)}, saying where`, () => {
      assert.throws(
        () => parseWwwAuthenticate(header),
        (error: unknown) => error instanceof WwwAuthenticateSyntaxError && problem.test(error.message),
      );
    });
  }
});
