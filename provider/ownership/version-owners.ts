/**
 * One version, one owner: the registry, in the program process, of the PackageVersions a program
 * declares itself and of its retention policies. A policy leaves alone the versions declared
 * explicitly, two policies over one package are refused, and a declaration made after a policy
 * has planned for the same version fails the program.
 *
 * Kept per program run (provider/core/program-run.ts): an inline program run again in the same
 * process starts with none (tests outside a run reset it between programs).
 */
import * as pulumi from "@pulumi/pulumi";
import { readConfiguredSettings, resolveBaseUrl } from "../core/settings";
import type { VersionState } from "../core/package-types";
import { coordinatesOf, packageKey } from "../core/package-coordinates";
import type { PackageCoordinates, PackageVersionArgs, PackageVersionInfo } from "../core/package-version-types";
import { known, type Known } from "../core/output-internals";
import { resetRunScoped, runScoped } from "../core/program-run";
import { awaitEngineRecord, holdWritesUntil, recordedVersionIdFromHook, urnsBehind } from "../core/write-gate";
import { packageLabel, selectorLabel } from "../core/version-label";
import { LateVersionDeclarationError, OverlappingPoliciesError } from "./ownership-errors";

/**
 * A version that another resource of the program declares (a PackageVersion that is not a
 * policy's child). The policy leaves it alone: no child, no place in keepLatest.
 */
export interface ManagedElsewhere {
  /** The declaring resource's name. */
  readonly resourceName: string;
  /**
   * The state it declares, when known. Only an active version declared `present` counts as a
   * version that stays when the safety rules look for one (its owner will not delete it).
   */
  readonly declaredState?: VersionState | undefined;
}

/** A PackageVersion the program declared itself (not a policy's child). */
interface ExplicitDeclaration {
  readonly resourceName: string;
  readonly args: PackageVersionArgs;
  /**
   * The version the resource adopted at an earlier run, whatever its selector finds now: from its
   * registration (`versionId` output), or, when the run holds its write (write-gate.ts), from the
   * engine's record as the write's hook heard it. Asked once, when a policy needs it.
   */
  readonly recorded: () => Promise<Known<number | undefined>>;
}

/** What a policy claimed once it had listed its package. */
interface PolicyClaim {
  readonly versions: readonly PackageVersionInfo[];
  /** Version id → the name of the child the policy declared for it. */
  readonly children: Promise<ReadonlyMap<number, string>>;
}

interface PolicyEntry {
  readonly name: string;
  readonly key: string;
  readonly coordinates: PackageCoordinates;
  claim?: PolicyClaim;
}

interface VersionOwners {
  readonly explicitDeclarations: ExplicitDeclaration[];
  readonly policies: PolicyEntry[];
}

const VERSION_OWNERS = Symbol("version owners");

/** This run's registry. */
function runOwners(): VersionOwners {
  return runScoped(VERSION_OWNERS, (): VersionOwners => ({ explicitDeclarations: [], policies: [] }));
}

/** Policy components, whatever their run: each is an object of its own run. */
const policyResources = new WeakSet<object>();

/** The API base URL a resource with this override talks to, as the provider resolves it. */
function baseUrlOf(override: string | undefined): string {
  return resolveBaseUrl(readConfiguredSettings({ get: (key) => pulumi.runtime.getConfig(key) }), override);
}

/** One comparable string per package and API: the package's key (owner case-insensitive), then the API's base URL. */
function ownedPackageKey(coordinates: PackageCoordinates, baseUrl: string | undefined): string {
  return `${packageKey(coordinates)} ${baseUrlOf(baseUrl)}`;
}

/** What a declaration selects, once its inputs are known. */
type DeclaredSelection =
  | { kind: "unknown" }
  | { kind: "other-package" }
  | { kind: "version"; version: PackageVersionInfo | undefined; declaredState: VersionState | undefined };

