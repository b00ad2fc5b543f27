/** The console.warn lines written while `body` runs. */
export async function warningsDuring(body: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const saved = console.warn;
  console.warn = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  try {
    await body();
  } finally {
    console.warn = saved;
  }
  return lines;
}
