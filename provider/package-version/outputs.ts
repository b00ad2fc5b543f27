import { isPackageType, type VersionState } from "../core/package-types";
import type { GitHubPackageVersion } from "../github/versions-api";
import { coordinatesOf } from "../core/package-coordinates";
import type {
  PackageAddress,
  PackageVersionInfo,
  PackageVersionInputs,
  PackageVersionMetadata,
  PackageVersionOutputs,
  RecordedVersionInfo,
} from "../core/package-version-types";
import { restorableUntilMs } from "../core/restore-window";
import { tagsOf } from "./observation";

/** Deletion time plus the 30-day restore window, as an ISO date-time. */
export function restorableUntil(deletedAt: string): string {
  // Second precision, as GitHub writes its timestamps.
  return new Date(restorableUntilMs(Date.parse(deletedAt))).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function metadataOf(version: GitHubPackageVersion): PackageVersionMetadata | undefined {
  const metadata = version.metadata;
  if (metadata === undefined || !isPackageType(metadata.package_type)) return undefined;
  return {
    packageType: metadata.package_type,
    ...(metadata.container !== undefined ? { container: { tags: [...metadata.container.tags] } } : {}),
    ...(metadata.docker !== undefined ? { docker: { tag: [...(metadata.docker.tag ?? [])] } } : {}),
  };
}

/**
 * The declaration as written (owner, package, name or tag selector, override, display-only
 * inputs), without the state. The display inputs are recorded so that a refresh gives them back
 * among the inputs and shows no change; the diff never compares them.
 */
export function declaration(
  source: PackageAddress & Pick<PackageVersionInputs, "version" | "tag" | "baseUrl" | "displayName" | "displayTags">,
) {
  return {
    ...coordinatesOf(source),
    ...(source.version !== undefined ? { version: source.version } : {}),
    ...(source.tag !== undefined ? { tag: source.tag } : {}),
    ...(source.baseUrl !== undefined ? { baseUrl: source.baseUrl } : {}),
    ...(source.displayName !== undefined ? { displayName: source.displayName } : {}),
    ...(source.displayTags !== undefined ? { displayTags: [...source.displayTags] } : {}),
  };
}

/** Container and docker tags; undefined for registries without tags. */
function tagsIn(version: GitHubPackageVersion): string[] | undefined {
  const metadata = metadataOf(version);
  return metadata !== undefined && (metadata.container !== undefined || metadata.docker !== undefined) ? [...tagsOf(version)] : undefined;
}

/** The deletion time, for a version observed deleted. */
function deletedAtOf(state: VersionState, version: GitHubPackageVersion): string | undefined {
  return state === "deleted" ? (version.deleted_at ?? undefined) : undefined;
}

/** A version as GitHub reports it (a look-up's result), with its state. */
export function reportedVersion(state: VersionState, version: GitHubPackageVersion): PackageVersionInfo {
  const metadata = metadataOf(version);
  const deletedAt = deletedAtOf(state, version);
  const tags = tagsIn(version);
  return {
    versionId: version.id,
    state,
    name: version.name,
    url: version.url,
    packageHtmlUrl: version.package_html_url,
    ...(version.html_url ? { htmlUrl: version.html_url } : {}),
    ...(version.license ? { license: version.license } : {}),
    ...(version.description ? { description: version.description } : {}),
    createdAt: version.created_at,
    updatedAt: version.updated_at,
    ...(deletedAt !== undefined ? { deletedAt, restorableUntil: restorableUntil(deletedAt) } : {}),
    ...(metadata !== undefined ? { metadata } : {}),
    ...(tags !== undefined ? { tags } : {}),
  } satisfies PackageVersionInfo;
}

/** The part of a version a PackageVersion records (see RecordedVersionInfo). */
export function recordedVersion(state: VersionState, version: GitHubPackageVersion): RecordedVersionInfo {
  const deletedAt = deletedAtOf(state, version);
  const tags = tagsIn(version);
  return {
    versionId: version.id,
    name: version.name,
    ...(deletedAt !== undefined ? { deletedAt, restorableUntil: restorableUntil(deletedAt) } : {}),
    ...(tags !== undefined ? { tags } : {}),
  } satisfies RecordedVersionInfo;
}

/**
 * The resource's outputs: the declaration, the observed state, and the recorded part of what
 * GitHub reports. A resource declared with `observedState` (a retention policy's child) also
 * records it, as the state just observed, so that a refresh gives it back among the inputs.
 */
export function versionOutputs(inputs: PackageVersionInputs, state: VersionState, version: GitHubPackageVersion): PackageVersionOutputs {
  return {
    ...declaration(inputs),
    state,
    ...recordedVersion(state, version),
    ...(inputs.observedState !== undefined ? { observedState: state } : {}),
  } satisfies PackageVersionOutputs;
}

/**
 * The inputs a refresh records: the declaration with the observed state, and the selector the
 * program used (a version found by name or tag keeps that selector, not its id). A resource
 * declared with `observedState` keeps it, set to the state seen now: a version unchanged since
 * the program last saw it refreshes with no diff. (Right after a run that deleted or restored a
 * version, its recorded inputs still hold the state the listing saw before that write; the first
 * refresh then shows `observedState` moving to the state after it.)
 */
export function observedInputs(outputs: PackageVersionOutputs): PackageVersionInputs {
  const selectedById = outputs.version === undefined && outputs.tag === undefined;
  return {
    ...declaration(outputs),
    ...(selectedById && outputs.versionId !== undefined ? { versionId: outputs.versionId } : {}),
    state: outputs.state,
    ...(outputs.observedState !== undefined ? { observedState: outputs.state } : {}),
  } satisfies PackageVersionInputs;
}
