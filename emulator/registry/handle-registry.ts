/** Dispatches a registry request (GET /token, /v2/...) to its handler; every refusal is an OCI error body. */
import { getBlob } from "./blobs";
import { putManifest } from "./manifest-push";
import { requireBearer } from "./registry-access";
import { getManifest } from "./manifests";
import * as errors from "./oci-errors";
import { RegistryError } from "./oci-errors";
import { type RegistryContext, type RegistryRequest, type RegistryResponse, jsonResponse } from "./registry-context";
import { parseRegistryRoute } from "./registry-route";
import { listTags } from "./tags";
import { issueToken } from "./token-endpoint";
import { continueUpload, startUpload } from "./uploads";

/** ghcr.io sends it on every /v2/ answer. */
const API_VERSION = { "docker-distribution-api-version": "registry/2.0" } as const;

function answer(ctx: RegistryContext, request: RegistryRequest): RegistryResponse {
  const route = parseRegistryRoute(request.path);
  switch (route.endpoint) {
    case "token":
      return issueToken(ctx, request);
    case "base":
      requireBearer(ctx, request, undefined);
      if (request.method !== "GET" && request.method !== "HEAD") throw errors.unsupported();
      return jsonResponse(200, {});
    case "manifest":
      return request.method === "PUT"
        ? putManifest(ctx, request, route.repository, route.reference)
        : getManifest(ctx, request, route.repository, route.reference);
    case "tags":
      return listTags(ctx, request, route.repository);
    case "blob":
      return getBlob(ctx, request, route.repository, route.digest);
    case "uploads":
      return startUpload(ctx, request, route.repository);
    case "upload":
      return continueUpload(ctx, request, route.repository, route.id);
    case "unknown":
      requireBearer(ctx, request, route.repository);
      throw errors.routeUnknown();
  }
}

export function registryErrorResponse(error: RegistryError): RegistryResponse {
  return jsonResponse(error.status, error.body(), error.headers);
}

export function handleRegistry(ctx: RegistryContext, request: RegistryRequest): RegistryResponse {
  let response: RegistryResponse;
  try {
    response = answer(ctx, request);
  } catch (e) {
    if (!(e instanceof RegistryError)) throw e;
    response = registryErrorResponse(e);
  }
  return { ...response, headers: { ...API_VERSION, ...response.headers } };
}
