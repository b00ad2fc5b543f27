/**
 * How the image graph names digests and reads cosign-style referrer tags. A container version is
 * named by its digest (`sha256:<64 hex>`); cosign stores a signature of `sha256:<hex>` under the
 * tag `sha256-<hex>.sig` (`.att` for attestations, `.sbom` for SBOMs), and the OCI referrers tag
 * schema uses `sha256-<hex>` for the index of an image's referrers.
 */

const REFERRER_TAG = /^(sha256)-([0-9a-f]{64})(?:\.(.+))?$/;
const SHORT_HEX = 12;

/** What a `sha256-<hex>[.<suffix>]` tag says: the digest it is about and its suffix (`sig`, `att`, …; undefined for the referrers index). */
export interface ReferrerTag {
  readonly tag: string;
  readonly target: string;
  readonly suffix: string | undefined;
}

export function referrerTagOf(tag: string): ReferrerTag | undefined {
  const match = REFERRER_TAG.exec(tag);
  if (match === null) return undefined;
  return { tag, target: `${match[1]!}:${match[2]!}`, suffix: match[3] } satisfies ReferrerTag;
}

/** `sha256:0123456789ab…`: a digest cut to 12 hex digits (a name that is no digest is left as it is). */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(":");
  if (colon < 0 || digest.length <= colon + 1 + SHORT_HEX) return digest;
  return `${digest.slice(0, colon + 1 + SHORT_HEX)}…`;
}

/** `sha256-0123456789ab….sig`: a referrer tag with its hex cut the same way. */
export function shortReferrerTag(tag: ReferrerTag): string {
  const hex = tag.target.slice(tag.target.indexOf(":") + 1);
  return `sha256-${hex.slice(0, SHORT_HEX)}…${tag.suffix !== undefined ? `.${tag.suffix}` : ""}`;
}

/** How plans and graphs name an image: `v1 (sha256:0123456789ab…)` for a tagged one, its short digest for an untagged one. */
export function imageLabel(digest: string, tags: readonly string[]): string {
  const first = tags[0];
  return first !== undefined ? `${first} (${shortDigest(digest)})` : shortDigest(digest);
}
