import { strict as assert } from "node:assert";
import { seedRefusal as refusal } from "../support/seed-refusal";
import { type EmulatorSeed, MANIFEST_MEDIA_TYPES, type SeedVersion, parseSeed, startEmulator } from "../../emulator";
import seedSchema from "../../emulator/seed.schema.json";
import { ADMIN_TOKEN } from "../support/emulator-fixture";
import { ACCEPT_ALL, pull, registryToken } from "../support/registry-client";
import { APP_DIGESTS, DOCKER_LIST, DOCKER_MANIFEST, digestOf, OCI_INDEX, OCI_MANIFEST, registrySeed } from "../support/registry-seed";

const A = digestOf("a");
const B = digestOf("b");
const C = digestOf("c");

function seedWith(versions: SeedVersion[], packageType: "container" | "docker" | "npm" = "container"): EmulatorSeed {
  return { packages: [{ owner: "acme", ownerType: "org", packageType, name: "p", visibility: "public", versions }] };
}

/** Every manifest of acme/app as served: reference → body. */
async function served(url: string, emu: Parameters<typeof registryToken>[0]): Promise<Map<string, string>> {
  const token = await registryToken(emu, "acme/app", ADMIN_TOKEN);
  const bodies = new Map<string, string>();
  for (const digest of Object.values(APP_DIGESTS)) {
    const res = await fetch(`${url}/v2/acme/app/manifests/${digest}`, {
      headers: { authorization: `Bearer ${token}`, accept: ACCEPT_ALL },
    });
    if (res.status === 200) bodies.set(digest, await res.text());
  }
  return bodies;
}

