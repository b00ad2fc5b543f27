/**
 * Validates JSON bodies against GitHub's OpenAPI description (npm @octokit/openapi).
 * Shared by the emulator and provider tests: `assertMatchesSchema(body, "package-version")`.
 *
 * The OpenAPI "nullable" keyword is translated to JSON Schema `type: [T, "null"]`, and objects that
 * declare properties reject undeclared ones (so a misspelt key fails). Two documented deviations of the
 * live API from the description are patched, nothing else:
 *  - package-version.html_url is null for deleted versions (as GitHub lists them; README, emulator Behaviour);
 *  - docker metadata lists its tags under `tag` but the description requires `tags` (its own property is
 *    `tag`, and @octokit/openapi-types types it as `tag?: string[]`).
 */
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { readFileSync } from "node:fs";

export type SchemaName = "package-version" | "package" | "basic-error" | "simple-user" | "public-user" | "org-membership";

type JsonSchema = { [key: string]: unknown };

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** OpenAPI 3.0 → JSON Schema: nullable, and closed objects. Works on a dereferenced copy. */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!isSchema(schema)) return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable" || key === "example" || key === "examples") continue;
    out[key] =
      key === "properties" && isSchema(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)]))
        : toJsonSchema(value);
  }
  if (schema["nullable"] === true) {
    if (typeof out["type"] === "string") out["type"] = [out["type"], "null"];
    else if (out["type"] === undefined) return { anyOf: [out, { type: "null" }] };
    if (Array.isArray(out["enum"])) out["enum"] = [...out["enum"], null];
  }
  if (out["type"] === "object" && isSchema(out["properties"]) && out["additionalProperties"] === undefined) {
    out["additionalProperties"] = false;
  }
  return out;
}

/** Inlines "#/components/schemas/X" references (the schemas used here are not recursive). */
function deref(value: unknown, schemas: Record<string, JsonSchema>, stack: string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => deref(v, schemas, stack));
  if (!isSchema(value)) return value;
  const ref = value["$ref"];
  if (typeof ref === "string") {
    const name = ref.replace("#/components/schemas/", "");
    const target = schemas[name];
    if (target === undefined || stack.includes(name)) throw new Error(`cannot resolve ${ref}`);
    return deref(structuredClone(target), schemas, [...stack, name]);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deref(v, schemas, stack)]));
}

let validators: Map<SchemaName, { one: ValidateFunction; many: ValidateFunction }> | undefined;

function load(): Map<SchemaName, { one: ValidateFunction; many: ValidateFunction }> {
  if (validators !== undefined) return validators;
  const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
  const doc = JSON.parse(readFileSync(file, "utf8")) as { components: { schemas: Record<string, JsonSchema> } };
  const schemas = doc.components.schemas;
  const pick = (name: string): JsonSchema => {
    const s = schemas[name];
    if (s === undefined) throw new Error(`schema ${name} missing from ${file}`);
    return deref(structuredClone(s), schemas, [name]) as JsonSchema;
  };
  const packageVersion = pick("package-version");
  const pvProps = packageVersion["properties"] as Record<string, JsonSchema>;
  pvProps["html_url"] = { ...pvProps["html_url"], nullable: true };
  const metadata = pvProps["metadata"] as { properties: Record<string, JsonSchema> };
  const docker = metadata.properties["docker"];
  if (docker !== undefined) docker["required"] = ["tag"];

  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const raw: Record<SchemaName, JsonSchema> = {
    "package-version": packageVersion,
    package: pick("package"),
    "basic-error": pick("basic-error"),
    "simple-user": pick("simple-user"),
    "public-user": pick("public-user"),
    "org-membership": pick("org-membership"),
  };
  validators = new Map();
  for (const [name, schema] of Object.entries(raw) as [SchemaName, JsonSchema][]) {
    const converted = toJsonSchema(schema) as JsonSchema;
    validators.set(name, { one: ajv.compile(converted), many: ajv.compile({ type: "array", items: converted }) });
  }
  return validators;
}

function check(validate: ValidateFunction, body: unknown, label: string): void {
  if (!validate(body)) {
    const details = (validate.errors ?? [])
      .map((e) => `${e.instancePath || "(root)"} ${e.message ?? ""} ${JSON.stringify(e.params)}`)
      .join("; ");
    throw new Error(`body does not match OpenAPI schema ${label}: ${details}\nbody: ${JSON.stringify(body).slice(0, 2000)}`);
  }
}

export function assertMatchesSchema(body: unknown, name: SchemaName): void {
  check(load().get(name)!.one, body, name);
}

export function assertArrayMatchesSchema(body: unknown, name: SchemaName): void {
  check(load().get(name)!.many, body, `${name}[]`);
}

export function matchesSchema(body: unknown, name: SchemaName): boolean {
  return load().get(name)!.one(body) === true;
}
