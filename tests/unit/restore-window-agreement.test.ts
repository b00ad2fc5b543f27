import assert from "node:assert/strict";
import { isRestorable as emulatorRestorable } from "../../emulator/restore-window";
import { isRestorable as providerRestorable, restorableUntilMs } from "pulumi-github-package-versions/testing";

// The emulator keeps its own 30-day rule (it imports nothing of the provider), so the two rules
// are checked against each other here, at the millisecond where restoring stops.
describe("restore window: the emulator's rule and the provider's", () => {
  const DAY = 24 * 60 * 60 * 1000;
  const deletions = [Date.parse("2026-11-10T00:00:00Z"), Date.parse("2024-02-29T23:59:59.999Z"), Date.parse("2026-03-29T01:30:00Z")];

  it("both restore exactly 30 days after deletion and neither 30 days + 1 ms after", () => {
    for (const deletedAt of deletions) {
      const boundary = deletedAt + 30 * DAY;
      assert.equal(restorableUntilMs(deletedAt), boundary);
      assert.equal(emulatorRestorable(deletedAt, boundary), true, `emulator, deleted ${new Date(deletedAt).toISOString()}, at 30 days`);
      assert.equal(providerRestorable(deletedAt, boundary), true, `provider, deleted ${new Date(deletedAt).toISOString()}, at 30 days`);
      assert.equal(
        emulatorRestorable(deletedAt, boundary + 1),
        false,
        `emulator, deleted ${new Date(deletedAt).toISOString()}, at 30 days + 1 ms`,
      );
      assert.equal(
        providerRestorable(deletedAt, boundary + 1),
        false,
        `provider, deleted ${new Date(deletedAt).toISOString()}, at 30 days + 1 ms`,
      );
    }
  });

  it("agree at every offset around the deletion and the boundary", () => {
    const offsets = [0, 1, DAY, 29 * DAY, 30 * DAY - 1, 30 * DAY, 30 * DAY + 1, 30 * DAY + 1000, 31 * DAY, 365 * DAY];
    for (const deletedAt of deletions) {
      for (const offset of offsets) {
        assert.equal(
          emulatorRestorable(deletedAt, deletedAt + offset),
          providerRestorable(deletedAt, deletedAt + offset),
          `deleted ${new Date(deletedAt).toISOString()}, ${offset} ms later`,
        );
      }
    }
  });
});
