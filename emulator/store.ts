/** Emulator state behind an interface, with an in-memory implementation. Dates are epoch milliseconds. */
import { isRestorable } from "./restore-window";
import { type BuiltVersion, type StoredManifest, buildManifests } from "./registry/manifest-builder";
import {
  type OwnerType,
  type PackageType,
  type ParsedPackage,
  type ParsedSeed,
  type RawManifest,
  type SeedManifest,
  type TokenKind,
  type ActionsRole,
  type Visibility,
  SeedValidationError,
  packageKey,
} from "./seed";

export interface VersionRecord {
  readonly id: number;
  readonly name: string;
  /** Set when seeded or pushed; changed only by the store (a pushed tag moves), which indexes it again. */
  readonly tags: readonly string[];
  createdAt: number;
  updatedAt: number;
  downloads: number;
  deletedAt: number | undefined;
  /** Set when the version was deleted by deleting its package, so restoring the package brings it back. */
  deletedWithPackage: boolean;
  description: string | undefined;
  license: string | undefined;
  /** Container and docker versions: what the registry serves (built when seeded, as pushed); undefined for other types. */
  readonly manifest: StoredManifest | undefined;
  /** The seed's `manifest` field, returned by snapshot() so state round-trips. */
  readonly seededManifest: SeedManifest | undefined;
  /** The seed's `key`, returned by snapshot() (the made-up blobs of the manifest derive from it). */
  readonly seedKey: string | undefined;
  /** The exact manifest, seeded as `rawManifest` or pushed, returned by snapshot() so state round-trips. */
  readonly rawManifest: RawManifest | undefined;
}

export interface PackageRecord {
  readonly id: number;
  readonly owner: string;
  readonly ownerType: OwnerType;
  readonly packageType: PackageType;
  readonly name: string;
  visibility: Visibility;
  repository: string | undefined;
  /** "Manage Actions access": lower-cased repository ("owner/name") to its role. */
  readonly actionsAccess: ReadonlyMap<string, ActionsRole>;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | undefined;
  /**
   * Kept newest first (updated_at, then id, descending): the list order. Delete and restore do not
   * change it. Read it; change versions only through the store, which keeps its indexes of them.
   */
  readonly versions: readonly VersionRecord[];
}

export interface TokenRecord {
  readonly token: string;
  readonly kind: TokenKind;
  /** actions tokens: the workflow's repository as seeded ("owner/name"). */
  readonly repository: string | undefined;
  readonly login: string;
  readonly userId: number;
  readonly scopes: readonly string[];
  /** Lower-cased org logins. */
  readonly orgAdmin: ReadonlySet<string>;
  readonly orgMember: ReadonlySet<string>;
  /** "read:packages, write:packages", precomputed for the X-OAuth-Scopes header. */
  readonly scopesHeader: string;
}

export interface EmulatorStateSnapshot {
  now: string;
  tokens: {
    kind: TokenKind;
    repository?: string;
    login: string;
    userId: number;
    scopes: string[];
    orgAdmin: string[];
    orgMember: string[];
  }[];
  packages: {
    id: number;
    owner: string;
    ownerType: OwnerType;
    packageType: PackageType;
    name: string;
    visibility: Visibility;
    repository?: string;
    actionsAccess?: { repository: string; role: ActionsRole }[];
    createdAt: string;
    updatedAt: string;
    deletedAt?: string;
    versions: {
      id: number;
      name: string;
      key?: string;
      tags: string[];
      createdAt: string;
      updatedAt: string;
      downloads: number;
      deletedAt?: string;
      description?: string;
      license?: string;
      manifest?: SeedManifest;
      rawManifest?: RawManifest;
    }[];
  }[];
}

