import { strict as assert } from "node:assert";
import { echoValue, MAX_ECHOED_LENGTH } from "pulumi-github-package-versions/testing";

describe("echoValue: values quoted in messages", () => {
  it("quotes short values whole, as JSON", () => {
    assert.equal(echoValue("pypi"), '"pypi"');
    assert.equal(echoValue(42), "42");
    assert.equal(echoValue(undefined), "undefined");
    assert.equal(echoValue({ a: 1 }), '{"a":1}');
    assert.equal(echoValue("y".repeat(MAX_ECHOED_LENGTH)), `"${"y".repeat(MAX_ECHOED_LENGTH)}"`);
  });

  it("cuts a long value to its first 80 characters and says how long it was", () => {
    assert.equal(echoValue("x".repeat(10_000)), `"${"x".repeat(80)}"… (10,000 characters)`);
    assert.equal(echoValue("z".repeat(81)), `"${"z".repeat(80)}"… (81 characters)`);
    const list = echoValue(Array.from({ length: 1000 }, (_, i) => i));
    assert.match(list, /^\[0,1,2,.*… \(3,891 characters\)$/);
    assert.ok(list.length < 110);
  });
});
