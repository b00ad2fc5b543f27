/**
 * What the library reads of a Pulumi Output beyond its typings, in one place: whether its value is
 * known (at preview it may not be), the value, and the resources it is made from. The SDK itself
 * uses these members to wait for values and dependencies.
 */
import * as pulumi from "@pulumi/pulumi";

/** A value that may be an Output, or that the engine does not know yet (at preview). */
export type Known<T> = { known: true; value: T } | { known: false };

/** The internal parts of an Output (not in its typings). */
interface OutputInternals<T> {
  readonly isKnown: Promise<boolean>;
  promise(): Promise<T>;
  /** The resources it is made from, known at once (allResources waits for the value). */
  resources?: () => Set<pulumi.Resource>;
}

/** An input's value once it is known, or that it is not known (an Output unknown at preview). */
export async function known<T>(input: pulumi.Input<T> | undefined): Promise<Known<T | undefined>> {
  if (!pulumi.Output.isInstance(input)) return { known: true, value: await input };
  const output = input as unknown as OutputInternals<T>;
  return (await output.isKnown) ? { known: true, value: await output.promise() } : { known: false };
}

/** The resources an input is made from (none for a plain value), without waiting for its value. */
export function resourcesBehind(input: unknown): ReadonlySet<pulumi.Resource> {
  if (!pulumi.Output.isInstance(input)) return new Set();
  return (input as unknown as OutputInternals<unknown>).resources?.() ?? new Set();
}
