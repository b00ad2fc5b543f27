/** The container package the retention and ownership end-to-end tests share. */
import type { EmulatorSeed } from "../../emulator";
import { NOW } from "./clock";
import { ADMIN_TOKEN } from "./provider-fixture";

const ALL_SCOPES = ["read:packages", "write:packages", "delete:packages"];

/** A container package with releases, untagged builds and a deletion, on 2026-11-26. */
export function imagesSeed(): EmulatorSeed {
  return {
    now: NOW,
    tokens: [{ token: ADMIN_TOKEN, login: "octocat", scopes: ALL_SCOPES, orgAdmin: ["acme"] }],
    packages: [
      {
        owner: "acme",
        ownerType: "org",
        packageType: "container",
        name: "images",
        visibility: "private",
        versions: [
          { id: 1, name: "sha256:01", tags: ["latest", "v1.5"], createdAt: "2026-11-25T00:00:00Z" },
          { id: 2, name: "sha256:02", tags: ["v1.4"], createdAt: "2026-11-10T00:00:00Z" },
          { id: 3, name: "sha256:03", tags: [], createdAt: "2026-11-01T00:00:00Z" },
          { id: 4, name: "sha256:04", tags: ["v1.3"], createdAt: "2026-10-15T00:00:00Z" },
          { id: 5, name: "sha256:05", tags: [], createdAt: "2026-10-01T00:00:00Z" },
          { id: 6, name: "sha256:06", tags: ["v1.2"], createdAt: "2026-09-01T00:00:00Z" },
          { id: 7, name: "sha256:07", tags: ["v1.0"], createdAt: "2026-06-01T00:00:00Z" },
          { id: 8, name: "sha256:08", tags: [], createdAt: "2026-05-01T00:00:00Z", deletedAt: "2026-11-20T00:00:00Z" },
        ],
      },
    ],
  };
}
