/**
 * The PackageVersion provider's implementation. The serialized provider object
 * (package-version-provider.ts) requires this module inside each method, so the code here is
 * loaded at run time in the provider process and never copied into Pulumi state.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { PackageVersionError } from "../core/errors";
import { gitHubClient } from "../github/client";
import { readConfiguredSettings, resolveSettings, type ConfiguredGitHubSettings } from "../core/settings";
import { notFoundError, reportedFailure, type FailureContext } from "../github/error-translation";
import { classifyGitHubFailure } from "../github/failure-class";
import { validatePackageVersionInputs, withDefaults } from "./validation";
import { coordinatesOf, packagePath, replacedCoordinates } from "../core/package-coordinates";
import { findListedActive, observeListed, recordObservation } from "./listed-observation";
import { forgetListings, packageListing, type PackageListing } from "../github/package-listing";
import { tokenLoginDetails } from "../github/token-login";
import type { GitHubClient } from "../github/client";
import type { GitHubPackageVersion, PackageVersionsApi } from "../github/versions-api";
import { selectorOf } from "./selector";
import type {
  PackageAddress,
  PackageCoordinates,
  PackageVersionInputs,
  PackageVersionOutputs,
  VersionSelector,
} from "../core/package-version-types";
import type { VersionState } from "../core/package-types";
import { findDeleted, observeActive, observeVersion, type VersionObservation } from "./observation";
import { declaration, observedInputs, restorableUntil, versionOutputs } from "./outputs";
import { EngineGoneError, engineWatch } from "../core/engine-liveness";

/** Stack configuration, set once per provider process by `configure`. */
let configured: ConfiguredGitHubSettings = {};

/** A deployment starts: its settings, and listings of its own (see provider/github/package-listing.ts). */
export async function configure(request: dynamic.ConfigureRequest): Promise<void> {
  configured = readConfiguredSettings(request.config);
  forgetListings();
  // In the provider process the engine started: from now on, the process ends once the engine is gone.
  engineWatch();
}

/** "org/acme/container/api/1001": owner kind and name, package, version id. */
function resourceId(coordinates: PackageCoordinates, versionId: number | string): string {
  return `${packagePath(coordinates)}/${versionId}`;
}

/** The stack configuration this provider process was configured with (the plan-writes provider shares it). */
export function configuredSettings(): ConfiguredGitHubSettings {
  return configured;
}

interface Session {
  client: GitHubClient;
  api: PackageVersionsApi;
  /** The deployment's listing of the package, shared by every resource. */
  listing: PackageListing;
  context: FailureContext;
}

function session(coordinates: PackageCoordinates, selector: VersionSelector, baseUrl: string | undefined): Session {
  const settings = resolveSettings(configured, { coordinates, selector, baseUrl });
  const client = gitHubClient(settings);
  const listing = packageListing(client, coordinates);
  return { client, api: listing.api, listing, context: { action: "read", coordinates, selector } };
}

/** What went wrong when the version could not be observed again, to add to the write's own error. */
function unobservable(error: unknown): string {
  return `it could not be observed (${error instanceof Error ? error.message : String(error)})`;
}

/**
 * Sends a write, then observes the version again whatever the write's answer was: the write's
 * failure (undefined when it succeeded) and what was seen. When the version cannot be observed,
 * the write's own failure is reported, with why.
 */
async function writeThenObserve<Seen>(
  write: () => Promise<unknown>,
  observe: () => Promise<Seen>,
  writeContext: FailureContext,
): Promise<{ failure: unknown; after: Seen }> {
  let failure: unknown;
  try {
    await write();
  } catch (error) {
    // Not sent, and no run will record anything more: nothing to observe.
    if (error instanceof EngineGoneError) throw error;
    failure = error;
  }
  return { failure, after: await observeAfterWrite(failure, observe, writeContext) };
}

/** Observes the version after a write; when it cannot be, a failed write is reported with why. */
async function observeAfterWrite<Seen>(failure: unknown, observe: () => Promise<Seen>, writeContext: FailureContext): Promise<Seen> {
  try {
    return await observe();
  } catch (error) {
    if (failure === undefined) throw error;
    throw reportedFailure(failure, { ...writeContext, observedAfter: unobservable(error) });
  }
}

