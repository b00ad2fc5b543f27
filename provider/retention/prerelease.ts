/** A version-like name or tag: a dotted numeric core (optionally after "v"), then anything. */
const VERSION_LIKE = /^v?\d+(?:\.\d+)*(?:[-+].*)?$/;
/** A prerelease: the numeric core followed by a "-" part, as in 1.2.0-rc.1 or 2.0-SNAPSHOT. */
const PRERELEASE = /^v?\d+(?:\.\d+)*-[0-9A-Za-z.-]+(?:\+.*)?$/;

export function isVersionLike(value: string): boolean {
  return VERSION_LIKE.test(value);
}

export function isPrereleaseName(value: string): boolean {
  return PRERELEASE.test(value);
}

/**
 * Whether a version is a prerelease. For npm, maven, nuget and rubygems its name decides. For
 * container and docker (names are digests) its tags do: a prerelease has at least one
 * version-like tag and all of its version-like tags are prereleases (an image tagged both
 * 1.2.0-rc.1 and 1.2.0 is a release; tags such as latest or sha-abc are ignored).
 */
export function isPrerelease(version: { name: string; tags?: readonly string[] | undefined }, tagged: boolean): boolean {
  if (!tagged) return isPrereleaseName(version.name);
  const versionTags = (version.tags ?? []).filter(isVersionLike);
  return versionTags.length > 0 && versionTags.every(isPrereleaseName);
}
