/**
 * A policy's record, read by the program from the stack's state, at preview and at up.
 *
 * The record of what a policy deleted lives in its PackagePlanWrites' outputs, in the state; the
 * program must know it before it declares that resource (the undo's restores are its inputs, and
 * `pulumi preview` shows them). What the engine offers, checked with Pulumi CLI 3.274.1 and the
 * Node.js SDK 3.270 against the file backend:
 * - `pulumi:pulumi:getResource` (the invoke behind rehydrating a resource by URN) answers only
 *   from the resources registered or read in the current deployment (the engine's
 *   pkg/resource/deploy/builtins.go), not from the previous state: "unknown resource" for a
 *   resource that is in the state but not registered yet by this run (tried, at preview and up);
 * - reading the resource (`PackagePlanWrites.get`) makes the provider's `read` see the properties
 *   the program passes, not the recorded outputs, and would register a second resource;
 * - `pulumi:pulumi:readStackResourceOutputs` (the builtin provider's invoke, served by the
 *   backend's GetStackResourceOutputs) answers every resource's type and outputs of the named
 *   stack's last saved snapshot. Named with this stack's own name, it reads this stack's state: at
 *   `pulumi preview`, at both passes of `pulumi up`, at `pulumi up --skip-preview`, and under the
 *   Automation API (which runs the same CLI and engine). During an `up` the snapshot may already
 *   hold other resources' steps of this run, but never this policy's PackagePlanWrites', which
 *   runs only after the program declared it with what was read here.
 * The last one is used, and only when an undo asks for it: one invoke per program run, shared by
 * every policy of the program, and no request to GitHub. An inline Automation API program runs
 * several times in one process: the answer is kept per run (the SDK's per-run store).
 */
import * as pulumi from "@pulumi/pulumi";
import { decodeRecord } from "../plan-writes/record";
import { PLAN_WRITES_TYPE } from "../plan-writes/record-report";
import type { RecordedRun } from "../plan-writes/types";
import { ProgramError } from "../program-error";

/** The state could not be read or its record decoded: the undo cannot know what to restore. */
export class UndoRecordError extends ProgramError {
  override readonly name = "UndoRecordError";
}

interface StateEntry {
  type?: unknown;
  outputs?: Record<string, unknown>;
}

/** The stack's resources by URN, read once per program run (keyed by the run's store). */
const stateReads = new WeakMap<object, Promise<ReadonlyMap<string, StateEntry>>>();

/** The SDK's store of the current run (not in its typings; one object per run, inline programs too). */
function runStore(): object | undefined {
  try {
    const state = require("@pulumi/pulumi/runtime/state") as { getStore(): object | undefined };
    return state.getStore();
  } catch {
    return undefined; // an SDK without that module: read for each policy
  }
}

function stackState(): Promise<ReadonlyMap<string, StateEntry>> {
  const store = runStore();
  const cached = store !== undefined ? stateReads.get(store) : undefined;
  if (cached !== undefined) return cached;
  const read = (async () => {
    const stackName = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
    let answer: unknown;
    try {
      answer = await pulumi.runtime.invoke("pulumi:pulumi:readStackResourceOutputs", { stackName }, {});
    } catch (error) {
      throw new UndoRecordError(
        `restoreDeletedSince: the stack's state (${stackName}) could not be read to find what the policies deleted (${error instanceof Error ? error.message : String(error)}); nothing was changed`,
      );
    }
    // The answer: { name, outputs: { <urn>: { type, outputs } } } (builtins.go, readStackResourceOutputs).
    const outputs = typeof answer === "object" && answer !== null ? (answer as Record<string, unknown>)["outputs"] : undefined;
    const entries = typeof outputs === "object" && outputs !== null ? Object.entries(outputs as Record<string, unknown>) : [];
    return new Map(entries.map(([urn, value]) => [urn, (typeof value === "object" && value !== null ? value : {}) as StateEntry]));
  })();
  if (store !== undefined) stateReads.set(store, read);
  return read;
}

/**
 * The URN a resource named `childName` of type `childType` gets under `parentUrn`:
 * `urn:pulumi:<stack>::<project>::<parent's type chain>$<childType>::<childName>`.
 */
export function childUrn(parentUrn: string, childType: string, childName: string): string {
  const parts = parentUrn.split("::");
  if (parts.length < 4) throw new UndoRecordError(`restoreDeletedSince: ${parentUrn} is not a resource URN`);
  return `${parts[0]}::${parts[1]}::${parts[2]}$${childType}::${childName}`;
}

/**
 * The runs a PackagePlanWrites recorded, read from the stack's state; empty when the state has no
 * such resource (the policy never wrote, or the stack is new).
 */
export async function recordedRuns(writesUrn: string): Promise<RecordedRun[]> {
  const entry = (await stackState()).get(writesUrn);
  if (entry === undefined) return [];
  if (entry.type !== PLAN_WRITES_TYPE) throw new UndoRecordError(`restoreDeletedSince: ${writesUrn} in the state is a ${String(entry.type)}, not a PackagePlanWrites`);
  const record = entry.outputs?.["record"];
  try {
    const runs = decodeRecord(typeof record === "string" ? record : undefined);
    if (!Array.isArray(runs)) throw new Error("not a list of runs");
    return runs;
  } catch (error) {
    throw new UndoRecordError(`restoreDeletedSince: the record of ${writesUrn} in the state cannot be read (${error instanceof Error ? error.message : String(error)}); nothing was changed`);
  }
}
