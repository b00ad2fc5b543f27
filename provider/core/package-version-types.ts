import type { PackageType, VersionState } from "./package-types";
import type { Inputs } from "./pulumi-inputs";

/**
 * Whose package it is: an organization or a user, never both. Every owner inside the provider has
 * this form; a program writes `org` or `user` (DeclaredOwner), checked once where the inputs
 * arrive and turned into this form by ownerOf (provider/core/package-coordinates.ts).
 */
export type PackageOwner = { org: string; user?: never } | { user: string; org?: never };

/** The owner as a program writes it: `org` (an organization) or `user` (a user); the input checks require exactly one. */
export interface DeclaredOwner {
  /** The organization that owns the package. */
  org?: string;
  /** The user that owns the package. */
  user?: string;
}

/** Where a package lives: its owner, then its registry and name. */
export type PackageCoordinates = PackageOwner & {
  packageType: PackageType;
  packageName: string;
};

/** A package as a program declares it (`org` or `user`, its registry and name) and, optionally, the API that serves it. */
export interface PackageAddress extends DeclaredOwner {
  packageType: PackageType;
  packageName: string;
  /**
   * Overrides `github:baseUrl` for this resource, look-up or policy (and every version a policy
   * manages): GitHub Enterprise Server, the emulator.
   */
  baseUrl?: string;
}

/** Which version of the package: exactly one of the three selectors. */
export interface VersionSelector {
  /** The numeric id GitHub gives the version. */
  versionId?: number;
  /** The version's name: a semver for npm, a `sha256:` digest for container images. */
  version?: string;
  /** A tag of a container or docker version, resolved once when the version is adopted. */
  tag?: string;
}

/** The resolved inputs of a PackageVersion, as the provider receives them. */
export interface PackageVersionInputs extends PackageAddress, VersionSelector {
  /** The declared state: `present` (default) or `deleted`. */
  state?: VersionState;
  /**
   * The state the program itself just saw on GitHub (a retention policy's listing, a look-up).
   * When it differs from the state recorded at the last run, the resource is updated, so
   * drift is repaired without `--refresh`. It never decides what is done: `state` does.
   */
  observedState?: VersionState;
  /**
   * Display only: the version's name, so that `pulumi preview --diff` says which version a line
   * is about (a retention policy's children set it). Never compared by the diff; recorded as
   * declared, so that a refresh gives it back unchanged.
   */
  displayName?: string;
  /** Display only, like displayName: the version's tags when the program listed it. */
  displayTags?: string[];
}

/** Container and docker metadata as GitHub reports it. */
export interface PackageVersionMetadata {
  packageType: PackageType;
  container?: { tags: string[] };
  docker?: { tag: string[] };
}

/** One package version as GitHub reports it: a look-up's result, and what a PackageVersion records of it. */
export interface PackageVersionInfo {
  versionId: number;
  name: string;
  /** `present` (active) or `deleted` (within the 30-day restore window). */
  state: VersionState;
  url: string;
  packageHtmlUrl: string;
  htmlUrl?: string;
  license?: string;
  description?: string;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
  /** Deletion time plus 30 days, for a deleted version. */
  restorableUntil?: string;
  metadata?: PackageVersionMetadata;
  /** Container and docker tags (empty for an untagged image); absent for other registries. */
  tags?: string[];
}

/**
 * The part of PackageVersionInfo a PackageVersion records: what identifies the version and what
 * its state depends on. The rest (URLs, dates, license, description, metadata) is left to the
 * look-ups: every property recorded is carried by the engine for every resource on every run.
 */
export type RecordedVersionInfo = Pick<PackageVersionInfo, "versionId" | "name" | "deletedAt" | "restorableUntil" | "tags">;

/**
 * Everything the provider records for a version: the declaration (the engine gives the provider
 * only the old outputs, so `diff`, `read` and `delete` find the declaration there), the observed
 * state, and the recorded part of what GitHub reports. `observedState` is recorded only for a
 * resource declared with it (a retention policy's child), equal to `state`; `versionId` and
 * `name` are absent only for a version declared deleted that GitHub no longer has at all.
 */
export type PackageVersionOutputs = PackageCoordinates &
  Pick<PackageVersionInputs, "version" | "tag" | "baseUrl" | "observedState" | "displayName" | "displayTags"> &
  Partial<RecordedVersionInfo> & {
    /** The observed state. */
    state: VersionState;
  };

/** The arguments of the PackageVersion resource, as a program writes them. */
export type PackageVersionArgs = Inputs<PackageVersionInputs>;
