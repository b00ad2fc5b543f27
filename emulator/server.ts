/** startEmulator: the HTTP server tying routing, auth, rate limits, faults and the request log together. */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { admit, admitAuthenticatedUser, ORG_MEMBERSHIP_ENDPOINT } from "./admission";
import type { ApiRequest } from "./api-request";
import { authenticate } from "./auth";
import { FakeClock } from "./clock";
import * as errors from "./errors";
import { ApiError } from "./errors";
import { applyFault } from "./fault-effects";
import { type FaultRule, FaultInjector } from "./faults";
import { type AdminTarget, adminSurface, handleAdmin } from "./handlers/admin";
import type { ApiContext, ApiResponse } from "./handlers/context";
import { listPackages } from "./handlers/package-lists";
import { deletePackage, getPackage, restorePackage } from "./handlers/packages";
import { OPERATIONS, type Operation, parseRoute } from "./handlers/route";
import { getAuthenticatedUser } from "./handlers/user";
import { getOrgMembership, membershipOrgOf, ORG_READ_SCOPES } from "./handlers/org-membership";
import { deleteVersion, getVersion, listVersions, restoreVersion } from "./handlers/versions";
import { type RateLimitSettings, RateLimiter } from "./rate-limits";
import { RequestLog, type RequestLogEntry } from "./request-log";
import type { RegistryOrigin } from "./registry/challenge";
import { handleRegistry, registryErrorResponse } from "./registry/handle-registry";
import * as registryErrors from "./registry/oci-errors";
import { BlobStore } from "./registry/blob-store";
import { isRegistryPath } from "./registry/registry-route";
import { RegistryTokens } from "./registry/registry-tokens";
import { UploadSessions } from "./registry/upload-sessions";
import { type EmulatorSeed, parseSeed } from "./seed";
import { type EmulatorStateSnapshot, type EmulatorStore, InMemoryStore } from "./store";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  seed?: EmulatorSeed;
  rateLimits?: Partial<RateLimitSettings>;
  /** Seeds the generator that decides fault rules' `probability` (default: Math.random, not repeatable). */
  faultSeed?: number;
  /**
   * The time rate-limit windows are measured in, in ms since the epoch (default: the wall clock,
   * Date.now). Tests pass the fake clock the provider's client waits on, so that a wait ends a window at once.
   */
  rateLimitClock?: () => number;
  /** Seconds a registry token works after GET /token issued it, on the emulator's clock (default: until reset). */
  registryTokenLifetimeSeconds?: number;
}

export interface Emulator extends AdminTarget {
  /** Base URL, e.g. "http://127.0.0.1:4010"; use it as Octokit's baseUrl or GITHUB_BASE_URL. */
  readonly url: string;
  close(): Promise<void>;
}

const HANDLERS: Readonly<Record<Operation, (ctx: ApiContext) => ApiResponse>> = {
  "list-packages": listPackages,
  "list-versions": listVersions,
  "get-version": getVersion,
  "delete-version": deleteVersion,
  "restore-version": restoreVersion,
  "get-package": getPackage,
  "delete-package": deletePackage,
  "restore-package": restorePackage,
};

const ADMIN_PREFIX = "/_emulator";
const MAX_ADMIN_BODY = 64 * 1024 * 1024;
/** A registry request's body: one blob chunk or a manifest (the emulator holds blobs in memory). */
const MAX_REGISTRY_BODY = 256 * 1024 * 1024;

function readBytes(req: http.IncomingMessage, limit: number, tooLarge: () => Error): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(tooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  return (await readBytes(req, MAX_ADMIN_BODY, () => errors.badAdminRequest("Request body too large"))).toString("utf8");
}

function send(res: http.ServerResponse, response: ApiResponse, headers: Record<string, string>): void {
  if (res.destroyed) return;
  const all = response.headers === undefined ? headers : { ...headers, ...response.headers };
  if (response.status === 204 || response.body === undefined) {
    res.writeHead(response.status, all);
    res.end();
    return;
  }
  const json = JSON.stringify(response.body);
  all["content-type"] = "application/json; charset=utf-8";
  all["content-length"] = String(Buffer.byteLength(json));
  res.writeHead(response.status, all);
  res.end(json);
}