/**
 * Deletes the version. A 204 proves it deleted at the time GitHub answered: the listing and the
 * outputs say so, with no request more. A failed DELETE (a lost answer retried into a 404, a
 * 5xx, a refusal) is followed by observing the version again, and is reported as a failure only
 * when the version is still active afterwards. `version` is the listed version, or only its id
 * and name when the caller did not list it here (a retention plan's writes).
 */
async function deleteVersion(
  { api, listing, context }: Session,
  version: GitHubPackageVersion | { id: number; name: string },
): Promise<VersionObservation> {
  const { id: versionId, name } = version;
  const writeContext: FailureContext = { ...context, action: "delete", selector: { versionId, name } };
  let failure: unknown;
  try {
    const deletedAt = await api.delete(versionId);
    if (!("url" in version)) return { kind: "deleted", version: { id: versionId, name, deleted_at: deletedAt } as GitHubPackageVersion };
    // As GitHub lists a deleted version: deleted_at set, no page of its own.
    const { html_url: _page, ...rest } = version;
    const deleted: GitHubPackageVersion = { ...rest, deleted_at: deletedAt };
    listing.recordDeleted(deleted);
    return { kind: "deleted", version: deleted };
  } catch (error) {
    if (error instanceof EngineGoneError) throw error;
    failure = error;
  }
  const after = await observeAfterWrite(failure, () => observeVersion(api, { versionId }, writeContext), writeContext);
  recordObservation(listing, versionId, after);
  if (after.kind !== "active") return after;
  const contradicts = classifyGitHubFailure(failure) === "version-not-found";
  throw reportedFailure(failure, {
    ...writeContext,
    observedAfter: "it is still active",
    ...(contradicts ? { reason: "unexpected-answer" as const } : {}),
  });
}

/** What is known about a version before restoring it (from a listing, or the state recorded at the last run). */
interface RestoreTarget {
  versionId: number;
  name?: string | undefined;
  deletedAt?: string | undefined;
  /** The create of a version no run has seen: a version that is nowhere was never adopted. */
  adopting: boolean;
}

/**
 * Restores the version and confirms it with one GET. It never lists deleted versions first, so a
 * token with read:packages and write:packages restores a version whose id is known. A failed
 * restore (a lost answer retried into a 404, a refusal) is reported as a failure only when the
 * version is not active afterwards, and then with the reason that is true.
 */
async function restoreVersion(session: Session, target: RestoreTarget): Promise<VersionObservation> {
  const writeContext = restoreContext(session, target);
  const { failure, after } = await writeThenObserve(
    () => session.api.restore(target.versionId),
    () => observeActive(session.api, target.versionId, writeContext),
    writeContext,
  );
  return afterRestore(session, target, writeContext, failure, after);
}

/**
 * A retention plan's restore, at the floor: one POST, and its 204 proves the version active at
 * the time GitHub answered (as a DELETE's 204 proves a deletion), with no GET to confirm it. A
 * failed POST (a dropped answer retried into a 404, a 5xx, a refusal) is observed again and
 * reported as restoreVersion's is: a failure only when the version is not active afterwards.
 */
async function restorePlannedVersion(session: Session, target: RestoreTarget): Promise<VersionState> {
  const writeContext = restoreContext(session, target);
  let failure: unknown;
  try {
    await session.api.restore(target.versionId);
    return "present";
  } catch (error) {
    if (error instanceof EngineGoneError) throw error;
    failure = error;
  }
  const after = await observeAfterWrite(failure, () => observeActive(session.api, target.versionId, writeContext), writeContext);
  const observed = await afterRestore(session, target, writeContext, failure, after);
  return observed.kind === "active" ? "present" : "deleted";
}

function restoreContext({ context }: Session, { versionId, name, deletedAt }: RestoreTarget): FailureContext {
  return {
    ...context,
    action: "restore",
    selector: { versionId, ...(name !== undefined ? { name } : {}) },
    ...(deletedAt !== undefined ? { deletedAt } : {}),
  };
}

/** What a restore left, once the version was observed after it: active, or why not. */
async function afterRestore(
  { api, listing }: Session,
  target: RestoreTarget,
  writeContext: FailureContext,
  failure: unknown,
  after: Awaited<ReturnType<typeof observeActive>>,
): Promise<VersionObservation> {
  if (after.kind === "active") {
    listing.recordActive(after.version);
    return after;
  }
  if (failure === undefined) {
    const observed = await observeVersion(api, { versionId: target.versionId }, writeContext);
    recordObservation(listing, target.versionId, observed);
    return observed;
  }
  return explainFailedRestore(api, failure, writeContext, target);
}

