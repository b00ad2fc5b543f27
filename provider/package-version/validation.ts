import type * as dynamic from "@pulumi/pulumi/dynamic";
import { PACKAGE_TYPES, VERSION_STATES, isPackageType, isTaggedPackageType } from "../core/package-types";
import type { PackageVersionInputs } from "../core/package-version-types";
import { echoValue } from "../core/echoed-value";
import { PROTOTYPE_KEY_REASON, isPrototypeKey } from "../core/prototype-keys";
import { isHttpUrlWithoutCredentials, redactedUrl } from "../core/settings";
import { OWNER_REQUIRED_REASON } from "../core/package-coordinates";

/** The value the engine passes for an input that is not known yet during preview. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const KNOWN_PROPERTIES = new Set([
  "org",
  "user",
  "packageType",
  "packageName",
  "versionId",
  "version",
  "tag",
  "state",
  "observedState",
  "baseUrl",
  "displayName",
  "displayTags",
]);

/** GitHub logins and org names: alphanumerics and single hyphens, not at either end, 39 at most. */
const OWNER_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** Package names: letters, digits and . _ - / (containers use / for namespaces), 255 at most. */
const PACKAGE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,254}$/;
const LOWERCASE_ONLY_TYPES = new Set(["container", "docker", "npm"]);
const DIGEST_PATTERN = /^sha256:[0-9a-f]+$/;
const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
/** Docker tag grammar: a word character, then up to 127 word characters, dots or hyphens. */
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

type Failure = dynamic.CheckFailure;

/** The fields of one declaration or argument object, as the engine or the program passes them. */
type Fields = Record<string, unknown>;

/**
 * Checks the fields it names (and only those) and returns a failure for each bad one, naming the
 * property and what is allowed. A field absent that is required is a failure of its own validator.
 */
export type FieldValidator = (fields: Fields) => Failure[];

function isUnknown(value: unknown): boolean {
  return value === UNKNOWN_VALUE;
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** `org` or `user`, exactly one, a GitHub login. */
export const ownerFailures: FieldValidator = (fields) => {
  const owners = (["org", "user"] as const).filter((key) => isPresent(fields[key]));
  if (owners.length === 0) return [{ property: "org", reason: OWNER_REQUIRED_REASON }];
  if (owners.length > 1) return [{ property: "user", reason: "set only one of `org` or `user`: a package has one owner" }];
  const key = owners[0]!;
  const value = fields[key];
  if (isUnknown(value) || (typeof value === "string" && OWNER_PATTERN.test(value))) return [];
  return [
    {
      property: key,
      reason: `\`${key}\` must be a GitHub ${key === "org" ? "organization" : "user"} name: letters, digits and single hyphens, 1 to 39 characters, got ${echoValue(value)}`,
    },
  ];
};

/** `packageType`, one of GitHub's registries. */
export const packageTypeFailures: FieldValidator = (fields) => {
  const packageType = fields["packageType"];
  if (isUnknown(packageType) || isPackageType(packageType)) return [];
  return [{ property: "packageType", reason: `\`packageType\` must be one of ${PACKAGE_TYPES.join(", ")}, got ${echoValue(packageType)}` }];
};

/** `packageName`: GitHub's characters, lowercase for the registries that require it (read from `packageType` when there is one). */
export const packageNameFailures: FieldValidator = (fields) => {
  const packageType = fields["packageType"];
  const name = fields["packageName"];
  if (isUnknown(name)) return [];
  if (typeof name !== "string" || !PACKAGE_NAME_PATTERN.test(name) || name.includes("..") || name.endsWith("/")) {
    return [
      {
        property: "packageName",
        reason: `\`packageName\` must be a package name: letters, digits, '.', '_', '-' and '/', starting with a letter or digit, at most 255 characters, got ${echoValue(name)}`,
      },
    ];
  }
  if (typeof packageType === "string" && LOWERCASE_ONLY_TYPES.has(packageType) && name !== name.toLowerCase()) {
    return [{ property: "packageName", reason: `${packageType} package names are lowercase: use ${echoValue(name.toLowerCase())}` }];
  }
  return [];
};

/** Exactly one of `versionId`, `version` or `tag`, each in its form for the package's type. */
export const selectorFailures: FieldValidator = (fields) => {
  const failures: Failure[] = [];
  const selectors = (["versionId", "version", "tag"] as const).filter((key) => isPresent(fields[key]));
  if (selectors.length !== 1) {
    failures.push({
      property: selectors[1] ?? "versionId",
      reason:
        selectors.length === 0
          ? "select the version with exactly one of `versionId` (its numeric id), `version` (its name) or `tag` (container and docker)"
          : `set only one of \`versionId\`, \`version\` or \`tag\`, not ${selectors.map((s) => `\`${s}\``).join(" and ")}`,
    });
    return failures;
  }
  const key = selectors[0]!;
  const value = fields[key];
  const packageType = fields["packageType"];
  if (isUnknown(value)) return failures;
  if (key === "versionId") {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
      failures.push({
        property: key,
        reason: `\`versionId\` must be a positive integer (the id GitHub shows for the version), got ${echoValue(value)}`,
      });
    }
    return failures;
  }
  if (typeof value !== "string" || value.trim() === "" || value !== value.trim()) {
    failures.push({ property: key, reason: `\`${key}\` must be a non-empty string without surrounding spaces, got ${echoValue(value)}` });
    return failures;
  }
  if (key === "tag") checkTag(value, packageType, failures);
  else checkVersionName(value, packageType, failures);
  return failures;
};

