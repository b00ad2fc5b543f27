import { strict as assert } from "node:assert";
import { PackageVersionError } from "pulumi-github-package-versions";
import { type FailureContext, gitHubFailureError, notFoundError, reportedFailure } from "pulumi-github-package-versions/testing";

const context: FailureContext = {
  action: "delete",
  coordinates: { org: "acme", packageType: "container", packageName: "api" },
  selector: { versionId: 1001 },
};
const scopesRefusal = {
  status: 403,
  response: {
    data: { message: "You need at least delete:packages and read:packages scopes to delete this package version." },
    headers: { "x-oauth-scopes": "read:packages" },
  },
};

describe("gitHubFailureError: a failed GitHub call built into a PackageVersionError, not thrown", () => {
  it("returns the error, reading the reason and the scopes from the answer", () => {
    const error = gitHubFailureError(scopesRefusal, context);
    assert.ok(error instanceof PackageVersionError);
    assert.equal(error.reason, "missing-scopes");
    assert.deepEqual(error.details.missingScopes, ["delete:packages"]);
    assert.equal(error.details.status, 403);
    assert.equal(error.summary, "the token is missing scopes");
    assert.match(
      error.message,
      /^Cannot delete version id 1001 of container package api of org acme: the token is missing scopes\. GitHub said \(403\): "You need at least/,
    );
  });

  it("a context's reason and observation win over the status", () => {
    const error = gitHubFailureError(
      { status: 404, response: { data: { message: "Package version not found." } } },
      { ...context, reason: "unexpected-answer", observedAfter: "it is still active" },
    );
    assert.equal(error.reason, "unexpected-answer");
    assert.match(error.message, / Observed again afterwards: it is still active\. Nothing was lost/);
  });

  it("notFoundError says what a 404 said, as the translation of that answer would", () => {
    const error = notFoundError("Package not found.", { ...context, action: "adopt" });
    assert.equal(error.reason, "package-not-found");
    assert.equal(
      error.message,
      gitHubFailureError({ status: 404, response: { data: { message: "Package not found." } } }, { ...context, action: "adopt" }).message,
    );
  });

  it("reportedFailure translates GitHub failures and leaves anything else as it is", () => {
    const bug = new TypeError("x is undefined");
    assert.equal(reportedFailure(bug, context), bug);
    const refusal = gitHubFailureError(scopesRefusal, context);
    assert.equal(reportedFailure(refusal, context), refusal);
    const translated = reportedFailure(scopesRefusal, context);
    assert.ok(translated instanceof PackageVersionError && translated.reason === "missing-scopes");
  });
});
