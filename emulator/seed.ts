/** The seed format (JSON, described by seed.schema.json) and its validation: a malformed seed is refused as a whole, naming the field. */
import { type RawManifest, type SeedManifest, checkSeedManifests } from "./registry/seed-manifest";
import { checkSeedSchema } from "./seed-schema";
import { SeedValidationError } from "./seed-validation-error";

export { SeedValidationError } from "./seed-validation-error";
export type { RawManifest, SeedManifest, SeedManifestEntry } from "./registry/seed-manifest";

export const PACKAGE_TYPES = ["npm", "maven", "rubygems", "docker", "nuget", "container"] as const;
export type PackageType = (typeof PACKAGE_TYPES)[number];
export type OwnerType = "org" | "user";
export type Visibility = "public" | "private";
/** What GitHub issued: a classic personal token, a workflow's GITHUB_TOKEN, a fine-grained personal token, an App installation token. */
export const TOKEN_KINDS = ["classic", "actions", "fine-grained", "app"] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];
/** A repository's role on a package in its "Manage Actions access" list. */
export type ActionsRole = "read" | "write" | "admin";

/** The value prefixes GitHub gives each kind (classic tokens may also be older 40-hex values, so any value is accepted for them). */
const TOKEN_PREFIXES: Readonly<Record<Exclude<TokenKind, "classic">, string>> = {
  actions: "ghs_",
  "fine-grained": "github_pat_",
  app: "ghs_",
};

export interface SeedActionsAccess {
  /** "owner/name" of the repository whose workflows get the role. */
  repository: string;
  role: ActionsRole;
}

export interface SeedToken {
  token: string;
  /** Default classic. */
  kind?: TokenKind;
  /** actions tokens: the workflow's repository, "owner/name". */
  repository?: string;
  login: string;
  /** Classic tokens only (required for them). */
  scopes?: string[];
  /** Orgs this token's user administers (delete/restore org packages, read private ones). */
  orgAdmin?: string[];
  /** Orgs this token's user belongs to (read private org packages). */
  orgMember?: string[];
  /** GitHub user id reported in rate-limit messages and owner objects; assigned when absent. */
  userId?: number;
}

export interface SeedVersion {
  id?: number;
  /** Required but for container and docker versions, whose name is then computed: the sha256 of the manifest served. */
  name?: string;
  /** Container and docker versions: how other versions' manifests of the seed refer to this one (manifests[].key, subjectKey). */
  key?: string;
  tags?: string[];
  createdAt?: string;
  updatedAt?: string;
  deletedAt?: string;
  downloads?: number;
  description?: string;
  license?: string;
  /** Container and docker versions: what the registry serves for this digest (default: a single-platform image manifest). */
  manifest?: SeedManifest;
  /** Instead of `manifest`: the exact manifest served (a pushed one, as the state returns it). */
  rawManifest?: RawManifest;
}

export interface SeedPackage {
  id?: number;
  owner: string;
  ownerType: OwnerType;
  packageType: PackageType;
  name: string;
  visibility?: Visibility;
  /** "owner/name" of the linked repository. */
  repository?: string;
  /** The package's "Manage Actions access" list (default none). */
  actionsAccess?: SeedActionsAccess[];
  createdAt?: string;
  updatedAt?: string;
  deletedAt?: string;
  versions?: SeedVersion[];
}

export interface EmulatorSeed {
  now?: string;
  tokens?: SeedToken[];
  packages?: SeedPackage[];
}

/** Dates are epoch milliseconds after validation. */
export interface ParsedVersion {
  id: number | undefined;
  /** Undefined for a container or docker version whose name is computed from its manifest. */
  name: string | undefined;
  key: string | undefined;
  tags: string[];
  createdAt: number | undefined;
  updatedAt: number | undefined;
  deletedAt: number | undefined;
  downloads: number;
  description: string | undefined;
  license: string | undefined;
  /** As seeded (checked by checkSeedManifests); the registry builds the manifest JSON from it. */
  manifest: SeedManifest | undefined;
  rawManifest: RawManifest | undefined;
}

export interface ParsedPackage {
  id: number | undefined;
  owner: string;
  ownerType: OwnerType;
  packageType: PackageType;
  name: string;
  visibility: Visibility;
  repository: string | undefined;
  actionsAccess: SeedActionsAccess[];
  createdAt: number | undefined;
  updatedAt: number | undefined;
  deletedAt: number | undefined;
  versions: ParsedVersion[];
  /** JSON path of this package in the seed, for error messages raised later (id clashes). */
  field: string;
}

export interface ParsedToken {
  token: string;
  kind: TokenKind;
  /** actions tokens: the workflow's repository. */
  repository: string | undefined;
  login: string;
  scopes: string[];
  orgAdmin: string[];
  orgMember: string[];
  userId: number | undefined;
}

export interface ParsedSeed {
  now: number | undefined;
  tokens: ParsedToken[];
  packages: ParsedPackage[];
}

/** An ISO date-time the schema accepted, in epoch milliseconds; Date.parse is the final judge (the schema allows a leap second). */
function epochMs(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new SeedValidationError(field, 'must be an ISO 8601 date-time such as "2026-11-26T00:00:00Z"');
  return ms;
}