export interface EmulatorStore {
  /** Merges a validated seed: packages with the same owner/type/name and tokens with the same value are replaced. Atomic. */
  apply(seed: ParsedSeed, nowMs: number): void;
  clear(): void;
  token(value: string): TokenRecord | undefined;
  findPackage(ownerType: OwnerType, owner: string, packageType: PackageType, name: string): PackageRecord | undefined;
  /** Every package of an owner and type, deleted ones included, by name. */
  listPackages(ownerType: OwnerType, owner: string, packageType: PackageType): PackageRecord[];
  /** Stable numeric id for a user or org login (owner objects, rate-limit messages). */
  accountId(login: string): number;
  /** Removes versions and packages GitHub could no longer restore at `nowMs` (see isRestorable). */
  purgeExpired(nowMs: number): void;
  /** The package's version with this id, in any state (a hash lookup). */
  version(pkg: PackageRecord, id: number): VersionRecord | undefined;
  /**
   * The active versions, or the deleted ones still restorable at `nowMs`, newest first: the list
   * order. Kept until the package's next write, so paging through a listing costs a page each.
   */
  listVersions(pkg: PackageRecord, state: "active" | "deleted", nowMs: number): readonly VersionRecord[];
  /** How many versions are active (the package's version_count). */
  activeCount(pkg: PackageRecord): number;
  /** How many active versions carry at least one tag. */
  activeTaggedCount(pkg: PackageRecord): number;
  /** The newest active version with this name (a container version's digest), if any. */
  activeNamed(pkg: PackageRecord, name: string): VersionRecord | undefined;
  /** The newest active version carrying this tag, if any. */
  activeTagged(pkg: PackageRecord, tag: string): VersionRecord | undefined;
  /** The tags of the active versions, each once, in lexical order. */
  activeTags(pkg: PackageRecord): readonly string[];
  deleteVersion(pkg: PackageRecord, version: VersionRecord, nowMs: number): void;
  restoreVersion(pkg: PackageRecord, version: VersionRecord): void;
  deletePackage(pkg: PackageRecord, nowMs: number): void;
  restorePackage(pkg: PackageRecord): void;
  /** A manifest GET through the registry: one more download of the version. */
  countDownload(pkg: PackageRecord, version: VersionRecord): void;
  /** A package created by a registry push: private, no linked repository, no versions yet. */
  createPackage(identity: { owner: string; ownerType: OwnerType; packageType: PackageType; name: string }, nowMs: number): PackageRecord;
  /**
   * A manifest pushed to the registry: the active version named `name` (its digest), else a new one
   * (next id, created now); `tag` moves to it from every other active version.
   */
  pushManifest(
    pkg: PackageRecord,
    pushed: { name: string; manifest: StoredManifest; tag: string | undefined },
    nowMs: number,
  ): VersionRecord;
  snapshot(nowMs: number): EmulatorStateSnapshot;
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Deleted and past the restore window: gone everywhere. */
export function isExpired(deletedAt: number | undefined, nowMs: number): boolean {
  return deletedAt !== undefined && !isRestorable(deletedAt, nowMs);
}

export function newestFirst(a: VersionRecord, b: VersionRecord): number {
  return b.updatedAt - a.updatedAt || b.id - a.id;
}

/** The registry's manifests (and computed names) of a container or docker package's versions, by position; none for other types. */
function manifestsOf(p: ParsedPackage): (BuiltVersion | undefined)[] {
  return p.packageType === "container" || p.packageType === "docker" ? buildManifests(p.packageType, p.versions) : [];
}

/** A pushed manifest as the seed's rawManifest, when its bytes are UTF-8 text that round-trips (JSON is; the check is cheap). */
function rawOf(manifest: StoredManifest): RawManifest | undefined {
  const content = manifest.body.toString();
  return Buffer.from(content, "utf8").equals(Buffer.from(manifest.body)) ? { mediaType: manifest.mediaType, content } : undefined;
}

function pushTo<K>(map: Map<K, VersionRecord[]>, key: K, v: VersionRecord): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [v]);
  else list.push(v);
}

/** The first active version of a list kept in list order. */
function firstActive(list: readonly VersionRecord[] | undefined): VersionRecord | undefined {
  return list?.find((v) => v.deletedAt === undefined);
}

/**
 * What the store knows of one package's versions beside the list itself, so that no request costs
 * a pass over every version: versions by id, name and tag (each list in list order), the active
 * counts (kept through every write), and the listings and tag list, computed on first use and
 * dropped at the package's next write.
 */
