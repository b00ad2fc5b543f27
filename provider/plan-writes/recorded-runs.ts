/**
 * A policy's record, read by the program from the stack's state, at preview and at up: the
 * record of what a policy deleted lives in its PackagePlanWrites' outputs, and the program must
 * know it before it declares that resource (an undo's restores are its inputs, and `pulumi
 * preview` shows them). Read through core/recorded-outputs.ts (the engine's
 * readStackResourceOutputs), only when an undo asks for it; a state that cannot be read, or a
 * record that cannot be decoded, fails the undo: it cannot know what to restore.
 */
import { recordedResourceOf } from "../core/recorded-outputs";
import { ProgramError } from "../core/program-error";
import { decodeRecord } from "./record";
import { PLAN_WRITES_TYPE } from "./record-report";
import type { RecordedRun } from "./types";

/** The state could not be read or its record decoded: the undo cannot know what to restore. */
export class UndoRecordError extends ProgramError {
  override readonly name = "UndoRecordError";
}

/**
 * The runs a PackagePlanWrites recorded, read from the stack's state; empty when the state has no
 * such resource (the policy never wrote, or the stack is new).
 */
export async function recordedRuns(writesUrn: string): Promise<RecordedRun[]> {
  const entry = await recordedResourceOf(
    writesUrn,
    (stackName, reason) =>
      new UndoRecordError(
        `restoreDeletedSince: the stack's state (${stackName}) could not be read to find what the policies deleted (${reason}); nothing was changed`,
      ),
  );
  if (entry === undefined) return [];
  if (entry.type !== PLAN_WRITES_TYPE)
    throw new UndoRecordError(`restoreDeletedSince: ${writesUrn} in the state is a ${String(entry.type)}, not a PackagePlanWrites`);
  const record = entry.outputs["record"];
  try {
    const runs = decodeRecord(typeof record === "string" ? record : undefined);
    if (!Array.isArray(runs)) throw new Error("not a list of runs");
    return runs;
  } catch (error) {
    throw new UndoRecordError(
      `restoreDeletedSince: the record of ${writesUrn} in the state cannot be read (${error instanceof Error ? error.message : String(error)}); nothing was changed`,
    );
  }
}
