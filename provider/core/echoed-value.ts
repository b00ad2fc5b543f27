/** The longest value quoted whole in a message; longer ones are cut to this many characters. */
export const MAX_ECHOED_LENGTH = 80;

/**
 * A value as messages quote it: its JSON, and for a long one only the start and its length, so
 * a huge input is never echoed in full: `"aaaa…"… (10,000 characters)`.
 */
export function echoValue(value: unknown, maxLength: number = MAX_ECHOED_LENGTH): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  if (text.length <= maxLength) return typeof value === "string" ? JSON.stringify(value) : text;
  const prefix = text.slice(0, maxLength);
  const quoted = typeof value === "string" ? JSON.stringify(prefix) : prefix;
  return `${quoted}… (${text.length.toLocaleString("en-US")} characters)`;
}
