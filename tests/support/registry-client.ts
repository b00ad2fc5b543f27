/** A small registry client on fetch for the registry tests: token exchange, manifest pulls, OCI error bodies checked against the spec. */
import { strict as assert } from "node:assert";
import type { Emulator, OciErrorBody } from "../../emulator";
import { assertOciValid } from "./oci-schemas";

/** Every manifest type, as a puller that understands them all sends it. */
export const ACCEPT_ALL = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

export function basic(password: string, user = "x-access-token"): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

/** GET /token for pulling `repository`, with the GitHub token as the Basic password (anonymous without). */
export async function registryToken(emu: Emulator, repository: string, githubToken?: string): Promise<string> {
  const service = new URL(emu.url).host;
  const res = await fetch(
    `${emu.url}/token?service=${encodeURIComponent(service)}&scope=${encodeURIComponent(`repository:${repository}:pull`)}`,
    {
      headers: githubToken === undefined ? {} : { authorization: basic(githubToken) },
    },
  );
  assert.equal(res.status, 200, await res.clone().text());
  const body = (await res.json()) as { token: string };
  return body.token;
}

export interface PullOptions {
  token?: string;
  accept?: string;
  method?: "GET" | "HEAD";
}

export function pull(emu: Emulator, repository: string, reference: string, options: PullOptions = {}): Promise<Response> {
  return fetch(`${emu.url}/v2/${repository}/manifests/${reference}`, {
    method: options.method ?? "GET",
    headers: {
      ...(options.token !== undefined && { authorization: `Bearer ${options.token}` }),
      ...(options.accept !== undefined && { accept: options.accept }),
    },
  });
}

/** Asserts an OCI error answer: status, one error with this code (and message when given), a body valid per the spec. */
export async function expectOciError(res: Response, status: number, code: string, message?: string): Promise<OciErrorBody> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.equal(res.headers.get("content-type"), "application/json");
  const body = JSON.parse(text) as OciErrorBody;
  assertOciValid(body, "error");
  assert.equal(body.errors[0]?.code, code);
  if (message !== undefined) assert.equal(body.errors[0]?.message, message);
  return body;
}
