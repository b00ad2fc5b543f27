import * as pulumi from "@pulumi/pulumi";
import packageVersionProvider = require("../package-version-provider");
import { ProgramError } from "../core/program-error";
import type { PackageVersionArgs, PackageVersionInfo, PackageVersionInputs, PackageVersionOutputs } from "../core/package-version-types";
import { isRetentionPolicy, registerExplicitVersion } from "../ownership/version-owners";
import { isPackageType, isTaggedPackageType } from "../core/package-types";
import { checkDeclaredWritePermission } from "./declared-write-permission";
import { restorableUntil } from "./outputs";
import { recordedOutputsOf } from "../core/recorded-outputs";
import type { VersionState } from "../core/package-types";
import { validatePackageVersionInputs } from "./validation";
import { known, resourcesBehind } from "../core/output-internals";
import { holdWritesUntil, noteUrn, refusing, withWriteGate } from "../core/write-gate";
import { PROTOTYPE_KEY_REASON, prototypeKeysOf } from "../core/prototype-keys";

/**
 * Every output property, checked against PackageVersionOutputs both ways: a key missing here or
 * not in the type fails to compile.
 */
const OUTPUT_KEYS: { readonly [K in keyof PackageVersionOutputs]-?: true } = {
  org: true,
  user: true,
  packageType: true,
  packageName: true,
  version: true,
  tag: true,
  baseUrl: true,
  observedState: true,
  displayName: true,
  displayTags: true,
  state: true,
  versionId: true,
  name: true,
  deletedAt: true,
  restorableUntil: true,
  tags: true,
};
const OUTPUT_PROPERTIES = Object.keys(OUTPUT_KEYS) as (keyof PackageVersionOutputs)[];

/** Outputs the provider records for every version it adopted, whatever the declaration. */
const ALWAYS_RECORDED: ReadonlySet<keyof PackageVersionOutputs> = new Set([
  "state",
  "versionId",
  "name",
  "packageType",
  "packageName",
  "deletedAt",
]);

/**
 * Whether the provider can record `key` for a version declared with `args`, so the SDK must
 * register it (an Output resolved from the recorded outputs). The SDK registers outputs only for
 * keys present in the props, and each one costs it four promises with a captured stack trace in
 * the program process: with all 16 registered, the program's CPU time made a no-op run of 1,000
 * versions half again as slow as 1,000 trivial resources (docs/benchmarks.md, At scale). The declaration is
 * recorded as declared (outputs.ts), so an input the program leaves out has no output; `tags`
 * are recorded for container and docker versions only; `restorableUntil` follows from
 * `deletedAt` (see the constructor).
 */
function mayRecord(key: keyof PackageVersionOutputs, args: PackageVersionArgs): boolean {
  if (ALWAYS_RECORDED.has(key) || (args as Record<string, unknown>)[key] !== undefined) return true;
  if (key === "tags") return !isPackageType(args.packageType) || isTaggedPackageType(args.packageType);
  return false;
}

/**
 * An output property not registered with the SDK, made when first read (a program that never
 * reads it pays nothing): `restorableUntil` from `deletedAt`, and for an output the provider does
 * not record for this declaration, undefined. Both are Outputs of this resource, so a resource
 * that takes one as an input still depends on this one.
 */
function defineOnFirstUse(resource: pulumi.Resource, key: string, create: () => pulumi.Output<unknown>): void {
  Object.defineProperty(resource, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = create();
      Object.defineProperty(resource, key, { value, configurable: true, enumerable: true, writable: true });
      return value;
    },
  });
}

/**
 * The resource's output properties, one Output per key of PackageVersionOutputs. `versionId` and
 * `name` are typed as always set, as programs use them: they are missing only for a version
 * declared deleted that GitHub no longer had at all when it was adopted.
 */
type ResourceOutputs = Omit<PackageVersionOutputs, "versionId" | "name"> & Pick<PackageVersionInfo, "versionId" | "name">;
type PackageVersionResourceOutputs = { readonly [K in keyof ResourceOutputs]-?: pulumi.Output<ResourceOutputs[K]> };

/** The type token the SDK gives the resource (dynamic providers' module and type). */
const PACKAGE_VERSION_TYPE = "pulumi-nodejs:dynamic/github-package-versions:PackageVersion";

/**
 * The `import` resource option on a PackageVersion. Pulumi cannot import resources of dynamic
 * providers (the engine reads them without the provider's code and fails); declaring the version
 * is the import: creating the resource adopts the existing version, with no write when it is
 * declared in the state it is in.
 */
export class ImportNotSupportedError extends ProgramError {
  override readonly name = "ImportNotSupportedError";

  constructor(resourceName: string) {
    super(
      `PackageVersion ${resourceName}: the import option is not supported (Pulumi cannot import resources of dynamic ` +
        "providers). Remove it: declaring the version adopts it, with no write when it is declared in the state it is in " +
        '(state: "present" for an active version).',
    );
  }
}

/** Inputs that failed the provider's own check, found in the program before any write of the run. */
export class InvalidPackageVersionError extends ProgramError {
  override readonly name = "InvalidPackageVersionError";

