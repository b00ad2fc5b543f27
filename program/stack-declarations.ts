import {
  checkPolicyArgs,
  RetentionRuleError,
  validatePackageVersionInputs,
  type PackageRetentionPolicyArgs,
  type PackageVersionInputs,
} from "pulumi-github-package-versions";

/** One entry of `package-versions:versions` in Pulumi.<stack>.yaml. */
export interface VersionDeclaration {
  /** The Pulumi resource name; derived from the package and selector when absent. */
  resourceName: string;
  inputs: PackageVersionInputs;
  protect: boolean;
  retainOnDelete: boolean;
}

const OPTION_KEYS = new Set(["name", "protect", "retainOnDelete"]);

/** A resource name from the owner, package and selector: "acme-container-api-1001". */
function derivedName(inputs: PackageVersionInputs): string {
  const selector = inputs.versionId ?? inputs.version ?? inputs.tag ?? "";
  return [inputs.org ?? inputs.user, inputs.packageType, inputs.packageName, selector]
    .map((part) => String(part).replace(/[^A-Za-z0-9._-]+/g, "-"))
    .join("-");
}

/**
 * Reads and validates the declarations. Every problem is reported at once, each naming the
 * entry and the field (`versions[2].packageType: ...`), before any resource is declared.
 */
export function parseVersionDeclarations(raw: unknown, key = "versions"): VersionDeclaration[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new Error(`${key}: must be a list of version declarations, got ${JSON.stringify(raw)}`);
  const problems: string[] = [];
  const declarations: VersionDeclaration[] = [];
  const names = new Map<string, number>();
  raw.forEach((entry: unknown, index) => {
    const where = `${key}[${index}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      problems.push(`${where}: must be a mapping such as { org: acme, packageType: npm, packageName: widget, version: 1.4.2 }`);
      return;
    }
    const fields = entry as Record<string, unknown>;
    const inputs = Object.fromEntries(Object.entries(fields).filter(([field]) => !OPTION_KEYS.has(field)));
    for (const failure of validatePackageVersionInputs(inputs)) problems.push(`${where}.${failure.property}: ${failure.reason}`);
    for (const flag of ["protect", "retainOnDelete"] as const) {
      if (fields[flag] !== undefined && typeof fields[flag] !== "boolean") problems.push(`${where}.${flag}: must be true or false`);
    }
    if (fields["name"] !== undefined && (typeof fields["name"] !== "string" || fields["name"] === "")) {
      problems.push(`${where}.name: must be a non-empty string`);
    }
    const typed = inputs as unknown as PackageVersionInputs;
    const resourceName = typeof fields["name"] === "string" && fields["name"] !== "" ? fields["name"] : derivedName(typed);
    const first = names.get(resourceName);
    if (first !== undefined) problems.push(`${where}: declares the same version as ${key}[${first}] (${resourceName}); give one a distinct \`name\` or remove it`);
    names.set(resourceName, index);
    declarations.push({ resourceName, inputs: typed, protect: fields["protect"] === true, retainOnDelete: fields["retainOnDelete"] === true });
  });
  if (problems.length > 0) {
    throw new Error(`Invalid stack configuration package-versions:${key}:\n  ${problems.join("\n  ")}`);
  }
  return declarations;
}

/** One entry of `package-versions:retentionPolicies`. */
export interface RetentionDeclaration {
  resourceName: string;
  args: PackageRetentionPolicyArgs;
}

/**
 * Reads and validates the retention policies: each entry is a PackageRetentionPolicy's
 * arguments plus an optional `name`; problems are reported by entry and field before any request.
 */
export function parseRetentionDeclarations(raw: unknown, key = "retentionPolicies"): RetentionDeclaration[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new Error(`${key}: must be a list of retention policies, got ${JSON.stringify(raw)}`);
  const problems: string[] = [];
  const declarations: RetentionDeclaration[] = [];
  raw.forEach((entry: unknown, index) => {
    const where = `${key}[${index}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      problems.push(`${where}: must be a mapping such as { org: acme, packageType: container, packageName: api, keepLatest: 20 }`);
      return;
    }
    const { name, ...args } = entry as Record<string, unknown>;
    try {
      checkPolicyArgs(args as unknown as PackageRetentionPolicyArgs);
    } catch (error) {
      if (!(error instanceof RetentionRuleError)) throw error;
      problems.push(`${where}.${error.field}: ${error.message.replace(/^Invalid retention policy argument `[^`]*`: /, "")}`);
      return;
    }
    const typed = args as unknown as PackageRetentionPolicyArgs;
    const resourceName = typeof name === "string" && name !== "" ? name : [typed.org ?? typed.user, typed.packageType, typed.packageName].join("-").replace(/[^A-Za-z0-9._-]+/g, "-");
    declarations.push({ resourceName, args: typed });
  });
  if (problems.length > 0) {
    throw new Error(`Invalid stack configuration package-versions:${key}:\n  ${problems.join("\n  ")}`);
  }
  return declarations;
}