/** The rules of token kinds the schema leaves to code: scopes for classic tokens only, a repository for actions tokens only, the kind's prefix. */
function parsedToken(t: SeedToken, field: string): ParsedToken {
  const kind = t.kind ?? "classic";
  if (kind === "classic" && t.scopes === undefined) throw new SeedValidationError(`${field}.scopes`, "is required");
  if (kind !== "classic" && t.scopes !== undefined) {
    throw new SeedValidationError(`${field}.scopes`, `applies to classic tokens only (a ${kind} token has no scopes; remove it)`);
  }
  if (kind === "actions" && t.repository === undefined)
    throw new SeedValidationError(
      `${field}.repository`,
      'is required for an actions token ("owner/name", the workflow\'s GITHUB_REPOSITORY)',
    );
  if (kind !== "actions" && t.repository !== undefined)
    throw new SeedValidationError(`${field}.repository`, "applies to actions tokens only; remove it");
  if (kind !== "classic" && !t.token.startsWith(TOKEN_PREFIXES[kind])) {
    throw new SeedValidationError(`${field}.token`, `must start with ${TOKEN_PREFIXES[kind]}, as GitHub's ${kind} tokens do`);
  }
  return {
    token: t.token,
    kind,
    repository: t.repository,
    login: t.login,
    scopes: t.scopes ?? [],
    orgAdmin: t.orgAdmin ?? [],
    orgMember: t.orgMember ?? [],
    userId: t.userId,
  };
}

function parsedVersion(v: SeedVersion, field: string): ParsedVersion {
  return {
    id: v.id,
    name: v.name,
    key: v.key,
    tags: v.tags ?? [],
    createdAt: epochMs(v.createdAt, `${field}.createdAt`),
    updatedAt: epochMs(v.updatedAt, `${field}.updatedAt`),
    deletedAt: epochMs(v.deletedAt, `${field}.deletedAt`),
    downloads: v.downloads ?? 0,
    description: v.description,
    license: v.license,
    manifest: v.manifest,
    rawManifest: v.rawManifest,
  };
}

function parsedPackage(p: SeedPackage, field: string): ParsedPackage {
  return {
    id: p.id,
    owner: p.owner,
    ownerType: p.ownerType,
    packageType: p.packageType,
    name: p.name,
    visibility: p.visibility ?? "private",
    repository: p.repository,
    actionsAccess: p.actionsAccess ?? [],
    createdAt: epochMs(p.createdAt, `${field}.createdAt`),
    updatedAt: epochMs(p.updatedAt, `${field}.updatedAt`),
    deletedAt: epochMs(p.deletedAt, `${field}.deletedAt`),
    versions: (p.versions ?? []).map((v, i) => parsedVersion(v, `${field}.versions[${i}]`)),
    field,
  };
}

/** The rules seed.schema.json cannot express: no token, package or version id twice in one seed. */
function checkUnique(tokens: readonly ParsedToken[], packages: readonly ParsedPackage[]): void {
  const seenTokens = new Set<string>();
  tokens.forEach((t, i) => {
    if (seenTokens.has(t.token)) throw new SeedValidationError(`tokens[${i}].token`, "duplicates an earlier token in this seed");
    seenTokens.add(t.token);
  });
  const seenPackages = new Set<string>();
  const seenVersionIds = new Set<number>();
  for (const p of packages) {
    const key = packageKey(p.ownerType, p.owner, p.packageType, p.name);
    if (seenPackages.has(key))
      throw new SeedValidationError(p.field, "duplicates an earlier package (owner, ownerType, packageType, name) in this seed");
    seenPackages.add(key);
    p.versions.forEach((v, i) => {
      if (v.id === undefined) return;
      if (seenVersionIds.has(v.id))
        throw new SeedValidationError(`${p.field}.versions[${i}].id`, `duplicates version id ${v.id} elsewhere in this seed`);
      seenVersionIds.add(v.id);
    });
  }
}

/**
 * Validates a whole seed without touching any state: the shape against seed.schema.json, then
 * dates and uniqueness in code. Throws SeedValidationError naming the first bad field.
 */
export function parseSeed(raw: unknown): ParsedSeed {
  const checked = checkSeedSchema(raw);
  if ("problem" in checked) throw new SeedValidationError(checked.problem.field, checked.problem.problem);
  const { seed } = checked;
  const now = epochMs(seed.now, "now");
  const tokens = (seed.tokens ?? []).map((t, i) => parsedToken(t, `tokens[${i}]`));
  const packages = (seed.packages ?? []).map((p, i) => parsedPackage(p, `packages[${i}]`));
  checkUnique(tokens, packages);
  for (const p of packages) checkSeedManifests(p);
  return { now, tokens, packages };
}

/** Identity of a package: owners are case-insensitive, as on GitHub. */
export function packageKey(ownerType: OwnerType, owner: string, packageType: PackageType, name: string): string {
  return `${ownerType}\u0000${owner.toLowerCase()}\u0000${packageType}\u0000${name}`;
}

export function isPackageType(value: string): value is PackageType {
  return (PACKAGE_TYPES as readonly string[]).includes(value);
}