/**
 * A restore failed and the version is not active: find out what is true (still deleted and
 * restorable, past its restore window, never there) from the list of deleted versions when the
 * token may read it, and report the failure with that.
 */
async function explainFailedRestore(
  api: PackageVersionsApi,
  failure: unknown,
  writeContext: FailureContext,
  target: RestoreTarget,
): Promise<never> {
  const notFound = classifyGitHubFailure(failure) === "version-not-found";
  let deleted: VersionObservation | undefined;
  try {
    deleted = await findDeleted(api, { versionId: target.versionId }, writeContext);
  } catch (error) {
    if (!(error instanceof PackageVersionError) || error.reason !== "missing-scopes") throw error;
    deleted = undefined; // without delete:packages the deleted versions cannot be listed
  }
  if (deleted?.kind === "deleted") {
    const deletedOn = deleted.version.deleted_at ?? target.deletedAt;
    const stillDeleted = `it is still deleted${deletedOn !== undefined ? ` and restorable until ${restorableUntil(deletedOn)}` : ""}`;
    throw reportedFailure(failure, {
      ...writeContext,
      selector: { versionId: target.versionId, name: deleted.version.name },
      ...(deletedOn !== undefined ? { deletedAt: deletedOn } : {}),
      ...(notFound
        ? { reason: "unexpected-answer" as const, observedAfter: `${stillDeleted}, so its restore window has not passed` }
        : { observedAfter: stillDeleted }),
    });
  }
  if (deleted?.kind === "gone" && deleted.packageMissing) {
    throw notFoundError("Package not found.", writeContext);
  }
  if (!notFound) throw reportedFailure(failure, { ...writeContext, observedAfter: "it is not active" });
  if (target.deletedAt !== undefined) {
    // Deleted before and now not restorable: its 30 days are over (GitHub purged it).
    throw reportedFailure(failure, {
      ...writeContext,
      reason: "restore-window-passed",
      observedAfter: deleted === undefined ? "it is not active" : "it is not active, and GitHub no longer lists it as deleted",
    });
  }
  const observedAfter =
    deleted === undefined
      ? "it is not active; telling whether it was deleted more than 30 days ago or never existed needs the list of deleted versions, which GitHub shows only to a token with delete:packages"
      : "it is neither active nor among the versions deleted in the last 30 days";
  throw reportedFailure(failure, {
    ...writeContext,
    action: target.adopting ? "adopt" : "restore",
    reason: "version-not-found",
    observedAfter,
  });
}

/** Outputs of a version declared deleted that GitHub no longer has at all. */
function goneOutputs(inputs: PackageVersionInputs): PackageVersionOutputs {
  return {
    ...declaration(inputs),
    ...(inputs.versionId !== undefined ? { versionId: inputs.versionId } : {}),
    state: "deleted",
  } satisfies PackageVersionOutputs;
}

/** What the deployment's listing says about the version a resource recorded (read and delete). */
async function observeRecorded(
  props: PackageVersionOutputs & { versionId: number },
): Promise<{ current: Session; observed: VersionObservation }> {
  const current = session(coordinatesOf(props), { versionId: props.versionId }, props.baseUrl);
  return { current, observed: await observeListed(current.listing, { versionId: props.versionId }, current.context) };
}

/** The version's outputs once it was written, or the truth when it is gone after all. */
function outputsAfter(
  inputs: PackageVersionInputs,
  after: VersionObservation,
  versionId: number,
  name: string | undefined,
): PackageVersionOutputs {
  if (after.kind === "gone")
    return { ...goneOutputs(inputs), versionId, ...(name !== undefined ? { name } : {}) } satisfies PackageVersionOutputs;
  return versionOutputs(inputs, after.kind === "active" ? "present" : "deleted", after.version);
}

/**
 * Whether the version was already seen deleted: recorded so at the last run (an update), or
 * observed so by the program in this run (a retention policy's child, `observedState`), which
 * listed the package with the same settings.
 */
function seenDeleted(inputs: PackageVersionInputs, previous: PackageVersionOutputs | undefined): boolean {
  return previous?.state === "deleted" || previous?.deletedAt !== undefined || inputs.observedState === "deleted";
}

