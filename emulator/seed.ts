/** The seed format (JSON) and its validation: a malformed seed is refused as a whole, naming the field. */

export const PACKAGE_TYPES = ["npm", "maven", "rubygems", "docker", "nuget", "container"] as const;
export type PackageType = (typeof PACKAGE_TYPES)[number];
export type OwnerType = "org" | "user";
export type Visibility = "public" | "private";

export interface SeedToken {
  token: string;
  login: string;
  scopes: string[];
  /** Orgs this token's user administers (delete/restore org packages, read private ones). */
  orgAdmin?: string[];
  /** Orgs this token's user belongs to (read private org packages). */
  orgMember?: string[];
  /** GitHub user id reported in rate-limit messages and owner objects; assigned when absent. */
  userId?: number;
}

export interface SeedVersion {
  id?: number;
  name: string;
  tags?: string[];
  createdAt?: string;
  updatedAt?: string;
  deletedAt?: string;
  downloads?: number;
  description?: string;
  license?: string;
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

/** Thrown by `parseSeed` and `Emulator.seed`; `field` is the JSON path of the offending field. */
export class SeedValidationError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`Invalid seed: ${field} ${problem}`);
    this.name = "SeedValidationError";
  }
}

/** Dates are epoch milliseconds after validation. */
export interface ParsedVersion {
  id: number | undefined;
  name: string;
  tags: string[];
  createdAt: number | undefined;
  updatedAt: number | undefined;
  deletedAt: number | undefined;
  downloads: number;
  description: string | undefined;
  license: string | undefined;
}

export interface ParsedPackage {
  id: number | undefined;
  owner: string;
  ownerType: OwnerType;
  packageType: PackageType;
  name: string;
  visibility: Visibility;
  repository: string | undefined;
  createdAt: number | undefined;
  updatedAt: number | undefined;
  deletedAt: number | undefined;
  versions: ParsedVersion[];
  /** JSON path of this package in the seed, for error messages raised later (id clashes). */
  field: string;
}

export interface ParsedToken {
  token: string;
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

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function object(value: unknown, field: string): Json {
  if (!isObject(value)) throw new SeedValidationError(field, "must be an object");
  return value;
}

function array(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new SeedValidationError(field, "must be an array");
  return value;
}

function string(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0) throw new SeedValidationError(field, "must be a non-empty string");
  return value;
}

function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : string(value, field);
}

function stringArray(value: unknown, field: string): string[] {
  return array(value, field).map((item, i) => string(item, `${field}[${i}]`));
}

function optionalStringArray(value: unknown, field: string): string[] {
  return value === undefined ? [] : stringArray(value, field);
}