  constructor(resourceName: string, failures: readonly { property: string; reason: string }[]) {
    super(`PackageVersion ${resourceName}: invalid inputs:\n  ${failures.map((f) => `${f.property}: ${f.reason}`).join("\n  ")}`);
  }
}

/**
 * Checks the inputs as the provider will, before any write of the run (write-gate.ts): a run whose
 * PackageVersion the provider would refuse writes nothing. Inputs that depend on other resources'
 * outputs are known only once those resources exist, after their own writes: the engine's check
 * of this resource covers them. A version the program declares itself also has its token checked
 * (declared-write-permission.ts).
 */
async function checkInputsBeforeWrites(
  resourceName: string,
  args: PackageVersionArgs,
  /** The URN of a version the program declares itself; undefined for a policy's child. */
  urn: pulumi.Output<string> | undefined,
): Promise<void> {
  const values: Record<string, unknown> = {};
  for (const [key, input] of Object.entries(args)) {
    if (resourcesBehind(input).size > 0) return;
    const value = await known(input);
    // At preview a value may be unknown: nothing is written at preview anyway.
    if (!value.known) return;
    values[key] = value.value;
  }
  const failures = validatePackageVersionInputs(values);
  if (failures.length > 0) throw new InvalidPackageVersionError(resourceName, failures);
  // A policy's children are covered by their policy's plan. A refused token fails the program too
  // (re-raised unhandled, as a policy's failed plan is), so that `pulumi preview` fails with it.
  if (urn !== undefined) {
    await checkDeclaredWritePermission(resourceName, values as unknown as PackageVersionInputs, () => recordedStateAt(urn)).catch(
      (error: unknown) => {
        void Promise.reject(error);
        throw error;
      },
    );
  }
}

/** The version's state recorded at the last run (read from the stack's state, no request to GitHub); undefined for a new resource. */
async function recordedStateAt(urn: pulumi.Output<string>): Promise<VersionState | undefined> {
  const value = await known(urn);
  if (!value.known || value.value === undefined) return undefined;
  const state = (await recordedOutputsOf(value.value))?.["state"];
  return state === "present" || state === "deleted" ? state : undefined;
}

/**
 * A GitHub Packages version and the state it should be in: `present` (kept, restored if it
 * was deleted in the last 30 days) or `deleted`. GitHub cannot create versions, so creating
 * this resource adopts an existing version into the stack.
 *
 * Declared by the program itself (not as a retention policy's child), it is registered in the
 * program's ownership registry: every PackageRetentionPolicy of the program leaves its version
 * alone.
 */
// The class's output properties (`org`, `state`, `versionId`, `name`, `tags`, `restorableUntil`, ...)
// are declared by the interface of the same name below, derived from PackageVersionOutputs.
export class PackageVersion extends pulumi.dynamic.Resource {
  constructor(name: string, args: PackageVersionArgs, opts?: pulumi.CustomResourceOptions) {
    if (opts?.import !== undefined)
      refusing(() => {
        throw new ImportNotSupportedError(name);
      });
    // An own `__proto__` (arguments read with JSON.parse) would become the inputs' prototype when
    // copied, its fields declared unseen (`{"__proto__": {"state": "deleted"}}` deletes): refused first.
    const prototypeKeys = typeof args === "object" && args !== null ? prototypeKeysOf(args) : [];
    if (prototypeKeys.length > 0) {
      refusing(() => {
        throw new InvalidPackageVersionError(
          name,
          prototypeKeys.map((property) => ({ property, reason: PROTOTYPE_KEY_REASON })),
        );
      });
    }
    // The URN the engine will give it, known before the registration ends (its write hook names it).
    const parent = opts?.parent === undefined || opts.parent === pulumi.runtime.getStackResource() ? undefined : opts.parent;
    const urn = !isRetentionPolicy(opts?.parent) ? pulumi.createUrn(name, PACKAGE_VERSION_TYPE, parent) : undefined;
    void holdWritesUntil(checkInputsBeforeWrites(name, args, urn)).catch(() => undefined); // the gate reports it
    const outputs = Object.fromEntries(
      OUTPUT_PROPERTIES.filter((key) => key !== "restorableUntil" && mayRecord(key, args)).map((key) => [key, undefined]),
    );
    const props: Record<string, unknown> = { ...outputs, ...args };
    // Every write waits until the whole program has been checked (write-gate.ts).
    super(packageVersionProvider, name, props, withWriteGate(opts), "github-package-versions", "PackageVersion");
    // Recorded as deletedAt plus the restore window (outputs.ts), so derived from it here.
    defineOnFirstUse(this, "restorableUntil", () =>
      this.deletedAt.apply((deletedAt) => (deletedAt === undefined ? undefined : restorableUntil(deletedAt))),
    );
    for (const key of OUTPUT_PROPERTIES) {
      if (key !== "restorableUntil" && !(key in props)) defineOnFirstUse(this, key, () => this.urn.apply(() => undefined));
    }
    if (urn !== undefined) {
      noteUrn(this, urn);
      registerExplicitVersion(name, args, this.versionId, urn);
    }
  }
}

/** The outputs of a PackageVersion (see PackageVersionOutputs); `state` is the observed state. */
export interface PackageVersion extends PackageVersionResourceOutputs {}