/**
 * A version declared deleted whose package answers 404: GitHub says so both when there is no such
 * package and when the token may not see it (another org's token, a typo in the owner or package
 * name), so the version is not recorded as deleted. The error names both causes and the token's
 * user (one GET /user), and nothing is written.
 */
async function invisiblePackageError(current: Session, selector: VersionSelector): Promise<PackageVersionError> {
  return new PackageVersionError({
    reason: "package-not-found",
    action: "delete",
    coordinates: current.context.coordinates,
    selector,
    githubMessage: "Package not found.",
    status: 404,
    declaredDeleted: true,
    ...(await tokenLoginDetails(current.client)),
  });
}

/** A version nowhere on GitHub, declared present: say why it cannot be adopted or restored. */
function goneFailure(current: Session, observed: { packageMissing: boolean }, previous?: PackageVersionOutputs): never {
  if (previous?.deletedAt !== undefined && previous.versionId !== undefined) {
    // Recorded as deleted, now purged: its restore window has passed.
    throw new PackageVersionError({
      reason: "restore-window-passed",
      action: "restore",
      coordinates: current.context.coordinates,
      selector: { versionId: previous.versionId, ...(previous.name !== undefined ? { name: previous.name } : {}) },
      deletedAt: previous.deletedAt,
    });
  }
  const message = observed.packageMissing ? "Package not found." : "Package version not found.";
  throw notFoundError(message, { ...current.context, action: "adopt" });
}

/**
 * Makes GitHub match the declaration and reports what it then is. Only a declaration of
 * state "deleted" ever leads to a DELETE: a version declared present is never deleted here.
 */
async function reconcile(
  inputs: PackageVersionInputs,
  selector: VersionSelector,
  previous?: PackageVersionOutputs,
): Promise<PackageVersionOutputs> {
  const desired = inputs.state ?? "present";
  const current = session(coordinatesOf(inputs), selector, inputs.baseUrl);

  if (desired === "present" && selector.versionId !== undefined)
    return reconcilePresentById(inputs, current, selector, selector.versionId, previous);

  const observed: VersionObservation = await observeListed(current.listing, selector, current.context);
  if (observed.kind === "gone") {
    if (desired !== "deleted") return goneFailure(current, observed, previous);
    // A package that answers 404 may exist all the same, out of the token's sight: its versions are
    // not known to be deleted, unless they were seen deleted before.
    if (observed.packageMissing && !seenDeleted(inputs, previous)) throw await invisiblePackageError(current, selector);
    return goneOutputs(inputs);
  }
  const { id, name } = observed.version;
  let after: VersionObservation;
  if (desired === "present" && observed.kind === "deleted") {
    after = await restoreVersion(current, {
      versionId: id,
      name,
      deletedAt: observed.version.deleted_at ?? undefined,
      adopting: previous === undefined,
    });
  } else if (desired === "deleted" && observed.kind === "active") {
    after = await deleteVersion(current, observed.version);
  } else {
    return versionOutputs(inputs, desired, observed.version);
  }
  return outputsAfter(inputs, after, id, name);
}

/**
 * reconcile for a version declared present by id: the active listing, else one GET, and if it is
 * not active, the restore itself (no deleted listing, which would need delete:packages).
 */
async function reconcilePresentById(
  inputs: PackageVersionInputs,
  current: Session,
  selector: VersionSelector,
  versionId: number,
  previous: PackageVersionOutputs | undefined,
): Promise<PackageVersionOutputs> {
  const listed = await findListedActive(current.listing, selector, current.context);
  if (listed !== undefined) return versionOutputs(inputs, "present", listed);
  const seen = await observeActive(current.api, versionId, current.context);
  if (seen.kind === "active") {
    current.listing.recordActive(seen.version);
    return versionOutputs(inputs, "present", seen.version);
  }
  if (seen.kind === "gone") return goneFailure(current, seen, previous);
  const recorded = previous?.versionId === versionId ? previous : undefined;
  const after = await restoreVersion(current, {
    versionId,
    name: recorded?.name,
    deletedAt: recorded?.deletedAt,
    adopting: previous === undefined,
  });
  return outputsAfter(inputs, after, versionId, recorded?.name);
}

