import assert from "node:assert/strict";
import { DAY_MS, isRestorable, restorableUntilMs, RESTORE_WINDOW_DAYS, RESTORE_WINDOW_MS } from "pulumi-github-package-versions/testing";

describe("restore window", () => {
  const deletedAt = Date.parse("2026-11-10T00:00:00Z");

  it("is 30 days long", () => {
    assert.equal(RESTORE_WINDOW_DAYS, 30);
    assert.equal(RESTORE_WINDOW_MS, 30 * 24 * 60 * 60 * 1000);
    assert.equal(restorableUntilMs(deletedAt), Date.parse("2026-12-10T00:00:00Z"));
  });

  it("restorable until exactly 30 days after deletion, not 1 ms later", () => {
    assert.equal(isRestorable(deletedAt, deletedAt), true);
    assert.equal(isRestorable(deletedAt, deletedAt + 29 * DAY_MS), true);
    assert.equal(isRestorable(deletedAt, deletedAt + 30 * DAY_MS), true);
    assert.equal(isRestorable(deletedAt, deletedAt + 30 * DAY_MS + 1), false);
  });
});
