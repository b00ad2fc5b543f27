/**
 * The one clock every suite starts from: the emulator seeds' `now`, the provider tests' dates and
 * the retention fixtures' ages all count from this instant.
 */
export const NOW = "2026-11-26T00:00:00Z";
