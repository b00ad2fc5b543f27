/**
 * A request log with each listing's pages in page order. The pages after a listing's first are
 * requested together (PackageVersionsApi.list), so they may reach the emulator in any order;
 * what the tests assert is which pages were asked, once each, after the first.
 */
export function pagesInOrder(log: readonly string[]): string[] {
  const pageOf = (line: string): number | undefined => {
    const match = /[?&]page=(\d+)/.exec(line);
    return match === null ? undefined : Number(match[1]);
  };
  const listingOf = (line: string): string => line.replace(/[?&]page=\d+/, "");
  const sorted = [...log];
  let start = 0;
  while (start < sorted.length) {
    let end = start;
    // A run of later pages of one listing (page 2 and up, same request otherwise).
    while (end < sorted.length && pageOf(sorted[end]!) !== undefined && listingOf(sorted[end]!) === listingOf(sorted[start]!)) end++;
    if (end > start + 1) sorted.splice(start, end - start, ...sorted.slice(start, end).sort((a, b) => pageOf(a)! - pageOf(b)!));
    start = Math.max(end, start + 1);
  }
  return sorted;
}

/**
 * Resolves once the emulator has answered the first page of the listing whose path ends with
 * `pathEnd` (a test that changes the package while the later pages are read waits for it).
 */
export async function firstPageAnswered(
  emu: { requests(): readonly { path: string; query: Record<string, unknown> }[] },
  pathEnd: string,
): Promise<void> {
  const answered = () => emu.requests().some((r) => r.path.endsWith(pathEnd) && r.query["page"] === undefined);
  while (!answered()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** `count` versions newer than any seeded one, ids from `firstId`, one a minute from 2026-11-01, named `<prefix><i>`. */
export function newerVersions(count: number, firstId: number, prefix: string): { id: number; name: string; createdAt: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    name: `${prefix}${i}`,
    createdAt: new Date(Date.parse("2026-11-01T00:00:00Z") + i * 60_000).toISOString(),
  }));
}
