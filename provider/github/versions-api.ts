import type { components } from "@octokit/openapi-types";
import type { GitHubClient } from "./client";
import type { PackageCoordinates } from "../core/package-version-types";
import { boundedMap } from "../core/bounded-map";
import { isoSeconds } from "../core/rate-limit-wait";

/** A package version exactly as the REST API returns it. */
export type GitHubPackageVersion = components["schemas"]["package-version"];

export type ListState = "active" | "deleted";

/** GitHub's largest page. */
const PER_PAGE = 100;
/** Listing pages read at once after the first (see PackageVersionsApi.list). */
const LISTING_CONCURRENCY = 4;

interface ListingPage {
  readonly number: number;
  readonly versions: GitHubPackageVersion[];
  /** Its `Link` has a rel="next". */
  readonly hasNext: boolean;
  /** The page number of its `Link`'s rel="last", when it names one. */
  readonly lastPage: number | undefined;
}

/** The page numbers a `Link` header names by relation (`<...&page=3>; rel="next"`), in any order. */
function linkedPages(header: string): { next?: number; last?: number } {
  const found: { next?: number; last?: number } = {};
  for (const part of header.split(",")) {
    const match = /<([^>]*)>\s*;\s*rel="(next|last)"/.exec(part.trim());
    if (match === null) continue;
    const page = Number(new URL(match[1]!, "http://link.invalid").searchParams.get("page"));
    if (Number.isSafeInteger(page) && page > 0) found[match[2] as "next" | "last"] = page;
  }
  return found;
}

/** Versions in listing order, each once: a version pushed or deleted while the pages are read shifts the others, so one may show on two pages. */
function unique(versions: readonly GitHubPackageVersion[]): GitHubPackageVersion[] {
  const byId = new Map<number, GitHubPackageVersion>();
  for (const version of versions) if (!byId.has(version.id)) byId.set(version.id, version);
  return [...byId.values()];
}

/** A listing, complete or only its ends (PackageVersionsApi.listEndsIf). */
export interface VersionsListing {
  /** Newest first, each once. */
  readonly versions: GitHubPackageVersion[];
  /** How many versions the listing holds beyond `versions`: those of the pages not read (0 when complete). */
  readonly unlisted: number;
}

/** The route prefix and parameters of a package, for an org or a user owner. */
function packageRoute(coordinates: PackageCoordinates): { path: string; params: Record<string, string> } {
  const common = { package_type: coordinates.packageType, package_name: coordinates.packageName };
  if (coordinates.org !== undefined) {
    return { path: "/orgs/{org}/packages/{package_type}/{package_name}", params: { org: coordinates.org, ...common } };
  }
  return {
    path: "/users/{username}/packages/{package_type}/{package_name}",
    params: { username: coordinates.user, ...common },
  };
}

/** The four version calls the provider makes, for any owner scope. */
export class PackageVersionsApi {
  constructor(
    private readonly client: GitHubClient,
    private readonly coordinates: PackageCoordinates,
  ) {}

  async get(versionId: number): Promise<GitHubPackageVersion> {
    const { path, params } = packageRoute(this.coordinates);
    const response = await this.client.request(`GET ${path}/versions/{package_version_id}`, {
      ...params,
      package_version_id: versionId,
    });
    return response.data as GitHubPackageVersion;
  }

