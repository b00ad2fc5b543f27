/** What an undo says at preview and at up, under its policy (pulumi.log), in words a person reads. */
import { formatCount } from "../retention/plan-table";
import type { UndoPlan, UndoRefusal } from "./undo-plan";

/** How many versions a message names before it counts the rest. */
export const NAMED_IN_MESSAGES = 20;

function versions(n: number): string {
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

/** "Undo lots (acme/npm/lots) since ...: ..." */
export function undoSummary(policy: string, label: string, recordedRuns: number, undo: UndoPlan): string {
  const found = undo.restores.length + undo.activeAgain.length + undo.unrestorable.length;
  return (
    `Undo ${policy} (${label}) since ${undo.since} (restoreDeletedSince): the policy's record (${formatCount(recordedRuns)} ${recordedRuns === 1 ? "run" : "runs"} in the state) ` +
    `names ${versions(found)} it deleted in the runs since and has not restored: ${formatCount(undo.restores.length)} to restore, ` +
    `${formatCount(undo.activeAgain.length)} active again, ${formatCount(undo.unrestorable.length)} that cannot be restored. Nothing is deleted while restoreDeletedSince is set.`
  );
}

/** The versions an undo cannot restore, named, at preview and at up. */
export function unrestorableWarning(undo: UndoPlan): string {
  return [
    `${versions(undo.unrestorable.length)} this undo was asked to restore cannot be restored; \`pulumi up\` restores the others, then fails naming these:`,
    ...boundedLines(undo.unrestorable.map(refusalLine)).map((line) => `  ${line}`),
  ].join("\n");
}