function optionalInteger(value: unknown, field: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new SeedValidationError(field, `must be an integer >= ${min}`);
  }
  return value;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function optionalDate(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === "string" && ISO_DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new SeedValidationError(field, 'must be an ISO 8601 date-time such as "2026-11-26T00:00:00Z"');
  return ms;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new SeedValidationError(field, `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
  }
  return value as T;
}

function rejectUnknownKeys(value: Json, known: readonly string[], field: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new SeedValidationError(`${field}.${key}`, `is not a known field (expected one of ${known.join(", ")})`);
  }
}

function parseToken(raw: unknown, field: string): ParsedToken {
  const t = object(raw, field);
  rejectUnknownKeys(t, ["token", "login", "scopes", "orgAdmin", "orgMember", "userId"], field);
  return {
    token: string(t["token"], `${field}.token`),
    login: string(t["login"], `${field}.login`),
    scopes: stringArray(t["scopes"], `${field}.scopes`),
    orgAdmin: optionalStringArray(t["orgAdmin"], `${field}.orgAdmin`),
    orgMember: optionalStringArray(t["orgMember"], `${field}.orgMember`),
    userId: optionalInteger(t["userId"], `${field}.userId`, 1),
  };
}

function parseVersion(raw: unknown, field: string): ParsedVersion {
  const v = object(raw, field);
  rejectUnknownKeys(v, ["id", "name", "tags", "createdAt", "updatedAt", "deletedAt", "downloads", "description", "license"], field);
  return {
    id: optionalInteger(v["id"], `${field}.id`, 1),
    name: string(v["name"], `${field}.name`),
    tags: optionalStringArray(v["tags"], `${field}.tags`),
    createdAt: optionalDate(v["createdAt"], `${field}.createdAt`),
    updatedAt: optionalDate(v["updatedAt"], `${field}.updatedAt`),
    deletedAt: optionalDate(v["deletedAt"], `${field}.deletedAt`),
    downloads: optionalInteger(v["downloads"], `${field}.downloads`, 0) ?? 0,
    description: optionalString(v["description"], `${field}.description`),
    license: optionalString(v["license"], `${field}.license`),
  };
}

function parsePackage(raw: unknown, field: string): ParsedPackage {
  const p = object(raw, field);
  rejectUnknownKeys(
    p,
    ["id", "owner", "ownerType", "packageType", "name", "visibility", "repository", "createdAt", "updatedAt", "deletedAt", "versions"],
    field,
  );
  const repository = optionalString(p["repository"], `${field}.repository`);
  if (repository !== undefined && !/^[^/\s]+\/[^/\s]+$/.test(repository)) {
    throw new SeedValidationError(`${field}.repository`, 'must be "owner/name"');
  }
  const versions = p["versions"] === undefined ? [] : array(p["versions"], `${field}.versions`);
  return {
    id: optionalInteger(p["id"], `${field}.id`, 1),
    owner: string(p["owner"], `${field}.owner`),
    ownerType: oneOf(p["ownerType"], ["org", "user"] as const, `${field}.ownerType`),
    packageType: oneOf(p["packageType"], PACKAGE_TYPES, `${field}.packageType`),
    name: string(p["name"], `${field}.name`),
    visibility: p["visibility"] === undefined ? "private" : oneOf(p["visibility"], ["public", "private"] as const, `${field}.visibility`),
    repository,
    createdAt: optionalDate(p["createdAt"], `${field}.createdAt`),
    updatedAt: optionalDate(p["updatedAt"], `${field}.updatedAt`),
    deletedAt: optionalDate(p["deletedAt"], `${field}.deletedAt`),
    versions: versions.map((v, i) => parseVersion(v, `${field}.versions[${i}]`)),
    field,
  };
}

/** Validates a whole seed without touching any state; throws SeedValidationError naming the first bad field. */
export function parseSeed(raw: unknown): ParsedSeed {
  const seed = object(raw, "seed");
  rejectUnknownKeys(seed, ["now", "tokens", "packages"], "seed");
  const tokens = seed["tokens"] === undefined ? [] : array(seed["tokens"], "tokens").map((t, i) => parseToken(t, `tokens[${i}]`));
  const packages =
    seed["packages"] === undefined ? [] : array(seed["packages"], "packages").map((p, i) => parsePackage(p, `packages[${i}]`));

  const seenTokens = new Set<string>();
  tokens.forEach((t, i) => {
    if (seenTokens.has(t.token)) throw new SeedValidationError(`tokens[${i}].token`, "duplicates an earlier token in this seed");
    seenTokens.add(t.token);
  });
  const seenPackages = new Set<string>();
  const seenVersionIds = new Set<number>();
  for (const p of packages) {
    const key = packageKey(p.ownerType, p.owner, p.packageType, p.name);
    if (seenPackages.has(key)) throw new SeedValidationError(p.field, "duplicates an earlier package (owner, ownerType, packageType, name) in this seed");
    seenPackages.add(key);
    p.versions.forEach((v, i) => {
      if (v.id === undefined) return;
      if (seenVersionIds.has(v.id)) throw new SeedValidationError(`${p.field}.versions[${i}].id`, `duplicates version id ${v.id} elsewhere in this seed`);
      seenVersionIds.add(v.id);
    });
  }
  return { now: optionalDate(seed["now"], "now"), tokens, packages };
}

/** Identity of a package: owners are case-insensitive, as on GitHub. */
export function packageKey(ownerType: OwnerType, owner: string, packageType: PackageType, name: string): string {
  return `${ownerType}\u0000${owner.toLowerCase()}\u0000${packageType}\u0000${name}`;
}

export function isPackageType(value: string): value is PackageType {
  return (PACKAGE_TYPES as readonly string[]).includes(value);
}
