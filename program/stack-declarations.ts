import {
  ProgramError,
  RetentionRuleError,
  type PackageRetentionPoliciesArgs,
  type PackageRetentionPolicyArgs,
  type PackageVersionInputs,
} from "pulumi-github-package-versions";
import {
  checkPoliciesArgs,
  checkPolicyArgs,
  isPackageNamePattern,
  echoValue,
  PROTOTYPE_KEY_REASON,
  prototypeKeysOf,
  validatePackageVersionInputs,
} from "pulumi-github-package-versions/root-project";

/** One entry of `package-versions:versions` in Pulumi.<stack>.yaml. */
export interface VersionDeclaration {
  /** The Pulumi resource name; derived from the package and selector when absent. */
  resourceName: string;
  inputs: PackageVersionInputs;
  protect: boolean;
  retainOnDelete: boolean;
}

/**
 * One entry of `package-versions:retentionPolicies`: a PackageRetentionPolicy, or, when
 * `packageName` is a pattern (`dev-*`, `/regex/`, a list with `!exclusions`), a
 * PackageRetentionPolicies with one policy per matching package.
 */
export interface RetentionDeclaration {
  resourceName: string;
  args: PackageRetentionPolicyArgs | PackageRetentionPoliciesArgs;
}

/** A declaration whose packageName is a pattern: declared as a PackageRetentionPolicies. */
export function isPatternDeclaration(declaration: RetentionDeclaration): boolean {
  return isPackageNamePattern(declaration.args.packageName);
}

/** Bad stack configuration: the CLI prints the list of problems, and no stack trace. */
export class ConfigurationError extends ProgramError {
  override readonly name = "ConfigurationError";
}

/** A resource name from its parts: "acme-container-api-1001". */
function derivedName(parts: unknown[]): string {
  return parts.map((part) => String(part).replace(/[^A-Za-z0-9._-]+/g, "-")).join("-");
}

interface EntryParser<T> {
  /** What the list holds, for messages: "version declarations". */
  what: string;
  example: string;
  /** Checks one entry's own fields (its `name` is handled here), adding `field: reason` problems. */
  parse(fields: Record<string, unknown>, problems: string[]): { value: (resourceName: string) => T; defaultName: string } | undefined;
}

/**
 * Reads and validates a list from the stack configuration. Every problem is reported at once,
 * each naming the entry and the field (`versions[2].packageType: ...`), before any resource is
 * declared; two entries may not have the same resource name.
 */
function parseEntries<T>(raw: unknown, key: string, parser: EntryParser<T>): T[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw))
    throw new ConfigurationError(
      `Invalid stack configuration package-versions:${key}: must be a list of ${parser.what}, got ${echoValue(raw)}`,
    );
  const problems: string[] = [];
  const parsed: T[] = [];
  const names = new Map<string, number>();
  raw.forEach((entry: unknown, index) => {
    const where = `${key}[${index}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      problems.push(`${where}: must be a mapping such as ${parser.example}`);
      return;
    }
    // JSON.parse makes `__proto__` an own key: refused with the others before the entry is read.
    const prototypeKeys = prototypeKeysOf(entry);
    if (prototypeKeys.length > 0) {
      problems.push(...prototypeKeys.map((key) => `${where}.${key}: ${PROTOTYPE_KEY_REASON}`));
      return;
    }
    const { name, ...fields } = entry as Record<string, unknown>;
    const entryProblems: string[] = [];
    if (name !== undefined && (typeof name !== "string" || name === "")) entryProblems.push("name: must be a non-empty string");
    const result = parser.parse(fields, entryProblems);
    problems.push(...entryProblems.map((problem) => `${where}.${problem}`));
    if (result === undefined) return;
    const resourceName = typeof name === "string" && name !== "" ? name : result.defaultName;
    const first = names.get(resourceName);
    if (first !== undefined)
      problems.push(`${where}: has the same name as ${key}[${first}] (${resourceName}); give one a distinct \`name\` or remove it`);
    else names.set(resourceName, index);
    parsed.push(result.value(resourceName));
  });
  if (problems.length > 0) {
    throw new ConfigurationError(`Invalid stack configuration package-versions:${key}:\n  ${problems.join("\n  ")}`);
  }
  return parsed;
}