describe("emulator registry: the seed's manifest field", () => {
  it("lists the media types the registry serves", () => {
    assert.deepEqual(seedSchema.$defs.manifestMediaType.enum, [...MANIFEST_MEDIA_TYPES]);
    assert.deepEqual(MANIFEST_MEDIA_TYPES, [OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_MANIFEST]);
  });

  it("accepts every form: indexes with platforms and attestations, referrers, artifacts, Docker types, an entry naming no version", () => {
    const parsed = parseSeed(registrySeed());
    const app = parsed.packages.find((p) => p.name === "app");
    assert.equal(app?.versions.filter((v) => v.manifest !== undefined).length, 6);
  });

  const refused: [string, EmulatorSeed, string, string][] = [
    [
      "manifest on an npm package",
      seedWith([{ name: A, manifest: {} }], "npm"),
      "packages[0].versions[0].manifest",
      "is only allowed on container and docker packages (this one is npm)",
    ],
    [
      "a name that is not a sha256 digest",
      seedWith([{ name: "sha256:aa11", manifest: {} }]),
      "packages[0].versions[0].name",
      'must be a sha256 digest ("sha256:" and 64 lower-case hex digits) when manifest is given, or left out to be computed',
    ],
    [
      "an unknown media type",
      seedWith([{ name: A, manifest: { mediaType: "application/json" as never } }]),
      "packages[0].versions[0].manifest.mediaType",
      `must be one of ${MANIFEST_MEDIA_TYPES.map((t) => JSON.stringify(t)).join(", ")}`,
    ],
    [
      "manifests on an image manifest",
      seedWith([{ name: A, manifest: { mediaType: OCI_MANIFEST, manifests: [{ digest: B, platform: "linux/amd64" }] } }]),
      "packages[0].versions[0].manifest.manifests",
      'is only allowed with an index mediaType ("application/vnd.oci.image.index.v1+json" or "application/vnd.docker.distribution.manifest.list.v2+json"), not "application/vnd.oci.image.manifest.v1+json"',
    ],
    [
      "manifests without a media type",
      seedWith([{ name: A, manifest: { manifests: [] } }]),
      "packages[0].versions[0].manifest.manifests",
      'is only allowed with an index mediaType ("application/vnd.oci.image.index.v1+json" or "application/vnd.docker.distribution.manifest.list.v2+json"), not "the default image manifest"',
    ],
    [
      "an entry without a platform",
      seedWith([{ name: A, manifest: { mediaType: OCI_INDEX, manifests: [{ digest: B } as never] } }]),
      "packages[0].versions[0].manifest.manifests[0].platform",
      "is required",
    ],
    [
      "a platform that is not os/arch",
      seedWith([{ name: A, manifest: { mediaType: OCI_INDEX, manifests: [{ digest: B, platform: "amd64" }] } }]),
      "packages[0].versions[0].manifest.manifests[0].platform",
      'must match ^[a-z0-9._-]+/[a-z0-9._-]+(/[a-z0-9._-]+)?$, such as "linux/arm64/v8"',
    ],
    [
      "an entry digest that is not sha256",
      seedWith([{ name: A, manifest: { mediaType: OCI_INDEX, manifests: [{ digest: "sha256:bb22", platform: "linux/amd64" }] } }]),
      "packages[0].versions[0].manifest.manifests[0].digest",
      'must match ^sha256:[a-f0-9]{64}$, such as "sha256:4f3c2b1a4f3c2b1a4f3c2b1a4f3c2b1a4f3c2b1a4f3c2b1a4f3c2b1a4f3c2b1a"',
    ],
    [
      "an upper-case subject digest",
      seedWith([{ name: A, manifest: { subject: B.toUpperCase().replace("SHA256", "sha256") } }]),
      "packages[0].versions[0].manifest.subject",
      'must match ^sha256:[a-f0-9]{64}$, such as "sha256:4f3c2b1a4f3c2b1a4f3c2b1a4f3c2b1a4f3c2b1a4f3c2b1a4f3c2b1a4f3c2b1a"',
    ],
    [
      "a bad artifactType",
      seedWith([{ name: A, manifest: { artifactType: "spdx" } }]),
      "packages[0].versions[0].manifest.artifactType",
      'must match ^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$, such as "application/spdx+json"',
    ],
    [
      "an annotation that is not a string",
      seedWith([{ name: A, manifest: { annotations: { n: 1 as never } } }]),
      "packages[0].versions[0].manifest.annotations.n",
      "must be a string",
    ],
    [
      "an unknown field",
      seedWith([{ name: A, manifest: { platform: "linux/amd64" } as never }]),
      "packages[0].versions[0].manifest.platform",
      "is not a known field (expected one of mediaType, manifests, subject, subjectKey, artifactType, annotations)",
    ],
    [
      "a subject on a Docker manifest",
      seedWith([{ name: A, manifest: { mediaType: DOCKER_MANIFEST, subject: B } }]),
      "packages[0].versions[0].manifest.subject",
      `is not part of Docker manifests (${DOCKER_MANIFEST}); use an OCI media type`,
    ],
    [
      "annotations on a Docker manifest list entry",
      seedWith([{ name: A, manifest: { mediaType: DOCKER_LIST, manifests: [{ digest: B, platform: "linux/amd64", annotations: {} }] } }]),
      "packages[0].versions[0].manifest.manifests[0].annotations",
      "is not part of Docker manifest lists; use an OCI index",
    ],
    [
      "a manifest that is its own subject",
      seedWith([{ name: A, manifest: { subject: A } }]),
      "packages[0].versions[0].manifest.subject",
      `refers back to ${A} through a cycle of manifests; a manifest's digest is the hash of its content, so manifests cannot refer to each other in a loop`,
    ],
    [
      "a cycle through an index and a subject",
      seedWith([
        { name: A, manifest: { mediaType: OCI_INDEX, manifests: [{ digest: B, platform: "linux/amd64" }] } },
        { name: B, manifest: { subject: C } },
        { name: C, manifest: { subject: A } },
      ]),
      "packages[0].versions[2].manifest.subject",
      `refers back to ${A} through a cycle of manifests; a manifest's digest is the hash of its content, so manifests cannot refer to each other in a loop`,
    ],
  ];
  for (const [label, seed, field, problem] of refused) {
    it(`refuses ${label}, naming ${field}`, () => {
      assert.deepEqual(refusal(seed), { field, message: `Invalid seed: ${field} ${problem}` });
    });
  }

  it("refuses a bad manifest through the admin API with 400, leaving state unchanged", async () => {
    const emu = await startEmulator({ seed: registrySeed() });
    try {
      const before = emu.state();
      const res = await fetch(`${emu.url}/_emulator/seed`, {
        method: "POST",
        body: JSON.stringify(seedWith([{ name: "1.0.0", manifest: {} }])),
      });
      assert.equal(res.status, 400);
      assert.match(
        ((await res.json()) as { message: string }).message,
        /^Invalid seed: packages\[0\]\.versions\[0\]\.name must be a sha256 digest/,
      );
      assert.deepEqual(emu.state(), before);
    } finally {
      await emu.close();
    }
  });

  it("builds the same bytes from the same seed, whatever else the emulator holds", async () => {
    const one = await startEmulator({ seed: registrySeed() });
    const two = await startEmulator({ seed: { ...registrySeed(), packages: [...(registrySeed().packages ?? [])].reverse() } });
    try {
      const first = await served(one.url, one);
      assert.equal(first.size, Object.values(APP_DIGESTS).length - 2, "all but the missing and the deleted manifest");
      assert.deepEqual(await served(two.url, two), first);
      // Deleting a listed version does not change the index that lists it (its bytes are its digest).
      const index = first.get(APP_DIGESTS.v3);
      one.seed({
        packages: [
          {
            ...registrySeed().packages!.find((p) => p.name === "app")!,
            versions: registrySeed()
              .packages!.find((p) => p.name === "app")!
              .versions!.map((v) => (v.name === APP_DIGESTS.v3arm64 ? { ...v, deletedAt: "2026-11-25T00:00:00Z" } : v)),
          },
        ],
      });
      assert.equal((await served(one.url, one)).get(APP_DIGESTS.v3), index);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it("keeps manifest in /_emulator/state: the state's packages seed an emulator serving the same manifests", async () => {
    const one = await startEmulator({ seed: registrySeed() });
    const two = await startEmulator({ seed: { tokens: registrySeed().tokens ?? [] } });
    try {
      const state = one.state();
      const v3 = state.packages.find((p) => p.name === "app")?.versions.find((v) => v.id === 9100);
      assert.deepEqual(v3?.manifest, registrySeed().packages!.find((p) => p.name === "app")!.versions![0]!.manifest);
      assert.equal(
        state.packages.find((p) => p.name === "app")?.versions.find((v) => v.id === 9101)?.manifest,
        undefined,
        "only when seeded",
      );
      two.seed({ now: state.now, packages: state.packages });
      assert.deepEqual(two.state().packages, state.packages);
      assert.deepEqual(await served(two.url, two), await served(one.url, one));
    } finally {
      await one.close();
      await two.close();
    }
  });

  it("still serves the manifest of a version seeded without one on a container package with a short name", async () => {
    const emu = await startEmulator({ seed: { tokens: registrySeed().tokens ?? [], ...seedWith([{ name: "sha256:aa11", tags: ["x"] }]) } });
    try {
      const res = await pull(emu, "acme/p", "x", { token: await registryToken(emu, "acme/p") });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), OCI_MANIFEST);
    } finally {
      await emu.close();
    }
  });
});