/**
 * Which listed version a declaration selects, finding it as the provider does: the version it
 * recorded (a tag or name resolved at adoption stays on that version), else by id, else by name
 * or tag among the listing (active versions first, then deleted ones, each newest first).
 */
async function declaredSelectionOf(
  declaration: ExplicitDeclaration,
  key: string,
  versions: readonly PackageVersionInfo[],
): Promise<DeclaredSelection> {
  const { args } = declaration;
  // Inputs made from other resources' outputs are known once those resources' steps end: a wait on
  // the engine, which the write gate refuses when it waits on a write it holds (write-gate.ts).
  const what = `PackageVersion ${declaration.resourceName}`;
  const on = (await Promise.all(Object.values(args).map(urnsBehind))).flat();
  const packageOf = await declaredPackageOf(declaration, key, what, on);
  if (packageOf !== "same") return { kind: packageOf };
  const [versionId, version, tag, state] = await awaitEngineRecord(
    what,
    Promise.all([known(args.versionId), known(args.version), known(args.tag), known(args.state)]),
    on,
  );
  if (!versionId.known || !version.known || !tag.known || !state.known) return { kind: "unknown" };
  const declaredState = state.value ?? "present";
  if (versionId.value !== undefined) {
    return { kind: "version", version: versions.find((v) => v.versionId === versionId.value), declaredState };
  }
  const recorded = await awaitEngineRecord(what, declaration.recorded());
  const adopted = recorded.known && recorded.value !== undefined ? versions.find((v) => v.versionId === recorded.value) : undefined;
  const selected =
    adopted ??
    (version.value !== undefined ? versions.find((v) => v.name === version.value) : undefined) ??
    (tag.value !== undefined ? versions.find((v) => (v.tags ?? []).includes(tag.value!)) : undefined);
  return { kind: "version", version: selected, declaredState };
}

/** Whether a declaration's package is the one of `key`, once its coordinates are known ("unknown" at a preview that does not know them). */
async function declaredPackageOf(
  declaration: ExplicitDeclaration,
  key: string,
  what: string,
  on: readonly string[],
): Promise<"unknown" | "other-package" | "same"> {
  const { args } = declaration;
  const [org, user, packageType, packageName, baseUrl] = await awaitEngineRecord(
    what,
    Promise.all([known(args.org), known(args.user), known(args.packageType), known(args.packageName), known(args.baseUrl)]),
    on,
  );
  if (!org.known || !user.known || !packageType.known || !packageName.known || !baseUrl.known) return "unknown";
  if (packageType.value === undefined || packageName.value === undefined) return "other-package";
  // No owner or two: the declaration's own check refuses it; it selects nothing here.
  if ((org.value === undefined) === (user.value === undefined)) return "other-package";
  const coordinates = coordinatesOf({
    ...(org.value !== undefined ? { org: org.value } : {}),
    ...(user.value !== undefined ? { user: user.value } : {}),
    packageType: packageType.value,
    packageName: packageName.value,
  });
  return ownedPackageKey(coordinates, baseUrl.value) === key ? "same" : "other-package";
}

/** A late declaration: fails the program when it selects a version the policy already declared as a child. */
async function checkLateDeclaration(declaration: ExplicitDeclaration, policy: PolicyEntry, claim: PolicyClaim): Promise<void> {
  const selection = await declaredSelectionOf(declaration, policy.key, claim.versions);
  if (selection.kind !== "version" || selection.version === undefined) return;
  const { versionId, name } = selection.version;
  const child = (await claim.children).get(versionId);
  if (child === undefined) return;
  throw new LateVersionDeclarationError(
    declaration.resourceName,
    policy.name,
    child,
    `${selectorLabel({ versionId, name })} of ${packageLabel(policy.coordinates)}`,
  );
}

/**
 * Records a PackageVersion the program declared itself. Called by PackageVersion for every
 * resource that is not a policy's child. A policy that has already planned checks it: when it
 * selects one of that policy's children, the program fails (an unhandled rejection, as a failed
 * policy plan does), at preview when its inputs are known then.
 */
