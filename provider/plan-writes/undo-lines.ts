/** Lines that name versions an undo could not restore, bounded (used at preview by the policy and at up by the provider). */
import { formatCount } from "../core/format-count";
import type { UndoRefusal } from "./undo-plan";

/** How many versions a message names before it counts the rest. */
export const NAMED_IN_MESSAGES = 20;

export function versions(n: number): string {
  return `${formatCount(n)} ${n === 1 ? "version" : "versions"}`;
}

/** One line a version: "1.0.7 (id 9007, deleted at ...): reason". */
export function refusalLine(c: Pick<UndoRefusal, "versionId" | "name" | "deletedAt" | "reason">): string {
  return `${c.name} (id ${c.versionId}, deleted at ${c.deletedAt}): ${c.reason}`;
}

/** The lines of a list, the first NAMED_IN_MESSAGES of them, then a count of the rest. */
export function boundedLines(lines: readonly string[]): string[] {
  const shown = lines.slice(0, NAMED_IN_MESSAGES);
  return lines.length > shown.length ? [...shown, `... and ${formatCount(lines.length - shown.length)} more`] : shown;
}
