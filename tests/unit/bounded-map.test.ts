import { strict as assert } from "node:assert";
import { boundedMap } from "pulumi-github-package-versions/testing";

/** A call that settles when the test says so. */
interface Pending {
  item: number;
  settle(outcome: "ok" | "fail"): void;
}

describe("registry: bounded concurrency", () => {
  it("keeps at most `limit` calls in flight, starts the next as one settles, and keeps the items' order", async () => {
    const pending: Pending[] = [];
    const started: number[] = [];
    const run = boundedMap([1, 2, 3, 4, 5], 2, (item) => {
      started.push(item);
      return new Promise<string>((resolve, reject) =>
        pending.push({ item, settle: (o) => (o === "ok" ? resolve(`r${item}`) : reject(new Error(`e${item}`))) }),
      );
    });
    const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
    await tick();
    assert.deepEqual(started, [1, 2]);
    pending.find((p) => p.item === 2)?.settle("ok");
    await tick();
    assert.deepEqual(started, [1, 2, 3]);
    for (const item of [1, 3]) pending.find((p) => p.item === item)?.settle("ok");
    await tick();
    assert.deepEqual(started, [1, 2, 3, 4, 5]);
    for (const item of [5, 4]) pending.find((p) => p.item === item)?.settle("ok");
    assert.deepEqual(await run, ["r1", "r2", "r3", "r4", "r5"]);
  });

  it("starts nothing after a failure, waits for the calls in flight, then throws the first failure", async () => {
    const pending: Pending[] = [];
    const started: number[] = [];
    let settled = 0;
    const run = boundedMap([1, 2, 3, 4], 2, (item) => {
      started.push(item);
      return new Promise<void>((resolve, reject) =>
        pending.push({ item, settle: (o) => (settled++, o === "ok" ? resolve() : reject(new Error(`e${item}`))) }),
      );
    });
    let done = false;
    const outcome = run
      .then(
        () => "resolved",
        (error: Error) => error.message,
      )
      .finally(() => (done = true));
    await new Promise<void>((resolve) => setImmediate(resolve));
    pending.find((p) => p.item === 1)?.settle("fail");
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(started, [1, 2], "nothing new after the failure");
    assert.equal(done, false, "still waiting for the call in flight");
    pending.find((p) => p.item === 2)?.settle("fail");
    assert.equal(await outcome, "e1");
    assert.equal(settled, 2);
  });

  it("refuses a limit below 1", async () => {
    await assert.rejects(
      boundedMap([1], 0, async () => 1),
      /whole number of 1 or more, got 0/,
    );
  });
});