/** A `tag` selector: container and docker only, and a docker tag's characters. */
function checkTag(value: string, packageType: unknown, failures: Failure[]): void {
  if (isPackageType(packageType) && !isTaggedPackageType(packageType)) {
    failures.push({
      property: "tag",
      reason: `\`tag\` selects container and docker versions only; select a ${packageType} version with \`version\` or \`versionId\``,
    });
  } else if (!TAG_PATTERN.test(value)) {
    failures.push({
      property: "tag",
      reason: `\`tag\` must be a docker tag: letters, digits, '_', '.' and '-', at most 128 characters, got ${echoValue(value)}`,
    });
  }
}

/** A `version` selector: a digest (container, docker), a semver (npm), or a name without spaces. */
function checkVersionName(value: string, packageType: unknown, failures: Failure[]): void {
  if (isPackageType(packageType) && isTaggedPackageType(packageType) && !DIGEST_PATTERN.test(value)) {
    failures.push({
      property: "version",
      reason: `a ${packageType} version is named by its digest, \`sha256:\` and lowercase hex (use \`tag\` to select by tag), got ${echoValue(value)}`,
    });
  } else if (packageType === "npm" && !SEMVER_PATTERN.test(value)) {
    failures.push({ property: "version", reason: `an npm version is a semver such as 1.4.2, got ${echoValue(value)}` });
  } else if (/\s/.test(value) || value.length > 255) {
    failures.push({ property: "version", reason: `\`version\` must have no spaces and at most 255 characters, got ${echoValue(value)}` });
  }
}

/** `state` and `observedState`: "present" or "deleted" when set. */
export const stateFailures: FieldValidator = (fields) => {
  const failures: Failure[] = [];
  const state = fields["state"];
  if (isPresent(state) && !isUnknown(state) && !(VERSION_STATES as readonly unknown[]).includes(state)) {
    failures.push({
      property: "state",
      reason: `\`state\` must be "present" (keep or restore the version) or "deleted" (delete it), got ${echoValue(state)}`,
    });
  }
  const observed = fields["observedState"];
  if (isPresent(observed) && !isUnknown(observed) && !(VERSION_STATES as readonly unknown[]).includes(observed)) {
    failures.push({
      property: "observedState",
      reason: `\`observedState\` must be "present" or "deleted" (what the program saw on GitHub), got ${echoValue(observed)}`,
    });
  }
  return failures;
};

