/**
 * The PackageVersion provider's implementation. The serialized provider object
 * (package-version-provider.ts) requires this module inside each method, so the code here is
 * loaded at run time in the provider process and never copied into Pulumi state.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { PackageVersionError } from "./errors";
import { gitHubClient } from "./github-client";
import { readConfiguredSettings, resolveSettings, type ConfiguredGitHubSettings } from "./github-settings";
import { translateGitHubFailure, statusOf, type FailureContext } from "./github-error-translation";
import { validatePackageVersionInputs, withDefaults } from "./input-validation";
import { coordinatesOf } from "./package-coordinates";
import { PackageVersionsApi } from "./package-versions-api";
import type { PackageCoordinates, PackageVersionInputs, PackageVersionOutputs, VersionSelector } from "./package-version-types";
import { observeVersion, type VersionObservation } from "./version-observation";
import { declaration, observedInputs, versionOutputs } from "./version-outputs";

/** Stack configuration, set once per provider process by `configure`. */
let configured: ConfiguredGitHubSettings = {};

export async function configure(request: dynamic.ConfigureRequest): Promise<void> {
  configured = readConfiguredSettings(request.config);
}

function selectorOf(inputs: PackageVersionInputs): VersionSelector {
  if (inputs.versionId !== undefined) return { versionId: inputs.versionId };
  if (inputs.version !== undefined) return { version: inputs.version };
  return inputs.tag !== undefined ? { tag: inputs.tag } : {};
}

/** "org/acme/container/api/1001": owner kind and name, package, version id. */
function resourceId(coordinates: PackageCoordinates, versionId: number | string): string {
  const owner = coordinates.org !== undefined ? `org/${coordinates.org}` : `user/${coordinates.user ?? ""}`;
  return `${owner}/${coordinates.packageType}/${coordinates.packageName}/${versionId}`;
}

interface Session {
  api: PackageVersionsApi;
  context: FailureContext;
}

function session(coordinates: PackageCoordinates, selector: VersionSelector, baseUrl: string | undefined): Session {
  const settings = resolveSettings(configured, { coordinates, selector, baseUrl });
  return {
    api: new PackageVersionsApi(gitHubClient(settings), coordinates),
    context: { action: "read", coordinates, selector },
  };
}

async function deleteVersion({ api, context }: Session, versionId: number, name: string): Promise<void> {
  try {
    await api.delete(versionId);
  } catch (error) {
    // A retried DELETE whose first attempt went through answers 404: the version is deleted.
    if (statusOf(error) === 404) return;
    translateGitHubFailure(error, { ...context, action: "delete", selector: { versionId, name } });
  }
}

async function restoreVersion({ api, context }: Session, versionId: number, name: string, deletedAt?: string): Promise<void> {
  try {
    await api.restore(versionId);
  } catch (error) {
    translateGitHubFailure(error, {
      ...context,
      action: "restore",
      selector: { versionId, name },
      ...(deletedAt !== undefined ? { deletedAt } : {}),
    });
  }
}

/** Outputs of a version declared deleted that GitHub no longer has at all. */
function goneOutputs(inputs: PackageVersionInputs): PackageVersionOutputs {
  return {
    ...declaration(inputs),
    ...(inputs.versionId !== undefined ? { versionId: inputs.versionId } : {}),
    state: "deleted",
  } satisfies PackageVersionOutputs;
}

/** What GitHub says now about the version a resource recorded (read and delete). */
async function observeRecorded(props: PackageVersionOutputs & { versionId: number }): Promise<{ current: Session; observed: VersionObservation }> {
  const current = session(coordinatesOf(props), { versionId: props.versionId }, props.baseUrl);
  return { current, observed: await observeVersion(current.api, { versionId: props.versionId }, current.context) };
}

/**
 * Makes GitHub match the declaration and reports what it then is. Only a declaration of
 * state "deleted" ever leads to a DELETE: a version declared present is never deleted here.
 */
async function reconcile(inputs: PackageVersionInputs, selector: VersionSelector, previous?: PackageVersionOutputs): Promise<PackageVersionOutputs> {
  const desired = inputs.state ?? "present";
  const current = session(coordinatesOf(inputs), selector, inputs.baseUrl);
  const observed: VersionObservation = await observeVersion(current.api, selector, current.context);

  if (observed.kind === "gone") {
    if (desired === "deleted") return goneOutputs(inputs);
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
    return translateGitHubFailure({ status: 404, response: { data: { message } } }, { ...current.context, action: "adopt" });
  }

  const { id, name } = observed.version;
  if (desired === "present" && observed.kind === "deleted") {
    await restoreVersion(current, id, name, observed.version.deleted_at ?? undefined);
  } else if (desired === "deleted" && observed.kind === "active") {
    await deleteVersion(current, id, name);
  } else {
    return versionOutputs(inputs, desired, observed.version);
  }
  const after = await observeVersion(current.api, { versionId: id }, current.context);
  if (after.kind === "gone") return { ...goneOutputs(inputs), versionId: id, name };
  return versionOutputs(inputs, after.kind === "active" ? "present" : "deleted", after.version);
}

export async function check(_olds: PackageVersionInputs, news: PackageVersionInputs): Promise<dynamic.CheckResult<PackageVersionInputs>> {
  const failures = validatePackageVersionInputs(news as unknown as Record<string, unknown>);
  return (failures.length > 0 ? { inputs: news, failures } : { inputs: withDefaults(news) }) satisfies dynamic.CheckResult<PackageVersionInputs>;
}

const sameOwnerName = (a: string | undefined, b: string | undefined) => a?.toLowerCase() === b?.toLowerCase();

export async function diff(_id: string, olds: PackageVersionOutputs, news: PackageVersionInputs): Promise<dynamic.DiffResult> {
  const replaces: string[] = [];
  if (!sameOwnerName(olds.org, news.org)) replaces.push("org");
  if (!sameOwnerName(olds.user, news.user)) replaces.push("user");
  if (olds.packageType !== news.packageType) replaces.push("packageType");
  if (olds.packageName !== news.packageName) replaces.push("packageName");
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

export async function update(_id: string, olds: PackageVersionOutputs, news: PackageVersionInputs): Promise<dynamic.UpdateResult<PackageVersionOutputs>> {
  const selector = olds.versionId !== undefined ? { versionId: olds.versionId } : selectorOf(news);
  return { outs: await reconcile(news, selector, olds) } satisfies dynamic.UpdateResult<PackageVersionOutputs>;
}

/** The declaration left the program (or `pulumi destroy`): delete the version if it is active. */
export async function deleteResource(_id: string, props: PackageVersionOutputs): Promise<void> {
  if (props.versionId === undefined) return;
  const { current, observed } = await observeRecorded({ ...props, versionId: props.versionId });
  if (observed.kind === "active") await deleteVersion(current, observed.version.id, observed.version.name);
}
