/** GET /v2/<owner>/<name>/tags/list: the tags of the package's active versions, in lexical order, paged with `n` and `last`. */
import * as errors from "./oci-errors";
import { readableRepository, requireBearer } from "./registry-access";
import { type RegistryContext, type RegistryRequest, type RegistryResponse, jsonResponse } from "./registry-context";

export interface TagListBody {
  name: string;
  tags: string[];
}

/** The position of the first tag after `last` in sorted `tags` (binary search). */
function firstAfter(tags: readonly string[], last: string): number {
  let lo = 0;
  let hi = tags.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tags[mid]! > last) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function listTags(ctx: RegistryContext, request: RegistryRequest, repository: string): RegistryResponse {
  const grant = requireBearer(ctx, request, repository);
  if (request.method !== "GET") throw errors.unsupported();
  const pkg = readableRepository(ctx, grant, repository);
  // Sorted, and kept by the store until the package's next write.
  const all = ctx.store.activeTags(pkg);
  const last = request.query.get("last");
  const start = last === null ? 0 : firstAfter(all, last);
  const n = Number(request.query.get("n") ?? Number.NaN);
  const limited = Number.isInteger(n) && n >= 0;
  const tags = limited ? all.slice(start, start + n) : all.slice(start);
  const body = { name: repository, tags } satisfies TagListBody;
  if (!limited || tags.length === all.length - start || tags.length === 0) return jsonResponse(200, body);
  const next = `/v2/${repository}/tags/list?n=${n}&last=${encodeURIComponent(tags[tags.length - 1]!)}`;
  return jsonResponse(200, body, { link: `<${next}>; rel="next"` });
}
