/**
 * One listing per package per deployment. The provider process serves every resource of one
 * deployment (and the program process one program run at a time), so a package's active and deleted
 * versions are listed once there (all pages, 100 a page), shared by every call that needs them,
 * and kept true by what this process's own writes prove. Concurrent callers wait for the same
 * listing. The cache lives as long as the deployment: in the provider process until the next
 * `configure`; in the program process, for the program run (provider/core/program-run.ts), so an
 * Automation API inline program run again in one process lists again.
 */
import type { GitHubClient } from "./client";
import { classifyGitHubFailure } from "./failure-class";
import { PackageVersionsApi, type GitHubPackageVersion, type ListState } from "./versions-api";
import { packageKey } from "../core/package-coordinates";
import type { PackageCoordinates } from "../core/package-version-types";
import { resetRunScoped, runScopedPer } from "../core/program-run";

/** The versions one listing showed, in GitHub's order (newest first), with this process's writes applied. */
export class ListedVersions {
  private readonly versions: GitHubPackageVersion[];

  constructor(versions: readonly GitHubPackageVersion[]) {
    this.versions = [...versions];
  }

  /** The first version, in listing order, that matches. */
  find(matches: (version: GitHubPackageVersion) => boolean): GitHubPackageVersion | undefined {
    return this.versions.find(matches);
  }

  all(): readonly GitHubPackageVersion[] {
    return this.versions;
  }

  /** Puts the version first (the most recent change), replacing an entry with its id. */
  put(version: GitHubPackageVersion): void {
    this.remove(version.id);
    this.versions.unshift(version);
  }

  remove(versionId: number): void {
    const at = this.versions.findIndex((v) => v.id === versionId);
    if (at !== -1) this.versions.splice(at, 1);
  }
}

/**
 * A refusal that holds for the whole deployment, kept with the listing so it is asked only once:
 * the package is missing (404), the token may not list (401, 403 for scopes). Anything else (a
 * 5xx after retries, a rate limit not waited out) is forgotten, so the next caller lists again.
 */
function lasting(error: unknown): boolean {
  const failureClass = classifyGitHubFailure(error);
  return (
    failureClass === "package-not-found" ||
    failureClass === "authentication" ||
    failureClass === "missing-scopes" ||
    failureClass === "forbidden"
  );
}

/** A listing as it was answered, with when it was asked for and answered on its PackageListing's own count of events. */
interface AnsweredListing {
  readonly listed: ListedVersions;
  readonly requested: number;
  readonly answered: number;
}

/** Both listings of a package, every version once, in its latest observed state (PackageListing.joined). */
export interface JoinedListings {
  /** Newest first, as GitHub lists them. */
  readonly active: readonly GitHubPackageVersion[];
  /** Newest first, as GitHub lists them. */
  readonly deleted: readonly GitHubPackageVersion[];
}

/** A listed version's time field, in ms; NaN when absent or unreadable. */
function timeOf(value: string | null | undefined): number {
  return value === undefined || value === null ? NaN : Date.parse(value);
}

/**
 * Which listing saw the version last, for a version both listings show (it was deleted, or
 * restored, by someone else between the two requests). The listing asked for after the other one
 * was answered saw later. When the two requests overlapped, the version's own times decide: the
 * deleted entry wins when it was deleted at or after the active entry's last update (GitHub keeps
 * `updated_at` through a deletion), and also when a time cannot be read: a version wrongly taken
 * for deleted is left alone, one wrongly taken for active could be deleted or restored.
 */
function latestState(
  active: AnsweredListing,
  deleted: AnsweredListing,
  inActive: GitHubPackageVersion,
  inDeleted: GitHubPackageVersion,
): ListState {
  if (active.answered < deleted.requested) return "deleted";
  if (deleted.answered < active.requested) return "active";
  const deletedAt = timeOf(inDeleted.deleted_at);
  const updatedAt = timeOf(inActive.updated_at);
  return updatedAt > deletedAt ? "active" : "deleted";
}

/** One package's listings in this deployment: active and deleted, each fetched at most once. */
export class PackageListing {
  private readonly listings: Partial<Record<ListState, Promise<ListedVersions>>> = {};
  /** The listings answered so far (the latest answer of each state), to reconcile one with the other. */
  private readonly answered: Partial<Record<ListState, AnsweredListing>> = {};
  /** Counts listing requests and answers, so that which of two listings saw later can be told. */
  private events = 0;
  /** How many times each listing was fetched in this deployment (again only after a passing failure). */
  readonly fetches: Record<ListState, number> = { active: 0, deleted: 0 };

  constructor(readonly api: PackageVersionsApi) {}