class VersionIndex {
  readonly byId = new Map<number, VersionRecord>();
  readonly byName = new Map<string, VersionRecord[]>();
  readonly byTag = new Map<string, VersionRecord[]>();
  activeCount = 0;
  activeTaggedCount = 0;
  private active: readonly VersionRecord[] | undefined;
  private deleted: { readonly nowMs: number; readonly list: readonly VersionRecord[] } | undefined;
  private tags: readonly string[] | undefined;

  constructor(private readonly pkg: PackageRecord) {
    for (const v of pkg.versions) {
      this.byId.set(v.id, v);
      pushTo(this.byName, v.name, v);
      for (const tag of v.tags) pushTo(this.byTag, tag, v);
      if (v.deletedAt === undefined) this.counted(v, 1);
    }
  }

  /** Adds (1) or removes (-1) an active version from the counts. */
  counted(v: VersionRecord, sign: 1 | -1): void {
    this.activeCount += sign;
    if (v.tags.length > 0) this.activeTaggedCount += sign;
  }

  /** After a write: the listings are computed again when next asked for. */
  changed(): void {
    this.active = undefined;
    this.deleted = undefined;
    this.tags = undefined;
  }

  listActive(): readonly VersionRecord[] {
    this.active ??= this.pkg.versions.filter((v) => v.deletedAt === undefined);
    return this.active;
  }

  listDeleted(nowMs: number): readonly VersionRecord[] {
    if (this.deleted?.nowMs !== nowMs) {
      this.deleted = { nowMs, list: this.pkg.versions.filter((v) => v.deletedAt !== undefined && !isExpired(v.deletedAt, nowMs)) };
    }
    return this.deleted.list;
  }

  activeTags(): readonly string[] {
    this.tags ??= [...new Set(this.listActive().flatMap((v) => v.tags))].sort();
    return this.tags;
  }
}

export class InMemoryStore implements EmulatorStore {
  private readonly packages = new Map<string, PackageRecord>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly accountIds = new Map<string, number>();
  private readonly indexes = new WeakMap<PackageRecord, VersionIndex>();
  private nextVersionId = 1;
  private nextPackageId = 1;
  private nextAccountId = 1000;

  apply(seed: ParsedSeed, nowMs: number): void {
    // Check clashes with existing state before mutating anything.
    const { usedPackageIds, ownerUserIds } = this.checkSeed(seed);
    for (const [login, id] of ownerUserIds) this.accountIds.set(login, id);
    for (const t of seed.tokens) this.tokens.set(t.token, this.tokenRecordOf(t));
    for (const id of usedPackageIds) this.nextPackageId = Math.max(this.nextPackageId, id + 1);
    for (const p of seed.packages)
      for (const v of p.versions) if (v.id !== undefined) this.nextVersionId = Math.max(this.nextVersionId, v.id + 1);
    for (const p of seed.packages) {
      this.accountId(p.owner);
      const pkg = this.packageRecordOf(p, nowMs);
      this.packages.set(packageKey(p.ownerType, p.owner, p.packageType, p.name), pkg);
      this.indexes.set(pkg, new VersionIndex(pkg));
    }
  }

