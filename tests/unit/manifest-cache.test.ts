import assert from "node:assert/strict";
import {
  forgetReadManifests,
  manifestCacheKey,
  type ManifestReader,
  type ManifestSummary,
  readOnce,
} from "pulumi-github-package-versions/testing";
import { OCI_MANIFEST } from "../support/image-fixtures";

const TOKEN = "ghp_CACHEtestSECRET0123456789abcdefXYZ";
const digest = (c: string): string => `sha256:${c.repeat(64)}`;
const summary = (d: string): ManifestSummary => ({ digest: d, mediaType: OCI_MANIFEST, manifests: [] });

/** A reader that records what it is asked for; digests in `unknown` are not found, `fail` makes the next call fail. */
function countingReader(options: { unknown?: string[] } = {}) {
  const calls: string[][] = [];
  let failNext = false;
  const read: ManifestReader = async (digests) => {
    calls.push([...digests]);
    if (failNext) {
      failNext = false;
      throw new Error("registry down");
    }
    return new Map(digests.filter((d) => !(options.unknown ?? []).includes(d)).map((d) => [d, summary(d)]));
  };
  return { read, calls, failOnce: () => void (failNext = true) };
}

let keys = 0;
/** A key of its own per test: the cache is the process's. */
const freshKey = (token = TOKEN) => manifestCacheKey(`https://registry-${++keys}.example`, "acme/app", token);

describe("manifest cache: each manifest read once per program run", () => {
  it("reads only what was not read before under the key, and answers the rest from the earlier read", async () => {
    const reader = countingReader({ unknown: [digest("9")] });
    const key = freshKey();
    const first = await readOnce(key, reader.read)([digest("a"), digest("b"), digest("9")]);
    assert.deepEqual([...first.keys()], [digest("a"), digest("b")]);
    const second = await readOnce(key, reader.read)([digest("b"), digest("c"), digest("9"), digest("a")]);
    assert.deepEqual([...second.keys()], [digest("b"), digest("c"), digest("a")]);
    assert.deepEqual(
      reader.calls,
      [
        [digest("a"), digest("b"), digest("9")],
        [digest("c"), digest("9")],
      ],
      "a digest not found is asked again: it may have been pushed since",
    );
  });

  it("a caller sharing a read that fails fails too, even when the failure is forgotten before it looks", async () => {
    const key = freshKey();
    let releaseA: () => void = () => undefined;
    const read: ManifestReader = async (digests) => {
      if (digests.includes(digest("b"))) throw new Error("registry down");
      // "a" is answered only when the test says so.
      await new Promise<void>((resolve) => (releaseA = resolve));
      return new Map(digests.map((d) => [d, summary(d)]));
    };
    const readingA = readOnce(key, read)([digest("a")]);
    const readingB = readOnce(key, read)([digest("b")]);
    // Waits on "a" first; meanwhile "b" fails and is forgotten.
    const both = readOnce(key, read)([digest("a"), digest("b")]);
    await assert.rejects(readingB, /registry down/);
    releaseA();
    assert.equal((await readingA).size, 1);
    await assert.rejects(both, /registry down/, "not an answer without b");
  });

  it("lets a read that overlaps one under way wait for it", async () => {
    const reader = countingReader();
    const key = freshKey();
    const [one, two] = await Promise.all([
      readOnce(key, reader.read)([digest("a"), digest("b")]),
      readOnce(key, reader.read)([digest("b"), digest("a")]),
    ]);
    assert.equal(one.size, 2);
    assert.equal(two.size, 2);
    assert.deepEqual(reader.calls, [[digest("a"), digest("b")]]);
  });

  it("keeps reads apart by registry, package and token", async () => {
    const reader = countingReader();
    await readOnce(freshKey(), reader.read)([digest("a")]);
    await readOnce(freshKey("ghp_OTHERtestSECRET0123456789abcdefXYZ"), reader.read)([digest("a")]);
    await readOnce(manifestCacheKey("https://registry.example", "acme/other", TOKEN), reader.read)([digest("a")]);
    assert.equal(reader.calls.length, 3);
    assert.ok(!freshKey().includes(TOKEN), "the key holds the token's hash, not the token");
  });

  it("forgets everything for a new program run", async () => {
    const reader = countingReader();
    const key = freshKey();
    await readOnce(key, reader.read)([digest("a")]);
    forgetReadManifests();
    await readOnce(key, reader.read)([digest("a")]);
    assert.equal(reader.calls.length, 2);
  });

  it("forgets a read that failed: the failure reaches the caller, and the next call reads again", async () => {
    const reader = countingReader();
    const key = freshKey();
    reader.failOnce();
    await assert.rejects(readOnce(key, reader.read)([digest("a"), digest("b")]), /registry down/);
    const again = await readOnce(key, reader.read)([digest("a"), digest("b")]);
    assert.equal(again.size, 2);
    assert.equal(reader.calls.length, 2);
  });
});
