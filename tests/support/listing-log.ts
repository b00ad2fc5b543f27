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