  /**
   * The seed's ids against the state it is applied to (packages it replaces aside): a package or
   * version id already used, or a user id that differs from the one a login already has, is a
   * SeedValidationError. Returns the package ids in use after it, and the seed's user ids by login.
   */
  private checkSeed(seed: ParsedSeed): { usedPackageIds: ReadonlySet<number>; ownerUserIds: ReadonlyMap<string, number> } {
    const replaced = new Set(seed.packages.map((p) => packageKey(p.ownerType, p.owner, p.packageType, p.name)));
    const usedVersionIds = new Map<number, string>();
    const usedPackageIds = new Set<number>();
    for (const [key, pkg] of this.packages) {
      if (replaced.has(key)) continue;
      usedPackageIds.add(pkg.id);
      for (const v of pkg.versions) usedVersionIds.set(v.id, `${pkg.owner}/${pkg.name}`);
    }
    for (const p of seed.packages) {
      if (p.id !== undefined) {
        if (usedPackageIds.has(p.id)) throw new SeedValidationError(`${p.field}.id`, `package id ${p.id} is already used`);
        usedPackageIds.add(p.id);
      }
      p.versions.forEach((v, i) => {
        if (v.id !== undefined && usedVersionIds.has(v.id)) {
          throw new SeedValidationError(
            `${p.field}.versions[${i}].id`,
            `version id ${v.id} is already used by package ${usedVersionIds.get(v.id)}`,
          );
        }
      });
    }
    const ownerUserIds = new Map<string, number>();
    for (const [i, t] of seed.tokens.entries()) {
      if (t.userId === undefined) continue;
      const known = this.accountIds.get(t.login.toLowerCase()) ?? ownerUserIds.get(t.login.toLowerCase());
      if (known !== undefined && known !== t.userId) {
        throw new SeedValidationError(`tokens[${i}].userId`, `conflicts with id ${known} already used for ${t.login}`);
      }
      ownerUserIds.set(t.login.toLowerCase(), t.userId);
    }
    return { usedPackageIds, ownerUserIds };
  }

  private tokenRecordOf(t: ParsedSeed["tokens"][number]): TokenRecord {
    return {
      token: t.token,
      kind: t.kind,
      repository: t.repository,
      login: t.login,
      userId: this.accountId(t.login),
      scopes: [...t.scopes],
      orgAdmin: new Set(t.orgAdmin.map((o) => o.toLowerCase())),
      orgMember: new Set(t.orgMember.map((o) => o.toLowerCase())),
      scopesHeader: t.scopes.join(", "),
    } satisfies TokenRecord;
  }

  /** A seeded package as stored: its versions get ids first (in seed order), then the package. */
  private packageRecordOf(p: ParsedSeed["packages"][number], nowMs: number): PackageRecord {
    const manifests = manifestsOf(p);
    const versions = p.versions.map((v, i): VersionRecord => {
      const createdAt = v.createdAt ?? nowMs;
      return {
        id: v.id ?? this.nextVersionId++,
        // checkSeedManifests leaves a name out only on container and docker versions, which are built.
        name: v.name ?? manifests[i]!.name,
        seedKey: v.key,
        tags: [...v.tags],
        createdAt,
        updatedAt: v.updatedAt ?? createdAt,
        downloads: v.downloads,
        deletedAt: v.deletedAt ?? p.deletedAt,
        deletedWithPackage: v.deletedAt === undefined && p.deletedAt !== undefined,
        description: v.description,
        license: v.license,
        manifest: manifests[i]?.manifest,
        seededManifest: v.manifest,
        rawManifest: v.rawManifest,
      };
    });
    // Loops rather than Math.min(...spread): a spread of a large package's versions overflows the stack.
    let createdAt = nowMs;
    let updatedAt = Number.NEGATIVE_INFINITY;
    for (const v of versions) {
      createdAt = Math.min(createdAt, v.createdAt);
      updatedAt = Math.max(updatedAt, v.updatedAt);
    }
    createdAt = p.createdAt ?? createdAt;
    return {
      id: p.id ?? this.nextPackageId++,
      owner: p.owner,
      ownerType: p.ownerType,
      packageType: p.packageType,
      name: p.name,
      visibility: p.visibility,
      repository: p.repository,
      actionsAccess: new Map(p.actionsAccess.map((a) => [a.repository.toLowerCase(), a.role])),
      createdAt,
      updatedAt: p.updatedAt ?? Math.max(createdAt, updatedAt),
      deletedAt: p.deletedAt,
      versions: versions.sort(newestFirst),
    } satisfies PackageRecord;
  }

  /** The package's index, built on first use (packages are created by apply, which builds it). */
  private index(pkg: PackageRecord): VersionIndex {
    let index = this.indexes.get(pkg);
    if (index === undefined) {
      index = new VersionIndex(pkg);
      this.indexes.set(pkg, index);
    }
    return index;
  }

  clear(): void {
    this.packages.clear();
    this.tokens.clear();
    this.accountIds.clear();
    this.nextVersionId = 1;
    this.nextPackageId = 1;
    this.nextAccountId = 1000;
  }

