/**
 * What the stack's state recorded for a resource at its last deployment, read by the program at
 * `preview` and `up`: the engine's built-in `pulumi:pulumi:readStackResourceOutputs` invoke,
 * asked for the stack the program runs in. It answers every resource's type and outputs from the
 * backend's latest saved snapshot (the file or bucket backend's file, Pulumi Cloud's latest
 * state), so a run on a fresh CI runner reads what the last run recorded without a request to
 * GitHub. Checked with Pulumi CLI 3.274.1 and the Node.js SDK 3.270 against the file backend: it
 * works at `pulumi preview`, at both passes of `pulumi up`, at `up --skip-preview` and under the
 * Automation API. Two other ways do not: `pulumi:pulumi:getResource` (the invoke behind
 * rehydrating a resource by URN) answers only from the resources registered or read in the current
 * deployment, and reading a resource (`Resource.get`) hands the provider the properties the program
 * passes, not the recorded outputs.
 *
 * Read at most once per program run (an inline Automation API program runs several times in one
 * process: each run reads afresh). During an `up` the snapshot may already hold other resources'
 * steps of this run, never those of a resource not declared yet, which is all callers read.
 */
import * as pulumi from "@pulumi/pulumi";
import { runScoped } from "./program-run";

const READ_STACK_RESOURCE_OUTPUTS = "pulumi:pulumi:readStackResourceOutputs";
const RECORDED = Symbol("recorded stack outputs");

/** One resource as the state recorded it. */
export interface RecordedResource {
  readonly type: unknown;
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** The state as read, or why it could not be. */
interface StackRead {
  readonly stackName: string;
  readonly resources: ReadonlyMap<string, RecordedResource>;
  readonly failure?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function readStack(): Promise<StackRead> {
  let stackName = "(unknown stack)";
  try {
    // Throws outside a deployment with no organization (the SDK's test mocks): read as unreadable.
    stackName = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
    const answer: unknown = await pulumi.runtime.invoke(READ_STACK_RESOURCE_OUTPUTS, { stackName }, {});
    // The answer: { name, outputs: { <urn>: { type, outputs } } } (the engine's builtins.go).
    const byUrn = isRecord(answer) && isRecord(answer["outputs"]) ? answer["outputs"] : {};
    const resources = new Map<string, RecordedResource>();
    for (const [urn, resource] of Object.entries(byUrn)) {
      if (isRecord(resource))
        resources.set(urn, { type: resource["type"], outputs: isRecord(resource["outputs"]) ? resource["outputs"] : {} });
    }
    return { stackName, resources };
  } catch (error) {
    return { stackName, resources: new Map(), failure: error instanceof Error ? error.message : String(error) };
  }
}

function stackRead(): Promise<StackRead> {
  return runScoped(RECORDED, readStack);
}

/**
 * The outputs the state recorded for `urn`, or undefined: none recorded, or the state could not be
 * read. For what only saves requests (recorded manifests): callers then do as on a first run.
 */
export async function recordedOutputsOf(urn: string): Promise<Readonly<Record<string, unknown>> | undefined> {
  const read = await stackRead();
  if (read.failure !== undefined)
    void pulumi.log.debug(`the stack's recorded outputs could not be read (${read.failure}); planning as on a first run`);
  return read.resources.get(urn)?.outputs;
}

/**
 * The resource the state recorded at `urn` (undefined when there is none), for what must not guess
 * (an undo): a state that could not be read throws `unreadable(stackName, reason)`.
 */
export async function recordedResourceOf(
  urn: string,
  unreadable: (stackName: string, reason: string) => Error,
): Promise<RecordedResource | undefined> {
  const read = await stackRead();
  if (read.failure !== undefined) throw unreadable(read.stackName, read.failure);
  return read.resources.get(urn);
}

/**
 * The URN a resource named `childName` of type `childType` gets under `parentUrn` (Pulumi's rule):
 * `urn:pulumi:<stack>::<project>::<parent's type chain>$<childType>::<childName>`.
 */
export function childUrn(parentUrn: string, childType: string, childName: string): string {
  const parts = parentUrn.split("::");
  if (parts.length < 4) throw new Error(`${parentUrn} is not a resource URN`);
  return `${parts[0]}::${parts[1]}::${parts[2]}$${childType}::${childName}`;
}

/** A resource's URN, once the engine has given it (a component's is known at once, at preview too). */
export function urnOf(resource: pulumi.Resource): Promise<string> {
  return new Promise((resolve) => resource.urn.apply(resolve));
}
