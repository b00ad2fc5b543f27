/**
 * State of one program run in the program process: the PackageVersions and policies a program
 * declares, and its listings and manifests. A program usually has its process to itself, but an
 * Automation API inline program runs in the automation process, once per `preview`/`up`, and
 * several stacks may run there at once. So this state is kept per run, keyed by the run's root
 * Stack resource (the SDK keeps one per run), and each run starts with none. Outside a run (the
 * provider process, tests with mocks) one process-wide scope serves.
 */
import * as pulumi from "@pulumi/pulumi";

const runs = new WeakMap<object, Map<symbol, unknown>>();
const outsideRuns = new Map<symbol, unknown>();

function currentScope(): Map<symbol, unknown> {
  const stack = pulumi.runtime.getStackResource();
  if (stack === undefined) return outsideRuns;
  let scope = runs.get(stack);
  if (scope === undefined) {
    scope = new Map();
    runs.set(stack, scope);
  }
  return scope;
}

/** The current run's value for `key`, made by `create` the first time the run asks. */
export function runScoped<T>(key: symbol, create: () => T): T {
  const scope = currentScope();
  if (!scope.has(key)) scope.set(key, create());
  return scope.get(key) as T;
}

/**
 * What `create` makes for (`owner`, `key`), once per scope: the run-scoped memo of a value kept per
 * client (a listing, an answer is only as visible as the token that asked) and per package or org.
 */
export function runScopedPer<O extends object, V>(scopeKey: symbol, owner: O, key: string, create: () => V): V {
  const byOwner = runScoped(scopeKey, () => new WeakMap<O, Map<string, V>>());
  let byKey = byOwner.get(owner);
  if (byKey === undefined) {
    byKey = new Map();
    byOwner.set(owner, byKey);
  }
  let value = byKey.get(key);
  if (value === undefined) {
    value = create();
    byKey.set(key, value);
  }
  return value;
}

/** Starts `key` afresh in the current scope (a new deployment in the provider process; tests). */
export function resetRunScoped(key: symbol): void {
  currentScope().delete(key);
}

/**
 * Holds the program run open until `work` settles. A component that lists before it declares its
 * children would otherwise let an inline program's run end first: the SDK waits for resource
 * registrations in flight, not for an HTTP request, so the children would be registered with an
 * engine that is gone (the CLI's own runner waits for the event loop and hides this). Call it
 * synchronously while the component is constructed.
 */
export async function holdRunOpen<T>(work: () => Promise<T>): Promise<T> {
  const done = pulumi.runtime.rpcKeepAlive();
  try {
    return await work();
  } finally {
    done();
  }
}