  token(value: string): TokenRecord | undefined {
    return this.tokens.get(value);
  }

  findPackage(ownerType: OwnerType, owner: string, packageType: PackageType, name: string): PackageRecord | undefined {
    return this.packages.get(packageKey(ownerType, owner, packageType, name));
  }

  listPackages(ownerType: OwnerType, owner: string, packageType: PackageType): PackageRecord[] {
    const login = owner.toLowerCase();
    return [...this.packages.values()]
      .filter((p) => p.ownerType === ownerType && p.owner.toLowerCase() === login && p.packageType === packageType)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  accountId(login: string): number {
    const key = login.toLowerCase();
    let id = this.accountIds.get(key);
    if (id === undefined) {
      while ([...this.accountIds.values()].includes(this.nextAccountId)) this.nextAccountId++;
      id = this.nextAccountId++;
      this.accountIds.set(key, id);
    }
    return id;
  }

  purgeExpired(nowMs: number): void {
    for (const [key, pkg] of this.packages) {
      if (isExpired(pkg.deletedAt, nowMs)) {
        this.packages.delete(key);
        continue;
      }
      if (!pkg.versions.some((v) => isExpired(v.deletedAt, nowMs))) continue;
      const kept = pkg.versions.filter((v) => !isExpired(v.deletedAt, nowMs));
      // The list is read-only outside the store; here it shrinks, and the package is indexed again.
      (pkg as { versions: readonly VersionRecord[] }).versions = kept;
      this.indexes.set(pkg, new VersionIndex(pkg));
    }
  }

  version(pkg: PackageRecord, id: number): VersionRecord | undefined {
    return this.index(pkg).byId.get(id);
  }

  listVersions(pkg: PackageRecord, state: "active" | "deleted", nowMs: number): readonly VersionRecord[] {
    const index = this.index(pkg);
    return state === "active" ? index.listActive() : index.listDeleted(nowMs);
  }

  activeCount(pkg: PackageRecord): number {
    return this.index(pkg).activeCount;
  }

  activeTaggedCount(pkg: PackageRecord): number {
    return this.index(pkg).activeTaggedCount;
  }

  activeNamed(pkg: PackageRecord, name: string): VersionRecord | undefined {
    return firstActive(this.index(pkg).byName.get(name));
  }

  activeTagged(pkg: PackageRecord, tag: string): VersionRecord | undefined {
    return firstActive(this.index(pkg).byTag.get(tag));
  }

  activeTags(pkg: PackageRecord): readonly string[] {
    return this.index(pkg).activeTags();
  }

  deleteVersion(pkg: PackageRecord, version: VersionRecord, nowMs: number): void {
    const index = this.index(pkg);
    if (version.deletedAt === undefined) index.counted(version, -1);
    version.deletedAt = nowMs;
    version.deletedWithPackage = false;
    index.changed();
  }

  restoreVersion(pkg: PackageRecord, version: VersionRecord): void {
    const index = this.index(pkg);
    if (version.deletedAt !== undefined) index.counted(version, 1);
    version.deletedAt = undefined;
    version.deletedWithPackage = false;
    index.changed();
  }

  deletePackage(pkg: PackageRecord, nowMs: number): void {
    const index = this.index(pkg);
    pkg.deletedAt = nowMs;
    for (const v of pkg.versions) {
      if (v.deletedAt === undefined) {
        v.deletedAt = nowMs;
        v.deletedWithPackage = true;
        index.counted(v, -1);
      }
    }
    index.changed();
  }

  restorePackage(pkg: PackageRecord): void {
    const index = this.index(pkg);
    pkg.deletedAt = undefined;
    for (const v of pkg.versions) {
      if (v.deletedWithPackage) {
        v.deletedAt = undefined;
        v.deletedWithPackage = false;
        index.counted(v, 1);
      }
    }
    index.changed();
  }

  countDownload(_pkg: PackageRecord, version: VersionRecord): void {
    version.downloads++;
  }

  createPackage(identity: { owner: string; ownerType: OwnerType; packageType: PackageType; name: string }, nowMs: number): PackageRecord {
    this.accountId(identity.owner);
    const pkg: PackageRecord = {
      id: this.nextPackageId++,
      ...identity,
      visibility: "private",
      repository: undefined,
      actionsAccess: new Map(),
      createdAt: nowMs,
      updatedAt: nowMs,
      deletedAt: undefined,
      versions: [],
    };
    this.packages.set(packageKey(identity.ownerType, identity.owner, identity.packageType, identity.name), pkg);
    this.indexes.set(pkg, new VersionIndex(pkg));
    return pkg;
  }

  pushManifest(
    pkg: PackageRecord,
    pushed: { name: string; manifest: StoredManifest; tag: string | undefined },
    nowMs: number,
  ): VersionRecord {
    const retag = (v: VersionRecord, tags: readonly string[]): void => {
      (v as { tags: readonly string[] }).tags = tags;
    };
    const { tag } = pushed;
    let version = this.activeNamed(pkg, pushed.name);
    if (tag !== undefined) {
      for (const other of this.index(pkg).byTag.get(tag) ?? []) {
        if (other !== version && other.deletedAt === undefined)
          retag(
            other,
            other.tags.filter((t) => t !== tag),
          );
      }
    }
    if (version === undefined) {
      version = {
        id: this.nextVersionId++,
        name: pushed.name,
        tags: tag === undefined ? [] : [tag],
        createdAt: nowMs,
        updatedAt: nowMs,
        downloads: 0,
        deletedAt: undefined,
        deletedWithPackage: false,
        description: undefined,
        license: undefined,
        manifest: pushed.manifest,
        seededManifest: undefined,
        seedKey: undefined,
        rawManifest: rawOf(pushed.manifest),
      };
      (pkg as { versions: readonly VersionRecord[] }).versions = [...pkg.versions, version];
    } else if (tag !== undefined && !version.tags.includes(tag)) {
      retag(version, [...version.tags, tag]);
      version.updatedAt = nowMs;
    }
    pkg.updatedAt = nowMs;
    // Kept in list order; the index is built again (a push is rare beside reads).
    (pkg as { versions: readonly VersionRecord[] }).versions = [...pkg.versions].sort(newestFirst);
    this.indexes.set(pkg, new VersionIndex(pkg));
    return version;
  }

  snapshot(nowMs: number): EmulatorStateSnapshot {
    return {
      now: isoTime(nowMs),
      tokens: [...this.tokens.values()].map((t) => ({
        kind: t.kind,
        ...(t.repository !== undefined && { repository: t.repository }),
        login: t.login,
        userId: t.userId,
        scopes: [...t.scopes],
        orgAdmin: [...t.orgAdmin],
        orgMember: [...t.orgMember],
      })),
      packages: [...this.packages.values()].map((p) => ({
        id: p.id,
        owner: p.owner,
        ownerType: p.ownerType,
        packageType: p.packageType,
        name: p.name,
        visibility: p.visibility,
        ...(p.repository !== undefined && { repository: p.repository }),
        ...(p.actionsAccess.size > 0 && { actionsAccess: [...p.actionsAccess].map(([repository, role]) => ({ repository, role })) }),
        createdAt: isoTime(p.createdAt),
        updatedAt: isoTime(p.updatedAt),
        ...(p.deletedAt !== undefined && { deletedAt: isoTime(p.deletedAt) }),
        versions: p.versions.map((v) => ({
          id: v.id,
          name: v.name,
          ...(v.seedKey !== undefined && { key: v.seedKey }),
          tags: [...v.tags],
          createdAt: isoTime(v.createdAt),
          updatedAt: isoTime(v.updatedAt),
          downloads: v.downloads,
          ...(v.deletedAt !== undefined && { deletedAt: isoTime(v.deletedAt) }),
          ...(v.description !== undefined && { description: v.description }),
          ...(v.license !== undefined && { license: v.license }),
          ...(v.seededManifest !== undefined && { manifest: structuredClone(v.seededManifest) }),
          ...(v.rawManifest !== undefined && { rawManifest: { ...v.rawManifest } }),
        })),
      })),
    };
  }
}
