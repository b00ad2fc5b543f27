import { strict as assert } from "node:assert";
import * as path from "node:path";
import { REPO_ROOT, commandFailure, useStack } from "../support/stack-fixture";

describe("e2e: the import resource option", function () {
  this.timeout(300_000);
  const fx = useStack({ projectDir: path.join(REPO_ROOT, "tests", "e2e", "import-project"), include: ["Pulumi.yaml", "index.js"] });

  it("fails preview at once with a message saying to declare the version instead, no stack trace, no request", async () => {
    const message = await commandFailure(fx.sandbox.stack.preview());
    assert.match(
      message,
      /PackageVersion api-latest: the import option is not supported \(Pulumi cannot import resources of dynamic providers\)\. Remove it: declaring the version adopts it/,
    );
    assert.doesNotMatch(message, /^\s+at /m, "no stack trace");
    assert.doesNotMatch(message, /code must be a string/);
    assert.deepEqual(fx.takeRequests(), []);
  });
});