function errorResponse(error: ApiError): ApiResponse {
  return { status: error.status, body: error.body(), headers: error.headers };
}

class EmulatorCore implements AdminTarget {
  readonly store: EmulatorStore = new InMemoryStore();
  readonly clock = new FakeClock();
  readonly limiter: RateLimiter;
  readonly faultInjector: FaultInjector;
  readonly log = new RequestLog();
  readonly registryTokens = new RegistryTokens();
  readonly blobs = new BlobStore();
  readonly uploads = new UploadSessions();
  baseUrl = "";
  private requestCounter = 0;

  constructor(rateLimits: Partial<RateLimitSettings>, faultSeed: number | undefined, rateLimitClock?: () => number) {
    this.limiter = new RateLimiter(rateLimits, rateLimitClock);
    this.faultInjector = new FaultInjector(faultSeed);
  }

  // ---- AdminTarget ----
  reset(): void {
    this.store.clear();
    this.registryTokens.clear();
    this.blobs.clear();
    this.uploads.clear();
    this.clock.set(new Date().toISOString());
    this.log.clear();
    this.faultInjector.set([]);
    this.faultInjector.reseed();
    this.limiter.resetCounters();
  }

  seed(seed: EmulatorSeed): void {
    const parsed = parseSeed(seed);
    this.store.apply(parsed, parsed.now ?? this.clock.nowMs());
    if (parsed.now !== undefined) this.clock.set(new Date(parsed.now).toISOString());
    this.store.purgeExpired(this.clock.nowMs());
  }

  setClock(opts: { now?: string; advanceDays?: number }): void {
    const next = new FakeClock(this.clock.now());
    if (opts.now !== undefined) next.set(opts.now);
    if (opts.advanceDays !== undefined) next.advanceDays(opts.advanceDays);
    this.clock.set(next.now().toISOString());
    this.store.purgeExpired(this.clock.nowMs());
  }

  now(): Date {
    return this.clock.now();
  }

  requests(): RequestLogEntry[] {
    return this.log.list();
  }

  clearRequests(): void {
    this.log.clear();
  }

  setFaults(faults: FaultRule[], seed?: number): void {
    if (seed !== undefined) this.faultInjector.reseed(seed);
    this.faultInjector.set(faults);
  }

  faults(): FaultRule[] {
    return this.faultInjector.list();
  }

  setRateLimits(settings: Partial<RateLimitSettings>): RateLimitSettings {
    return this.limiter.configure(settings);
  }

  rateLimits(): RateLimitSettings {
    return { ...this.limiter.settings };
  }

  state(): EmulatorStateSnapshot {
    return this.store.snapshot(this.clock.nowMs());
  }

