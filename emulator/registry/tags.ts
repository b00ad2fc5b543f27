/** GET /v2/<owner>/<name>/tags/list: the tags of the package's active versions, in lexical order, paged with `n` and `last`. */
import * as errors from "./oci-errors";
import { readableRepository, requireBearer } from "./registry-access";
import { type RegistryContext, type RegistryRequest, type RegistryResponse, jsonResponse } from "./registry-context";

export interface TagListBody {
  name: string;
  tags: string[];
}

export function listTags(ctx: RegistryContext, request: RegistryRequest, repository: string): RegistryResponse {
  const grant = requireBearer(ctx, request, repository);
  if (request.method !== "GET") throw errors.unsupported();
  const pkg = readableRepository(ctx, grant, repository);
  const all = [...new Set(pkg.versions.filter((v) => v.deletedAt === undefined).flatMap((v) => v.tags))].sort();
  const last = request.query.get("last");
  const after = last === null ? all : all.filter((t) => t > last);
  const n = Number(request.query.get("n") ?? Number.NaN);
  const limited = Number.isInteger(n) && n >= 0;
  const tags = limited ? after.slice(0, n) : after;
  const body = { name: repository, tags } satisfies TagListBody;
  if (!limited || tags.length === after.length || tags.length === 0) return jsonResponse(200, body);
  const next = `/v2/${repository}/tags/list?n=${n}&last=${encodeURIComponent(tags[tags.length - 1]!)}`;
  return jsonResponse(200, body, { link: `<${next}>; rel="next"` });
}
