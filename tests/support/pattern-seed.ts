/** The seed and policy of the pattern e2e tests: dev-api, dev-web and prod-api besides the provider seed. */
import type { EmulatorSeed } from "../../emulator";
import { baseSeed } from "./provider-fixture";
import { NOW } from "./clock";

/** dev-api, dev-web (three versions each: one tagged, two untagged) and prod-api alike, besides the provider seed. */
export function patternSeed(): EmulatorSeed {
  const seed = baseSeed();
  let id = 8000;
  for (const name of ["dev-api", "dev-web", "prod-api"]) {
    seed.packages!.push({
      owner: "acme",
      ownerType: "org",
      packageType: "container",
      name,
      visibility: "public",
      versions: [
        { id: id++, name: `sha256:${name}-3`, tags: ["latest", "v3"], createdAt: "2026-11-20T00:00:00Z" },
        { id: id++, name: `sha256:${name}-2`, tags: [], createdAt: "2026-10-01T00:00:00Z" },
        { id: id++, name: `sha256:${name}-1`, tags: [], createdAt: "2026-09-01T00:00:00Z" },
      ],
    });
  }
  return seed;
}

/**
 * The pattern policy over `dev-*`, with a PackageVersion per version, which the tests that use it
 * check; the compact form (the default) is asked for with `perVersionChildren: false` over it.
 */
export const DEV_POLICY = {
  name: "dev",
  org: "acme",
  packageType: "container",
  packageName: "dev-*",
  keepLatest: 1,
  untagged: "delete",
  now: NOW,
  perVersionChildren: true,
};
