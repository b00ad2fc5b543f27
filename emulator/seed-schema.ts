/** Checks a seed against seed.schema.json (JSON Schema 2020-12, with ajv) and names the first bad field. */
import Ajv2020, { type ErrorObject } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { EmulatorSeed } from "./seed";
import seedSchema from "./seed.schema.json";

/** The first problem the schema finds: the JSON path of the field (`packages[0].versions[1].createdAt`) and what is wrong. */
export interface SeedSchemaProblem {
  readonly field: string;
  readonly problem: string;
}

// Every error, so the one reported is the first in the document rather than the first ajv checks.
const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true });
addFormats(ajv, ["date-time"]);
const validate = ajv.compile<EmulatorSeed>(seedSchema);

/** Readable names of the formats the schema uses. */
const FORMAT_NAMES: Readonly<Record<string, string>> = { "date-time": "an ISO 8601 date-time" };

type SchemaNode = { readonly [keyword: string]: unknown };

interface Located {
  readonly error: ErrorObject;
  /** JSON path, e.g. `packages[0].versions[1].createdAt`; the whole seed is "seed". */
  readonly field: string;
  /** Position in the document: array index or key order per level; missing fields after the present ones. */
  readonly rank: readonly number[];
}

function locate(seed: unknown, error: ErrorObject): Located {
  const segments =
    error.instancePath === ""
      ? []
      : error.instancePath
          .slice(1)
          .split("/")
          .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (error.keyword === "required") segments.push(String(error.params["missingProperty"]));
  if (error.keyword === "additionalProperties") segments.push(String(error.params["additionalProperty"]));
  let field = "";
  const rank: number[] = [];
  let value: unknown = seed;
  for (const segment of segments) {
    if (Array.isArray(value)) {
      field += `[${segment}]`;
      rank.push(Number(segment));
    } else {
      field += field === "" ? segment : `.${segment}`;
      const keys = Object.keys(value as object);
      const required = ((error.parentSchema as SchemaNode | undefined)?.["required"] ?? []) as string[];
      rank.push(keys.includes(segment) ? keys.indexOf(segment) : keys.length + required.indexOf(segment));
    }
    value = (value as Record<string, unknown>)[segment];
  }
  return { error, field: field === "" ? "seed" : field, rank };
}

function compareRanks(a: Located, b: Located): number {
  for (let i = 0; i < Math.min(a.rank.length, b.rank.length); i++) {
    const d = a.rank[i]! - b.rank[i]!;
    if (d !== 0) return d;
  }
  return a.rank.length - b.rank.length;
}

function quoted(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

function problemOf(error: ErrorObject): string {
  const schema = (error.parentSchema ?? {}) as SchemaNode;
  const example = Array.isArray(schema["examples"]) ? ` such as ${JSON.stringify(schema["examples"][0])}` : "";
  const integer = (): string => `must be an integer >= ${String(schema["minimum"] ?? 0)}`;
  switch (error.keyword) {
    case "required":
      return "is required";
    case "additionalProperties":
      return `is not a known field (expected one of ${Object.keys((schema["properties"] ?? {}) as object).join(", ")})`;
    case "type":
      if (error.params["type"] === "integer") return integer();
      if (error.params["type"] === "string") return schema["minLength"] === 1 ? "must be a non-empty string" : "must be a string";
      return `must be an ${String(error.params["type"])}`;
    case "minLength":
      return "must be a non-empty string";
    case "minimum":
    case "maximum":
      return integer();
    case "enum":
      return `must be one of ${quoted(error.params["allowedValues"] as unknown[])}`;
    case "format":
      return `must be ${FORMAT_NAMES[String(error.params["format"])] ?? String(error.params["format"])}${example}`;
    case "pattern":
      return `must match ${String(error.params["pattern"])}${example === "" ? "" : `,${example}`}`;
    default:
      return error.message ?? "is invalid";
  }
}

/** Narrows `raw` to an EmulatorSeed, or returns the problem that comes first in the document (then missing fields). */
export function checkSeedSchema(raw: unknown): { seed: EmulatorSeed } | { problem: SeedSchemaProblem } {
  if (validate(raw)) return { seed: raw };
  const [first] = (validate.errors ?? []).map((e) => locate(raw, e)).sort(compareRanks);
  if (first === undefined) return { problem: { field: "seed", problem: "is invalid" } };
  return { problem: { field: first.field, problem: problemOf(first.error) } };
}
