/** Images pushed into an emulator with the real clients (tests/support/oci-clients.ts), as a release job pushes them. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { OciClients } from "./oci-clients";

/** The digests of one multi-arch release. */
export interface PushedImage {
  /** crane append's image, replaced under the tag `amd64` by `crane mutate --set-platform`: untagged since. */
  first: string;
  amd64: string;
  arm64: string;
  /** The index, tagged `tag`. */
  index: string;
}

const digestIn = (out: string): string => /@(sha256:[a-f0-9]{64})/.exec(out)![1]!;

/**
 * A multi-arch release with crane: an image from a one-file layer (append), set to linux/amd64
 * and linux/arm64 (mutate --set-platform, tagged amd64 and arm64: the tags move off an earlier
 * release's images), then the index of both tagged `tag` (index append).
 */
export async function pushMultiArch(
  c: OciClients,
  repository: string,
  tag: string,
  onFirstPushed: () => void = () => undefined,
): Promise<PushedImage> {
  fs.writeFileSync(path.join(c.dir, "app.txt"), `${repository} ${tag}\n`);
  execFileSync("tar", ["-cf", path.join(c.dir, "layer.tar"), "-C", c.dir, "app.txt"]);
  const ref = (t: string): string => `${c.registry}/${repository}:${t}`;
  const first = digestIn(await c.crane("append", "-f", path.join(c.dir, "layer.tar"), "-t", ref("amd64")));
  onFirstPushed();
  const amd64 = digestIn(await c.crane("mutate", "--set-platform", "linux/amd64", ref("amd64"), "-t", ref("amd64")));
  const arm64 = digestIn(await c.crane("mutate", "--set-platform", "linux/arm64", ref("amd64"), "-t", ref("arm64")));
  await c.crane("index", "append", "-m", ref("amd64"), "-m", ref("arm64"), "-t", ref(tag));
  const index = (await c.crane("digest", ref(tag))).trim();
  return { first, amd64, arm64, index } satisfies PushedImage;
}

/** oras attach: a cosign-style signature of `digest` (an artifact with `subject`, kept under the sha256-<hex> tag as ghcr.io has no referrers API). */
export async function attachSignature(c: OciClients, repository: string, digest: string): Promise<string> {
  fs.writeFileSync(path.join(c.dir, "sig.json"), JSON.stringify({ critical: { image: { "docker-manifest-digest": digest } } }));
  const out = await c.oras(
    "attach",
    "--artifact-type",
    "application/vnd.dev.cosign.artifact.sig.v1+json",
    `${c.registry}/${repository}@${digest}`,
    "sig.json:application/vnd.dev.cosign.simplesigning.v1+json",
  );
  return /Digest: (sha256:[a-f0-9]{64})/.exec(out)![1]!;
}

/** crane append: a cosign-style signature of `digest`, an image tagged `sha256-<hex>.sig` (what `cosign sign` leaves on ghcr.io). */
export async function pushCosignSignature(c: OciClients, repository: string, digest: string): Promise<string> {
  fs.writeFileSync(path.join(c.dir, "signature.json"), JSON.stringify({ critical: { image: { "docker-manifest-digest": digest } } }));
  execFileSync("tar", ["-cf", path.join(c.dir, "signature.tar"), "-C", c.dir, "signature.json"]);
  const tag = `sha256-${digest.slice("sha256:".length)}.sig`;
  return digestIn(await c.crane("append", "-f", path.join(c.dir, "signature.tar"), "-t", `${c.registry}/${repository}:${tag}`));
}

/** oras attach: an in-toto provenance attestation of `digest` (by `subject`, kept under the sha256-<hex> index like every referrer). */
export async function attachAttestation(c: OciClients, repository: string, digest: string): Promise<string> {
  const statement = {
    _type: "https://in-toto.io/Statement/v1",
    subject: [{ digest: { sha256: digest.slice("sha256:".length) } }],
    predicateType: "https://slsa.dev/provenance/v1",
    predicate: {},
  };
  fs.writeFileSync(path.join(c.dir, "provenance.json"), JSON.stringify(statement));
  const out = await c.oras(
    "attach",
    "--artifact-type",
    "application/vnd.in-toto+json",
    `${c.registry}/${repository}@${digest}`,
    "provenance.json:application/vnd.in-toto+json",
  );
  return /Digest: (sha256:[a-f0-9]{64})/.exec(out)![1]!;
}