  /** The first version in the list that matches, reading pages only until it is found. */
  async find(state: ListState, matches: (version: GitHubPackageVersion) => boolean): Promise<GitHubPackageVersion | undefined> {
    for await (const page of this.pages(state)) {
      const found = page.find(matches);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /**
   * Every version in the given state, all pages, each version once. The first page's `Link`
   * names the last page: the pages after the first are then read LISTING_CONCURRENCY at a time
   * (GitHub answers a page in hundreds of milliseconds: one after the other, 1,000 pages take
   * minutes; 4 at a time stay under the 900 points a minute GitHub allows a REST endpoint). A
   * last page that still has a next one (versions pushed meanwhile) is followed one page at a
   * time; without a `Link` naming the last page, every page is.
   */
  async list(state: ListState): Promise<GitHubPackageVersion[]> {
    const first = await this.page(state, 1);
    const numbers = first.lastPage !== undefined && first.lastPage > 1 ? Array.from({ length: first.lastPage - 1 }, (_, i) => i + 2) : [];
    return this.completed(state, [first, ...(await boundedMap(numbers, LISTING_CONCURRENCY, (n) => this.page(state, n)))]);
  }

  /**
   * The listing's two ends when they are enough: the first page and the last one its `Link` names
   * (two requests), with the count they prove ((last page - 1) × 100 + the last page's versions).
   * When `enough(count)` is false, or the first page names no last page, or the count moved while
   * they were read, the pages between are read as `list` reads them and the listing is complete.
   */
  async listEndsIf(state: ListState, enough: (count: number) => boolean): Promise<VersionsListing> {
    const first = await this.page(state, 1);
    if (first.lastPage === undefined || first.lastPage <= 1) return { versions: await this.completed(state, [first]), unlisted: 0 };
    const last = await this.page(state, first.lastPage);
    const count = (first.lastPage - 1) * PER_PAGE + last.versions.length;
    const steady = !last.hasNext && last.versions.length > 0 && first.versions.length === PER_PAGE;
    if (steady && enough(count)) {
      const versions = unique([...first.versions, ...last.versions]);
      return { versions, unlisted: count - versions.length };
    }
    const between = Array.from({ length: first.lastPage - 2 }, (_, i) => i + 2);
    const pages = [first, ...(await boundedMap(between, LISTING_CONCURRENCY, (n) => this.page(state, n))), last];
    return { versions: await this.completed(state, pages), unlisted: 0 };
  }

  /** Deletes the version; resolves to the time GitHub answered (its Date header, else now), when the version was deleted. */
  async delete(versionId: number): Promise<string> {
    const { path, params } = packageRoute(this.coordinates);
    const response = await this.client.request(`DELETE ${path}/versions/{package_version_id}`, {
      ...params,
      package_version_id: versionId,
    });
    const answered = Date.parse(String(response.headers.date ?? ""));
    return isoSeconds(Number.isNaN(answered) ? Date.now() : answered);
  }

  async restore(versionId: number): Promise<void> {
    const { path, params } = packageRoute(this.coordinates);
    await this.client.request(`POST ${path}/versions/{package_version_id}/restore`, {
      ...params,
      package_version_id: versionId,
    });
  }

  /**
   * Every version of the pages read, each once, following any page after the last one read (versions
   * pushed meanwhile) one page at a time.
   */
  private async completed(state: ListState, pages: ListingPage[]): Promise<GitHubPackageVersion[]> {
    for (let last = pages[pages.length - 1]!; last.hasNext; last = pages[pages.length - 1]!)
      pages.push(await this.page(state, last.number + 1));
    return unique(pages.flatMap((page) => page.versions));
  }

  /** Page `number` of the listing, and what its `Link` says of the pages after it. */
  private async page(state: ListState, number: number): Promise<ListingPage> {
    const { path, params } = packageRoute(this.coordinates);
    const response = await this.client.request(`GET ${path}/versions`, {
      ...params,
      state,
      per_page: PER_PAGE,
      ...(number > 1 ? { page: number } : {}),
    });
    const links = linkedPages(String(response.headers.link ?? ""));
    return {
      number,
      versions: response.data as GitHubPackageVersion[],
      hasNext: links.next !== undefined,
      lastPage: links.last,
    } satisfies ListingPage;
  }

  private async *pages(state: ListState): AsyncGenerator<GitHubPackageVersion[]> {
    const { path, params } = packageRoute(this.coordinates);
    const iterator = this.client.paginate.iterator(`GET ${path}/versions`, { ...params, state, per_page: PER_PAGE });
    for await (const page of iterator) yield page.data as GitHubPackageVersion[];
  }
}