export function registerExplicitVersion(
  resourceName: string,
  args: PackageVersionArgs,
  versionId: pulumi.Output<number>,
  urn: pulumi.Output<string>,
): void {
  let recorded: Promise<Known<number | undefined>> | undefined;
  const declaration: ExplicitDeclaration = {
    resourceName,
    args,
    recorded: () =>
      (recorded ??= Promise.race([
        known(versionId),
        known(urn).then((u) =>
          u.known && u.value !== undefined
            ? recordedVersionIdFromHook(u.value).then((value) => ({ known: true as const, value }))
            : new Promise<never>(() => undefined),
        ),
      ])),
  };
  const { explicitDeclarations, policies } = runOwners();
  explicitDeclarations.push(declaration);
  for (const policy of policies) {
    // Tracked by the write gate: a late declaration refuses the run before its first write.
    if (policy.claim !== undefined) void holdWritesUntil(checkLateDeclaration(declaration, policy, policy.claim));
  }
}

/** Whether a resource is a retention policy (its PackageVersion children do not register as explicit). */
export function isRetentionPolicy(resource: unknown): boolean {
  return typeof resource === "object" && resource !== null && policyResources.has(resource);
}

/** A policy's side of the registry. */
export interface PolicyOwnership {
  /**
   * Once the listing is in: the listed versions that PackageVersions declared so far select,
   * with their owners. Declarations made from now on are checked against this policy's children
   * (see registerExplicitVersion). `onUnknown` hears of declarations whose inputs are not known
   * yet (at preview, Outputs of resources still to be created): they are planned as not selecting
   * any of the policy's versions.
   */
  managedElsewhere(
    versions: readonly PackageVersionInfo[],
    onUnknown: (resourceName: string) => void,
  ): Promise<ReadonlyMap<number, ManagedElsewhere>>;
  /** The versions the policy declared children for (empty when its plan failed). */
  declared(children: ReadonlyMap<number, string>): void;
}

/**
 * Registers a retention policy over a package, before it declares anything. Throws an
 * OverlappingPoliciesError when another policy of the program covers the same package (owner
 * case-insensitively, type, name, API base URL).
 */
export function registerRetentionPolicy(name: string, coordinates: PackageCoordinates, baseUrl: string | undefined): PolicyOwnership {
  const key = ownedPackageKey(coordinates, baseUrl);
  const { explicitDeclarations, policies } = runOwners();
  const other = policies.find((p) => p.key === key);
  if (other !== undefined) throw new OverlappingPoliciesError(other.name, name, packageLabel(coordinates));
  const entry: PolicyEntry = { name, key, coordinates };
  policies.push(entry);
  let settle: (children: ReadonlyMap<number, string>) => void = () => undefined;
  return {
    async managedElsewhere(versions, onUnknown) {
      // One synchronous step: the declarations seen here, and the claim later ones are checked against.
      const seen = [...explicitDeclarations];
      entry.claim = { versions, children: new Promise((resolve) => (settle = resolve)) };
      const owners = new Map<number, ManagedElsewhere>();
      for (const declaration of seen) {
        const selection = await declaredSelectionOf(declaration, key, versions);
        if (selection.kind === "unknown") onUnknown(declaration.resourceName);
        if (selection.kind !== "version" || selection.version === undefined) continue;
        if (!owners.has(selection.version.versionId)) {
          owners.set(selection.version.versionId, { resourceName: declaration.resourceName, declaredState: selection.declaredState });
        }
      }
      return owners;
    },
    declared: (children) => settle(children),
  };
}

/** Marks a constructed policy component, so that PackageVersions parented to it are its children. */
export function markRetentionPolicy(resource: pulumi.Resource): void {
  policyResources.add(resource);
}

/** Forgets every declaration and policy: for tests that run several programs in one process. */
export function resetVersionOwners(): void {
  resetRunScoped(VERSION_OWNERS);
}
