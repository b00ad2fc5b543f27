/** What an undo says at preview and at up, under its policy (pulumi.log), in words a person reads. */
import { formatCount } from "../core/format-count";
import { boundedLines, refusalLine, versions } from "../plan-writes/undo-lines";
import type { UndoPlan } from "../plan-writes/undo-plan";

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