/** `baseUrl`, when set: an http(s) URL without credentials. */
export const baseUrlFailures: FieldValidator = (fields) => {
  const baseUrl = fields["baseUrl"];
  if (!isPresent(baseUrl) || isUnknown(baseUrl) || isHttpUrlWithoutCredentials(baseUrl)) return [];
  return [
    {
      property: "baseUrl",
      reason: `\`baseUrl\` must be an http(s) URL of a GitHub API without credentials, such as https://github.example.com/api/v3, got ${echoValue(redactedUrl(baseUrl))}`,
    },
  ];
};

/** displayName and displayTags are shown in previews only: a string and a list of strings. */
export const displayFailures: FieldValidator = (fields) => {
  const failures: Failure[] = [];
  const name = fields["displayName"];
  if (isPresent(name) && !isUnknown(name) && typeof name !== "string") {
    failures.push({
      property: "displayName",
      reason: `\`displayName\` is shown in previews only and must be a string (the version's name), got ${echoValue(name)}`,
    });
  }
  const tags = fields["displayTags"];
  if (isPresent(tags) && !isUnknown(tags) && !(Array.isArray(tags) && tags.every((tag) => typeof tag === "string"))) {
    failures.push({
      property: "displayTags",
      reason: `\`displayTags\` is shown in previews only and must be a list of strings (the version's tags), got ${echoValue(tags)}`,
    });
  }
  return failures;
};

/** A property name that looks like a credential: the token is never an input or an argument. */
export function isSecretLikeKey(key: string): boolean {
  return /token|auth|password|secret/i.test(key);
}

/** Every property PackageVersion does not take (prototype keys, credentials, misspellings); the engine's own `__` inputs pass. */
export const unknownPropertyFailures: FieldValidator = (fields) => {
  const failures: Failure[] = [];
  for (const key of Object.keys(fields)) {
    if (isPrototypeKey(key)) {
      failures.push({ property: key, reason: PROTOTYPE_KEY_REASON });
      continue;
    }
    // The engine's own inputs (the serialized provider, __provider).
    if (key.startsWith("__") || KNOWN_PROPERTIES.has(key)) continue;
    const reason = isSecretLikeKey(key)
      ? "the token is never an input (it would be stored in state): set `pulumi config set --secret github:token` or GITHUB_TOKEN"
      : `unknown property; PackageVersion takes ${[...KNOWN_PROPERTIES].join(", ")}`;
    failures.push({ property: key, reason });
  }
  return failures;
};

/** One validator from several: every failure of each, in the order given. */
export function composeValidators(...validators: readonly FieldValidator[]): FieldValidator {
  return (fields) => validators.flatMap((validate) => validate(fields));
}

/** A package and the API that serves it, as a look-up or a retention policy names it: owner, type, name, baseUrl. */
export const validatePackageAddress: FieldValidator = composeValidators(
  ownerFailures,
  packageTypeFailures,
  packageNameFailures,
  baseUrlFailures,
);

/** An owner's packages of one type on one API, as getPackages and PackageRetentionPolicies name them: owner, type, baseUrl. */
export const validateOwnerPackages: FieldValidator = composeValidators(ownerFailures, packageTypeFailures, baseUrlFailures);

/** Every failure in a PackageVersion's inputs, each naming the property and what is allowed. */
export const validatePackageVersionInputs: FieldValidator = composeValidators(
  ownerFailures,
  packageTypeFailures,
  packageNameFailures,
  selectorFailures,
  stateFailures,
  baseUrlFailures,
  displayFailures,
  unknownPropertyFailures,
);

/** The inputs with their defaults: `state` is "present" unless declared. */
export function withDefaults(news: PackageVersionInputs): PackageVersionInputs {
  return { ...news, state: news.state ?? "present" };
}
