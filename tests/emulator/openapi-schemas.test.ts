import { strict as assert } from "node:assert";
import { assertArrayMatchesSchema, assertMatchesSchema } from "../support/openapi-schemas";

describe("openapi-schemas helper", () => {
  const good = {
    id: 1,
    name: "1.0.0",
    url: "http://127.0.0.1:1/orgs/a/packages/npm/p/versions/1",
    package_html_url: "https://github.com/orgs/a/packages/npm/package/p",
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    metadata: { package_type: "npm" },
  };

  it("accepts a valid package-version and arrays of them", () => {
    assertMatchesSchema(good, "package-version");
    assertArrayMatchesSchema([good, { ...good, id: 2, html_url: null, deleted_at: "2026-01-02T00:00:00Z" }], "package-version");
  });

  it("rejects wrong types, missing required fields, misspelt keys and bad dates", () => {
    assert.throws(() => assertMatchesSchema({ ...good, id: "1" }, "package-version"), /id/);
    const { url: _url, ...noUrl } = good;
    assert.throws(() => assertMatchesSchema(noUrl, "package-version"), /url/);
    assert.throws(() => assertMatchesSchema({ ...good, deletedAt: "x" }, "package-version"), /deletedAt/);
    assert.throws(() => assertMatchesSchema({ ...good, created_at: "yesterday" }, "package-version"), /created_at/);
    assert.throws(() => assertMatchesSchema({ ...good, metadata: { package_type: "pypi" } }, "package-version"), /package_type/);
    assert.throws(() => assertArrayMatchesSchema([good, { id: 3 }], "package-version"));
  });

  it("validates error bodies: status is a string", () => {
    assertMatchesSchema({ message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" }, "basic-error");
    assert.throws(() => assertMatchesSchema({ message: "Not Found", status: 404 }, "basic-error"), /status/);
  });

  it("checks the package owner against simple-user", () => {
    assert.throws(
      () =>
        assertMatchesSchema(
          {
            id: 1,
            name: "p",
            package_type: "npm",
            url: "u",
            html_url: "h",
            version_count: 1,
            visibility: "public",
            created_at: "2026-01-01T00:00:00Z",
            updated_at: "2026-01-01T00:00:00Z",
            owner: { login: "a" },
          },
          "package",
        ),
      /owner/,
    );
  });
});