  // ---- HTTP ----
  readonly listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    this.handle(req, res).catch((e: unknown) => {
      process.stderr.write(`emulator: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      if (!res.headersSent)
        send(res, { status: 500, body: { message: "Server Error", documentation_url: "https://docs.github.com/rest", status: "500" } }, {});
      else res.destroy();
    });
  };

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? "GET";
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q === -1 ? "" : rawUrl.slice(q + 1));

    if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
      await this.handleAdminRequest(req, res, method, path.slice(ADMIN_PREFIX.length));
      return;
    }
    if (isRegistryPath(path)) {
      await this.handleRegistryRequest(req, res, method, path, query, started);
      return;
    }
    const { request, headers } = this.apiRequestOf(req, method, path, query);
    const { bucket } = request;
    await this.serve(
      req,
      res,
      { method, path, query, started },
      {
        registry: false,
        onClose: () => {
          if (request.concurrencyRetryAfter === undefined) this.limiter.release(bucket);
        },
        answer: () => {
          if (method === "GET" && path === "/user")
            return getAuthenticatedUser(admitAuthenticatedUser(request, this.limiter), this.baseUrl);
          const membershipOrg = membershipOrgOf(method, path);
          if (membershipOrg !== undefined) {
            const token = admitAuthenticatedUser(request, this.limiter, ORG_MEMBERSHIP_ENDPOINT);
            return getOrgMembership(token, membershipOrg, this.store, this.baseUrl);
          }
          const { token, route } = admit(request, this.limiter);
          return HANDLERS[route.operation]({ route, token, store: this.store, clock: this.clock, baseUrl: this.baseUrl, path, query });
        },
        refusal: errorResponse,
        write: (response) => send(res, response, headers),
      },
    );
  }

  /** An API request: its token (or none), its rate-limit bucket (one concurrency slot taken), and the headers every answer to it carries. */
  private apiRequestOf(
    req: http.IncomingMessage,
    method: string,
    path: string,
    query: URLSearchParams,
  ): { request: ApiRequest; headers: Record<string, string> } {
    const auth = authenticate(this.store, req.headers.authorization, req.socket.remoteAddress ?? "");
    // A workflow's GITHUB_TOKENs share their repository's budget; every other token has its own.
    const actions = auth.kind === "token" && auth.token.kind === "actions";
    const bucket =
      auth.kind !== "token"
        ? `ip:${req.socket.remoteAddress ?? ""}`
        : actions
          ? `repository:${(auth.token.repository ?? "").toLowerCase()}`
          : `token:${auth.token.token}`;
    const request: ApiRequest = {
      method,
      path,
      query,
      route: parseRoute(method, path),
      auth,
      bucket,
      primary: this.limiter.primary(bucket, auth.kind !== "token" ? "anonymous" : actions ? "actions" : "token"),
      concurrencyRetryAfter: this.limiter.acquire(bucket),
    };
    const headers: Record<string, string> = {
      "x-github-media-type": "github.v3; format=json",
      "x-github-api-version-selected": "2022-11-28",
      "x-github-request-id": (++this.requestCounter).toString(16).toUpperCase().padStart(8, "0"),
      // The server's time, as GitHub sends it: the emulator's clock, which also stamps deleted_at.
      date: this.clock.now().toUTCString(),
      ...request.primary.headers,
    };
    // Classic tokens only: GitHub reports no scopes for fine-grained, App and workflow tokens.
    if (auth.kind === "token" && auth.token.kind === "classic") headers["x-oauth-scopes"] = auth.token.scopesHeader;
    if (request.route !== undefined) headers["x-accepted-oauth-scopes"] = OPERATIONS[request.route.operation].acceptedScopesHeader;
    else if (membershipOrgOf(method, path) !== undefined) headers["x-accepted-oauth-scopes"] = ORG_READ_SCOPES.join(", ");
    return { request, headers };
  }

  /**
   * The container registry beside the API: logged like API requests (its paths start with /v2/ or
   * are /token), outside the API's rate limits; only fault rules with a `path` matching it apply.
   */
  private async handleRegistryRequest(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    method: string,
    path: string,
    query: URLSearchParams,
    started: number,
  ): Promise<void> {
    // A body announced larger than the emulator holds is refused before it is read; one that
    // turns out larger (chunked) has its connection closed.
    const tooLarge = Number(req.headers["content-length"] ?? 0) > MAX_REGISTRY_BODY;
    const body =
      method === "GET" || method === "HEAD" || tooLarge
        ? Buffer.alloc(0)
        : await readBytes(req, MAX_REGISTRY_BODY, () => new Error("registry request body too large"));
    await this.serve(
      req,
      res,
      { method, path, query, started },
      {
        registry: true,
        answer: () =>
          tooLarge
            ? registryErrorResponse(registryErrors.tooLarge(MAX_REGISTRY_BODY))
            : handleRegistry(
                { store: this.store, tokens: this.registryTokens, blobs: this.blobs, uploads: this.uploads, nowMs: this.clock.nowMs() },
                {
                  method,
                  path,
                  query,
                  authorization: req.headers.authorization,
                  accept: req.headers.accept,
                  contentType: req.headers["content-type"],
                  contentRange: req.headers["content-range"],
                  range: req.headers.range,
                  body,
                  at: this.registryOrigin(req),
                },
              ),
        refusal: (e) =>
          registryErrorResponse(
            registryErrors.injectedFault(
              e.status,
              e.message,
              e.headers["retry-after"] === undefined ? undefined : Number(e.headers["retry-after"]),
            ),
          ),
        write: (response) => {
          if (res.destroyed) return;
          res.writeHead(response.status, response.headers);
          res.end(method === "HEAD" ? undefined : response.body);
        },
      },
    );
  }

  /**
   * One request's course, the same for the API and the registry: logged when its connection
   * closes, put through the fault injector, answered (an ApiError thrown by a status fault or by
   * the handler becomes its `refusal`), then written, unless a fault reset the connection or
   * dropped the answer after the work was done.
   */
  private async serve<R extends { status: number }>(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    request: { method: string; path: string; query: URLSearchParams; started: number },
    course: { registry: boolean; onClose?: () => void; answer: () => R; refusal: (error: ApiError) => R; write: (response: R) => void },
  ): Promise<void> {
    let droppedStatus: number | undefined;
    this.logWhenClosed(res, request, () => droppedStatus, course.onClose);
    let response: R;
    let dropResponse = false;
    try {
      const effect = await this.injectedFault(req, request.method, request.path, course.registry);
      if (effect === "reset") return;
      dropResponse = effect.dropResponse;
      response = course.answer();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      response = course.refusal(e);
    }
    if (dropResponse) {
      // Processed (the store changed), but the answer is lost on the way back.
      droppedStatus = response.status;
      req.socket.destroy();
      return;
    }
    course.write(response);
  }

  /**
   * Logs a request once its connection closes: its status, or 0 when a fault reset the connection
   * or dropped the answer (then `droppedStatus` says what it was processed with).
   */
  private logWhenClosed(
    res: http.ServerResponse,
    request: { method: string; path: string; query: URLSearchParams; started: number },
    droppedStatus: () => number | undefined,
    onClose?: () => void,
  ): void {
    res.once("close", () => {
      onClose?.();
      const dropped = droppedStatus();
      this.log.add({
        method: request.method,
        path: request.path,
        query: Object.fromEntries(request.query),
        status: res.writableFinished ? res.statusCode : 0,
        ...(dropped !== undefined ? { droppedStatus: dropped } : {}),
        durationMs: performance.now() - request.started,
      });
    });
  }

  /**
   * The fault injected into this request, if any: "reset" when its connection was reset (nothing
   * more to do), else whether its answer is to be dropped. A status fault throws its ApiError.
   */
  private async injectedFault(
    req: http.IncomingMessage,
    method: string,
    path: string,
    registry: boolean,
  ): Promise<"reset" | { dropResponse: boolean }> {
    const fault = this.faultInjector.active ? this.faultInjector.pick(method, path, registry) : undefined;
    const effect = await applyFault(fault, this.limiter.settings.secondaryStatus);
    if (!effect.resetConnection) return { dropResponse: effect.dropResponse };
    req.socket.destroy();
    return "reset";
  }

  /** The address the client used (the Host header), so the challenge's realm points back at it. */
  private registryOrigin(req: http.IncomingMessage): RegistryOrigin {
    const host = req.headers.host ?? new URL(this.baseUrl).host;
    return { origin: `http://${host}`, service: host };
  }

  private async handleAdminRequest(req: http.IncomingMessage, res: http.ServerResponse, method: string, path: string): Promise<void> {
    let response: ApiResponse;
    try {
      const body = method === "POST" || method === "PUT" ? await readBody(req) : "";
      response = handleAdmin(this, method, path, body);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      response = errorResponse(e);
    }
    send(res, response, {});
  }
}

function baseUrlOf(address: AddressInfo): string {
  const host = address.address === "0.0.0.0" || address.address === "::" ? "127.0.0.1" : address.address;
  return `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
}

/** Starts an emulator; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const core = new EmulatorCore(options.rateLimits ?? {}, options.faultSeed, options.rateLimitClock);
  core.registryTokens.setLifetime(options.registryTokenLifetimeSeconds);
  if (options.seed !== undefined) core.seed(options.seed);
  const server = http.createServer({ keepAlive: true }, core.listener);
  // Node's default. Clients take the server's keep-alive hint: a long one keeps an idle
  // socket, and so a failed Pulumi program's process, alive for that long.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  core.baseUrl = baseUrlOf(server.address() as AddressInfo);
  let closing: Promise<void> | undefined;
  const emulator: Emulator = {
    url: core.baseUrl,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((e) => (e === undefined ? resolve() : reject(e)));
        server.closeAllConnections();
      });
      return closing;
    },
    ...adminSurface(core),
  };
  return emulator;
}
