/**
 * Pulumi's mocked engine for tests of program-side components (retention policies): it records
 * every resource it is asked to register and answers with the inputs as the state, plus the
 * version id a test says an earlier run recorded for a resource name. Each test starts with an
 * empty record and no version owners (a program of its own).
 */
import * as pulumi from "@pulumi/pulumi";
import { resetVersionOwners } from "pulumi-github-package-versions/testing";

/** What the mock engine was asked to register. */
export interface Registered {
  type: string;
  name: string;
  parent: string | undefined;
  inputs: Record<string, unknown>;
}

export interface MockedEngine {
  readonly registered: Registered[];
  /** Version ids the engine reports as recorded for a resource name (a tag resolved at an earlier run). */
  readonly recordedVersionIds: Map<string, number>;
  /** Further outputs the engine reports as recorded for a resource name (what the provider observed). */
  readonly recordedOutputs: Map<string, Record<string, unknown>>;
}

export function useMockedEngine(): MockedEngine {
  const engine: MockedEngine = { registered: [], recordedVersionIds: new Map(), recordedOutputs: new Map() };
  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          engine.registered.push({
            type: args.type,
            name: args.name,
            parent: (args as { parent?: string }).parent,
            inputs: args.inputs as Record<string, unknown>,
          });
          const recorded = engine.recordedVersionIds.get(args.name);
          const outputs = engine.recordedOutputs.get(args.name) ?? {};
          return {
            id: `${args.name}-id`,
            state: { ...args.inputs, ...(recorded !== undefined ? { versionId: recorded } : {}), ...outputs },
          };
        },
        call: (args) => args.inputs,
      },
      "retention",
      "test",
      true,
    );
  });
  beforeEach(() => {
    engine.registered.length = 0;
    engine.recordedVersionIds.clear();
    engine.recordedOutputs.clear();
    resetVersionOwners();
  });
  return engine;
}

/** An Output's value once known (apply never sees a failure: use `settled` for those). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/** The settled value of an Output, rejecting when it failed (Output's own promise). */
export function settled<T>(output: pulumi.Output<T>): Promise<T> {
  return (output as unknown as { promise(): Promise<T> }).promise();
}
