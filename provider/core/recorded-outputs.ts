/**
 * What the stack's state recorded for a resource at its last deployment, read by the program at
 * `preview` and `up`: the engine's built-in `pulumi:pulumi:readStackResourceOutputs` invoke, asked
 * for the stack the program runs in. It answers from the backend's latest checkpoint (the file or
 * bucket backend's file, Pulumi Cloud's latest state), so a run on a fresh CI runner reads what
 * the last run learned without a request to GitHub. Read at most once per program run; a resource
 * of this run that has completed a step by then may already show its new outputs, which no caller
 * here depends on (each reads a resource before declaring it).
 *
 * Anything that stops the read (an engine without a backend client, mocks in unit tests, an
 * answer of another shape) reads as "nothing recorded": callers then do what they do on a stack's
 * first run, which costs requests, never correctness.
 */
import * as pulumi from "@pulumi/pulumi";
import { runScoped } from "./program-run";

const READ_STACK_RESOURCE_OUTPUTS = "pulumi:pulumi:readStackResourceOutputs";
const RECORDED = Symbol("recorded stack outputs");

type RecordedByUrn = ReadonlyMap<string, Readonly<Record<string, unknown>>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function readStack(): Promise<RecordedByUrn> {
  const stackName = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
  try {
    const answer: unknown = await pulumi.runtime.invoke(READ_STACK_RESOURCE_OUTPUTS, { stackName });
    const byUrn = isRecord(answer) && isRecord(answer["outputs"]) ? answer["outputs"] : {};
    const recorded = new Map<string, Readonly<Record<string, unknown>>>();
    for (const [urn, resource] of Object.entries(byUrn)) {
      if (isRecord(resource) && isRecord(resource["outputs"])) recorded.set(urn, resource["outputs"]);
    }
    return recorded;
  } catch (error) {
    void pulumi.log.debug(`the stack's recorded outputs could not be read (${error instanceof Error ? error.message : String(error)}); planning as on a first run`);
    return new Map();
  }
}

/** The outputs the state recorded for `urn` at the last deployment, or undefined (none recorded, or unreadable). */
export async function recordedOutputsOf(urn: string): Promise<Readonly<Record<string, unknown>> | undefined> {
  const recorded = await runScoped(RECORDED, readStack);
  return recorded.get(urn);
}

/** The URN a child named `name` of type `type` under `parent` has (Pulumi's rule), once the parent's is known. */
export function childUrn(parent: pulumi.Resource, type: string, name: string): Promise<string> {
  return new Promise((resolve) => {
    pulumi.createUrn(name, type, parent).apply((urn) => resolve(urn));
  });
}
