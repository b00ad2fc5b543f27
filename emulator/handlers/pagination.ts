/** page/per_page parsing and the Link header, as GitHub does it. */
import type { ApiContext } from "./context";

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;
/** The filters a Link carries to every page (state for versions; package_type and visibility for packages). */
const CARRIED = ["state", "package_type", "visibility"] as const;

function positiveInt(raw: string | null, fallback: number): number {
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return fallback;
  const n = Number(raw);
  return n >= 1 && Number.isSafeInteger(n) ? n : fallback;
}

export interface Page<T> {
  readonly items: T[];
  /** Absent when everything fits on the first page. */
  readonly link: string | undefined;
}

export function paginate<T>(ctx: ApiContext, all: readonly T[]): Page<T> {
  const perPage = Math.min(MAX_PER_PAGE, positiveInt(ctx.query.get("per_page"), DEFAULT_PER_PAGE));
  const page = positiveInt(ctx.query.get("page"), 1);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  if (last === 1 && page === 1) return { items, link: undefined };

  const href = (n: number): string => {
    const params = new URLSearchParams();
    for (const key of CARRIED) {
      const value = ctx.query.get(key);
      if (value !== null) params.set(key, value);
    }
    params.set("per_page", String(perPage));
    params.set("page", String(n));
    return `<${ctx.baseUrl}${ctx.path}?${params.toString()}>`;
  };
  const parts: string[] = [];
  if (page < last) parts.push(`${href(page + 1)}; rel="next"`, `${href(last)}; rel="last"`);
  if (page > 1) parts.push(`${href(1)}; rel="first"`, `${href(Math.min(page - 1, last))}; rel="prev"`);
  return { items, link: parts.join(", ") };
}