export async function check(_olds: PackageVersionInputs, news: PackageVersionInputs): Promise<dynamic.CheckResult<PackageVersionInputs>> {
  const failures = validatePackageVersionInputs(news as unknown as Record<string, unknown>);
  return (
    failures.length > 0 ? { inputs: news, failures } : { inputs: withDefaults(news) }
  ) satisfies dynamic.CheckResult<PackageVersionInputs>;
}

/** displayName and displayTags are display-only inputs: deliberately not compared, so they never cause a change. */
export async function diff(_id: string, olds: PackageVersionOutputs, news: PackageVersionInputs): Promise<dynamic.DiffResult> {
  const replaces = replacedCoordinates(olds, news);
  if (news.versionId !== undefined && news.versionId !== olds.versionId) replaces.push("versionId");
  if (news.version !== undefined && news.version !== olds.version && news.version !== olds.name) replaces.push("version");
  if (news.tag !== undefined && news.tag !== olds.tag) replaces.push("tag");
  const drifted = news.observedState !== undefined && news.observedState !== olds.state;
  const changes = replaces.length > 0 || drifted || olds.state !== (news.state ?? "present") || olds.baseUrl !== news.baseUrl;
  return { changes, replaces, deleteBeforeReplace: false } satisfies dynamic.DiffResult;
}

export async function create(inputs: PackageVersionInputs): Promise<dynamic.CreateResult<PackageVersionOutputs>> {
  const outs = await reconcile(inputs, selectorOf(inputs));
  // A version declared deleted that GitHub no longer has is identified by its selector.
  const idPart = outs.versionId ?? Object.entries(selectorOf(inputs))[0]?.join("=") ?? "unknown";
  return { id: resourceId(coordinatesOf(inputs), idPart), outs } satisfies dynamic.CreateResult<PackageVersionOutputs>;
}

export async function read(id: string, props?: PackageVersionOutputs): Promise<dynamic.ReadResult<PackageVersionOutputs>> {
  if (props?.versionId === undefined) return {};
  const { observed } = await observeRecorded({ ...props, versionId: props.versionId });
  if (observed.kind === "gone") return {};
  const outputs = versionOutputs(props, observed.kind === "active" ? "present" : "deleted", observed.version);
  // The SDK types ReadResult.inputs as the outputs type; the engine takes them as inputs.
  const inputs = observedInputs(outputs) as PackageVersionOutputs;
  return { id, props: outputs, inputs } satisfies dynamic.ReadResult<PackageVersionOutputs>;
}

export async function update(
  _id: string,
  olds: PackageVersionOutputs,
  news: PackageVersionInputs,
): Promise<dynamic.UpdateResult<PackageVersionOutputs>> {
  const selector = olds.versionId !== undefined ? { versionId: olds.versionId } : selectorOf(news);
  return { outs: await reconcile(news, selector, olds) } satisfies dynamic.UpdateResult<PackageVersionOutputs>;
}

/** The declaration left the program (or `pulumi destroy`): delete the version if it is active. */
export async function deleteResource(_id: string, props: PackageVersionOutputs): Promise<void> {
  if (props.versionId === undefined) return;
  const { current, observed } = await observeRecorded({ ...props, versionId: props.versionId });
  if (observed.kind === "active") await deleteVersion(current, observed.version);
}

/** One version a retention plan writes, as the program listed it. */
export interface PlannedVersionWrite {
  versionId: number;
  name: string;
  /** When it was deleted, for a restore (from the program's listing). */
  deletedAt?: string | undefined;
}

/**
 * A retention plan's write of one version, by id and without listing the package here (the
 * program listed it): one DELETE, or one POST restore; a failed write is
 * observed again and reported only when the version is not as planned afterwards. What the
 * version is then: "deleted" (deleted, or gone altogether) or "present".
 */
export async function writePlannedVersion(
  address: PackageAddress,
  write: PlannedVersionWrite,
  desired: VersionState,
): Promise<VersionState> {
  const current = session(coordinatesOf(address), { versionId: write.versionId }, address.baseUrl);
  if (desired === "deleted") {
    const after = await deleteVersion(current, { id: write.versionId, name: write.name });
    return after.kind === "active" ? "present" : "deleted";
  }
  return restorePlannedVersion(current, { versionId: write.versionId, name: write.name, deletedAt: write.deletedAt, adopting: false });
}
