/**
 * JSON schemas of the manifests and error bodies a registry serves, written from the specs (no npm
 * package ships them): OCI image spec v1.1 (descriptor.md, manifest.md, image-index.md), Docker
 * image manifest v2 schema 2 (manifest and manifest list), OCI distribution spec error codes.
 * Objects are closed: a misspelt or stray key fails.
 */
import Ajv, { type ValidateFunction } from "ajv";

type Schema = Record<string, unknown>;

const mediaType: Schema = { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$" };
/** The encoded part of a sha256 digest is 64 lower-case hex digits (descriptor.md, "Registered algorithms"). */
const digest: Schema = { type: "string", pattern: "^sha256:[a-f0-9]{64}$" };
const size: Schema = { type: "integer", minimum: 0 };
const annotations: Schema = { type: "object", additionalProperties: { type: "string" } };
/** A closed object: every key is one of `properties`, and `required` ones must be there. */
function closedObject(required: readonly string[], properties: Schema): Schema {
  return { type: "object", additionalProperties: false, required: [...required], properties };
}

const platform = closedObject(["architecture", "os"], {
  architecture: { type: "string", minLength: 1 },
  os: { type: "string", minLength: 1 },
  "os.version": { type: "string" },
  "os.features": { type: "array", items: { type: "string" } },
  variant: { type: "string", minLength: 1 },
  features: { type: "array", items: { type: "string" } },
});

function descriptor(extra: Schema = {}): Schema {
  return closedObject(["mediaType", "digest", "size"], {
    mediaType,
    digest,
    size,
    urls: { type: "array", items: { type: "string" } },
    annotations,
    data: { type: "string" },
    artifactType: mediaType,
    ...extra,
  });
}

const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

/** Every manifest: schemaVersion 2 and its own media type, then what its kind holds (`required` of those). */
function manifestSchema(type: string, required: readonly string[], members: Schema): Schema {
  return closedObject(["schemaVersion", "mediaType", ...required], { schemaVersion: { const: 2 }, mediaType: { const: type }, ...members });
}

const ociManifest = manifestSchema(OCI_MANIFEST, ["config", "layers"], {
  artifactType: mediaType,
  config: descriptor(),
  layers: { type: "array", minItems: 1, items: descriptor() },
  subject: descriptor(),
  annotations,
});

const ociIndex = manifestSchema(OCI_INDEX, ["manifests"], {
  artifactType: mediaType,
  manifests: { type: "array", items: descriptor({ platform }) },
  subject: descriptor(),
  annotations,
});

/** Docker descriptors: mediaType, size, digest (urls on foreign layers only). */
function dockerDescriptor(types: readonly string[], extra: Schema = {}, required: readonly string[] = []): Schema {
  return closedObject(["mediaType", "size", "digest", ...required], { mediaType: { enum: types }, size, digest, ...extra });
}

const dockerManifest = manifestSchema(DOCKER_MANIFEST, ["config", "layers"], {
  config: dockerDescriptor(["application/vnd.docker.container.image.v1+json"]),
  layers: {
    type: "array",
    minItems: 1,
    items: dockerDescriptor(
      ["application/vnd.docker.image.rootfs.diff.tar.gzip", "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"],
      { urls: { type: "array", items: { type: "string" } } },
    ),
  },
});

const dockerList = manifestSchema(DOCKER_LIST, ["manifests"], {
  manifests: { type: "array", items: dockerDescriptor([DOCKER_MANIFEST], { platform }, ["platform"]) },
});

/** The distribution spec's error codes, and docker/distribution's UNKNOWN. */
const ociError = closedObject(["errors"], {
  errors: {
    type: "array",
    minItems: 1,
    items: closedObject(["code", "message"], {
      code: {
        enum: [
          "BLOB_UNKNOWN",
          "BLOB_UPLOAD_INVALID",
          "BLOB_UPLOAD_UNKNOWN",
          "DIGEST_INVALID",
          "MANIFEST_BLOB_UNKNOWN",
          "MANIFEST_INVALID",
          "MANIFEST_UNKNOWN",
          "NAME_INVALID",
          "NAME_UNKNOWN",
          "SIZE_INVALID",
          "UNAUTHORIZED",
          "DENIED",
          "UNSUPPORTED",
          "TOOMANYREQUESTS",
          "UNKNOWN",
        ],
      },
      message: { type: "string" },
      detail: {},
    }),
  },
});

export type OciSchemaName = typeof OCI_INDEX | typeof OCI_MANIFEST | typeof DOCKER_LIST | typeof DOCKER_MANIFEST | "error";

const ajv = new Ajv({ strict: true, allErrors: true });
const validators: ReadonlyMap<OciSchemaName, ValidateFunction> = new Map<OciSchemaName, ValidateFunction>([
  [OCI_INDEX, ajv.compile(ociIndex)],
  [OCI_MANIFEST, ajv.compile(ociManifest)],
  [DOCKER_LIST, ajv.compile(dockerList)],
  [DOCKER_MANIFEST, ajv.compile(dockerManifest)],
  ["error", ajv.compile(ociError)],
]);

/** Throws unless `body` is a valid manifest of `name` (a media type) or a valid OCI error body ("error"). */
export function assertOciValid(body: unknown, name: string): void {
  const validate = validators.get(name as OciSchemaName);
  if (validate === undefined) throw new Error(`no schema for ${name}`);
  if (!validate(body)) {
    const details = (validate.errors ?? [])
      .map((e) => `${e.instancePath || "(root)"} ${e.message ?? ""} ${JSON.stringify(e.params)}`)
      .join("; ");
    throw new Error(`body is not a valid ${name}: ${details}\nbody: ${JSON.stringify(body).slice(0, 2000)}`);
  }
}