  /**
   * The versions in the given state: the shared listing, fetched on first use. Rejects with
   * GitHub's raw error. Once both listings are answered they agree: a version someone else deleted
   * or restored between the two requests is kept only in the listing that saw it last (see
   * latestState), so no version is ever both active and deleted.
   */
  list(state: ListState): Promise<ListedVersions> {
    return this.listings[state] ?? this.fetch(state, this.api.list(state));
  }

  /**
   * The listing's two ends when `enough` says they suffice (PackageVersionsApi.listEndsIf): two
   * requests, and how many versions the pages between hold. A listing already fetched, or one the
   * ends did not suffice for, is complete (`unlisted` 0) and shared as `list`'s; the ends alone are not kept.
   */
  async listEndsIf(state: ListState, enough: (count: number) => boolean): Promise<{ listed: ListedVersions; unlisted: number }> {
    const known = this.listings[state];
    if (known !== undefined) return { listed: await known, unlisted: 0 };
    const requested = ++this.events;
    const listing = await this.api.listEndsIf(state, enough);
    if (listing.unlisted > 0) return { listed: new ListedVersions(listing.versions), unlisted: listing.unlisted };
    // Complete: the deployment's listing, unless another caller's was kept meanwhile.
    return { listed: await (this.listings[state] ?? this.fetch(state, Promise.resolve(listing.versions), requested)), unlisted: 0 };
  }

  /** Keeps `fetching` as the deployment's listing in `state` (forgotten if it fails for a passing reason). */
  private fetch(state: ListState, fetching: Promise<GitHubPackageVersion[]>, requested = ++this.events): Promise<ListedVersions> {
    const generation = ++this.fetches[state];
    const fetched = fetching.then((versions) => {
      const listed = new ListedVersions(versions);
      this.answered[state] = { listed, requested, answered: ++this.events };
      this.reconcile();
      return listed;
    });
    this.keep(state, fetched);
    fetched.catch((error: unknown) => {
      // Writes recorded meanwhile chained onto this listing: forget them with it.
      if (!lasting(error) && this.fetches[state] === generation) delete this.listings[state];
    });
    return fetched;
  }

  /**
   * Both listings, joined: the active versions, then the deleted ones (listed in that order, so a
   * token without delete:packages is refused after the active listing, as before), every version
   * once, in its latest observed state. Rejects with GitHub's raw error.
   */
  async joined(): Promise<JoinedListings> {
    const active = (await this.list("active")).all();
    const deleted = (await this.list("deleted")).all();
    return { active: [...active], deleted: [...deleted] };
  }

  /** Removes from one listing each version the other listing saw later (both answered). */
  private reconcile(): void {
    const { active, deleted } = this.answered;
    if (active === undefined || deleted === undefined) return;
    const inDeleted = new Map(deleted.listed.all().map((v) => [v.id, v] as const));
    for (const version of [...active.listed.all()]) {
      const other = inDeleted.get(version.id);
      if (other === undefined) continue;
      if (latestState(active, deleted, version, other) === "deleted") active.listed.remove(version.id);
      else deleted.listed.remove(version.id);
    }
  }

  /** A 204 to DELETE: the version is deleted now. Applied to listings fetched or being fetched, never causing one. */
  recordDeleted(version: GitHubPackageVersion): void {
    this.apply("active", (listed) => listed.remove(version.id));
    this.apply("deleted", (listed) => listed.put(version));
  }

  /** A restore confirmed (or a GET that found the version active). */
  recordActive(version: GitHubPackageVersion): void {
    this.apply("deleted", (listed) => listed.remove(version.id));
    this.apply("active", (listed) => listed.put(version));
  }

  /** A GET by id that found nothing: the version is in neither listing. */
  recordGone(versionId: number): void {
    this.apply("active", (listed) => listed.remove(versionId));
    this.apply("deleted", (listed) => listed.remove(versionId));
  }

  /** Changes are idempotent, so applying one to a listing fetched after the write changes nothing. */
  private apply(state: ListState, change: (listed: ListedVersions) => void): void {
    const known = this.listings[state];
    if (known === undefined) return;
    this.keep(
      state,
      known.then((listed) => {
        change(listed);
        return listed;
      }),
    );
  }

  private keep(state: ListState, listing: Promise<ListedVersions>): void {
    listing.catch(() => {}); // callers see the rejection; a listing nobody awaits is no unhandled rejection
    this.listings[state] = listing;
  }
}

const LISTINGS = Symbol("package listings");

/**
 * The deployment's listing of a package as this client sees it: per client (base URL, token, waits:
 * a listing is only as visible as the token that made it), per package.
 */
export function packageListing(client: GitHubClient, coordinates: PackageCoordinates): PackageListing {
  return runScopedPer(LISTINGS, client, packageKey(coordinates), () => new PackageListing(new PackageVersionsApi(client, coordinates)));
}

/** A new deployment starts (the provider is configured): nothing listed before is trusted. */
export function forgetListings(): void {
  resetRunScoped(LISTINGS);
}
