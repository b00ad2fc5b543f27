/** A count as people read it: 97,990. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}
