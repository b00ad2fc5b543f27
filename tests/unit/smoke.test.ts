import assert from "node:assert/strict";
import { Octokit } from "@octokit/rest";

describe("toolchain", () => {
  it("loads the ESM-only @octokit/rest from CommonJS", () => {
    assert.equal(typeof new Octokit().request, "function");
  });
});