/** `package-versions:versions`: PackageVersion inputs plus `name`, `protect` and `retainOnDelete`. */
export function parseVersionDeclarations(raw: unknown, key = "versions"): VersionDeclaration[] {
  return parseEntries<VersionDeclaration>(raw, key, {
    what: "version declarations",
    example: "{ org: acme, packageType: npm, packageName: widget, version: 1.4.2 }",
    parse: ({ protect, retainOnDelete, ...fields }, problems) => {
      for (const failure of validatePackageVersionInputs(fields)) problems.push(`${failure.property}: ${failure.reason}`);
      if (protect !== undefined && typeof protect !== "boolean") problems.push("protect: must be true or false");
      if (retainOnDelete !== undefined && typeof retainOnDelete !== "boolean") problems.push("retainOnDelete: must be true or false");
      const inputs = fields as unknown as PackageVersionInputs;
      return {
        defaultName: derivedName([
          inputs.org ?? inputs.user,
          inputs.packageType,
          inputs.packageName,
          inputs.versionId ?? inputs.version ?? inputs.tag ?? "",
        ]),
        value: (resourceName) => ({ resourceName, inputs, protect: protect === true, retainOnDelete: retainOnDelete === true }),
      };
    },
  });
}

/** `package-versions:retentionPolicies`: PackageRetentionPolicy arguments plus `name`. */
export function parseRetentionDeclarations(raw: unknown, key = "retentionPolicies"): RetentionDeclaration[] {
  return parseEntries<RetentionDeclaration>(raw, key, {
    what: "retention policies",
    example: "{ org: acme, packageType: container, packageName: api, keepLatest: 20 }",
    parse: (fields, problems) => {
      const pattern = isPackageNamePattern(fields["packageName"]);
      const args = fields as unknown as PackageRetentionPolicyArgs & PackageRetentionPoliciesArgs;
      try {
        if (pattern) checkPoliciesArgs(args);
        else checkPolicyArgs(args);
      } catch (error) {
        if (!(error instanceof RetentionRuleError)) throw error;
        problems.push(`${error.field}: ${error.reason}`);
        return undefined;
      }
      if (pattern) {
        const patterns: string[] = typeof args.packageName === "string" ? [args.packageName] : args.packageName;
        return {
          // "acme-container-dev-*" becomes "acme-container-dev"; a `name` reads better.
          defaultName: derivedName([args.org ?? args.user, args.packageType, ...patterns])
            .replace(/-{2,}/g, "-")
            .replace(/-+$/, ""),
          value: (resourceName) => ({ resourceName, args }),
        };
      }
      return {
        defaultName: derivedName([args.org ?? args.user, args.packageType, args.packageName]),
        value: (resourceName) => ({ resourceName, args }),
      };
    },
  });
}

/** The environment variable a workflow sets for one run (the example workflow's `restore-deleted-since` input). */
export const RESTORE_DELETED_SINCE_ENV = "PACKAGE_VERSIONS_RESTORE_DELETED_SINCE";

/**
 * The stack-wide undo: `package-versions:restoreDeletedSince` in Pulumi.<stack>.yaml, or
 * PACKAGE_VERSIONS_RESTORE_DELETED_SINCE for one run (empty is unset). Both set to different
 * times is refused: the run would not say which one it undoes.
 */
export function stackUndoSince(configured: string | undefined, fromEnv: string | undefined): string | undefined {
  const env = fromEnv === undefined || fromEnv.trim() === "" ? undefined : fromEnv.trim();
  const config = configured === undefined || configured.trim() === "" ? undefined : configured.trim();
  if (env !== undefined && config !== undefined && env !== config) {
    throw new ConfigurationError(
      `Invalid stack configuration package-versions:restoreDeletedSince: it is ${config} and ${RESTORE_DELETED_SINCE_ENV} is ${env}; ` +
        `unset one (\`pulumi config rm package-versions:restoreDeletedSince\`, or leave the workflow's restore-deleted-since input empty)`,
    );
  }
  return env ?? config;
}

/**
 * Every policy of the stack with the stack-wide undo: `restoreDeletedSince` set on each (over its
 * own), each checked as a policy checks it. A bad time, or policies with per-version children
 * (which keep no record of what they deleted), are refused naming the setting and the policies.
 */
export function withStackUndo(
  declarations: readonly RetentionDeclaration[],
  since: string | undefined,
  source: string,
): RetentionDeclaration[] {
  if (since === undefined) return [...declarations];
  const problems = new Map<string, string[]>();
  const undone = declarations.map((declaration) => {
    const args = { ...declaration.args, restoreDeletedSince: since };
    try {
      if (isPatternDeclaration(declaration)) checkPoliciesArgs(args as PackageRetentionPoliciesArgs);
      else checkPolicyArgs(args as PackageRetentionPolicyArgs);
    } catch (error) {
      if (!(error instanceof RetentionRuleError) || error.field !== "restoreDeletedSince") throw error;
      problems.set(error.reason, [...(problems.get(error.reason) ?? []), declaration.resourceName]);
    }
    return { resourceName: declaration.resourceName, args } as RetentionDeclaration;
  });
  if (problems.size > 0) {
    const lines = [...problems].map(([reason, names]) => `${reason} (policies: ${names.join(", ")})`);
    throw new ConfigurationError(
      `Invalid ${source} ${JSON.stringify(since)}, which applies to every retention policy of the stack:\n  ${lines.join("\n  ")}`,
    );
  }
  return undone;
}
