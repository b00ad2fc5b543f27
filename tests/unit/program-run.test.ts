import assert from "node:assert/strict";
import { resetRunScoped, runScoped } from "pulumi-github-package-versions/testing";

/** Outside a program run (here, as in the provider process) one process-wide scope serves; inside, see tests/e2e/inline-program.test.ts. */
describe("program run state, outside a run", () => {
  it("makes a key's value once, and again after a reset; keys are apart", () => {
    const a = Symbol("a");
    const b = Symbol("b");
    let made = 0;
    const first = runScoped(a, () => ({ n: ++made }));
    assert.equal(
      runScoped(a, () => ({ n: ++made })),
      first,
    );
    assert.deepEqual(
      runScoped(b, () => ({ n: 100 })),
      { n: 100 },
    );
    resetRunScoped(a);
    assert.deepEqual(
      runScoped(a, () => ({ n: ++made })),
      { n: 2 },
    );
    assert.deepEqual(
      runScoped(b, () => ({ n: 200 })),
      { n: 100 },
      "b is not reset with a",
    );
  });
});
