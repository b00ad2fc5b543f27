/**
 * The token kinds of the emulator (classic, actions, fine-grained, app) and packages granting a
 * workflow's repository each Actions role: one seed for the emulator, provider and e2e suites.
 */
import type { EmulatorSeed, SeedPackage } from "../../emulator";
import {
  ACTIONS_TOKEN,
  ADMIN_TOKEN,
  ALL_SCOPES,
  APP_TOKEN,
  FINE_GRAINED_TOKEN,
  ORG_MEMBER_TOKEN,
  ORG_OWNER_TOKEN,
  READ_ONLY_TOKEN,
} from "./base-seed";
import { NOW } from "./clock";

/** The repository the workflow runs in (GITHUB_REPOSITORY) and its GITHUB_TOKEN's. */
export const WORKFLOW_REPOSITORY = "acme/app";

function versions(base: number): NonNullable<SeedPackage["versions"]> {
  return [
    { id: base + 1, name: "1.0.0", createdAt: "2026-11-01T00:00:00Z" },
    { id: base + 2, name: "1.1.0", createdAt: "2026-11-02T00:00:00Z" },
    { id: base + 3, name: "1.2.0", createdAt: "2026-11-03T00:00:00Z" },
  ];
}

/**
 * npm packages of org acme: `granted-admin` (acme/app is Admin), `granted-write` (Write),
 * `granted-read` (Read), `not-granted` (no entry), and a maven package linked to acme/app
 * (repository-scoped: a workflow token may read it, never delete).
 */
export function tokenKindsSeed(): EmulatorSeed {
  const pkg = (name: string, base: number, role?: "read" | "write" | "admin"): SeedPackage => ({
    owner: "acme",
    ownerType: "org",
    packageType: "npm",
    name,
    ...(role !== undefined ? { actionsAccess: [{ repository: WORKFLOW_REPOSITORY, role }] } : {}),
    versions: versions(base),
  });
  return {
    now: NOW,
    tokens: [
      { token: ADMIN_TOKEN, login: "octocat", scopes: ALL_SCOPES, orgAdmin: ["acme"] },
      { token: READ_ONLY_TOKEN, login: "reader", scopes: ["read:packages"], orgAdmin: ["acme"] },
      { token: ACTIONS_TOKEN, kind: "actions", repository: WORKFLOW_REPOSITORY, login: "github-actions[bot]" },
      { token: FINE_GRAINED_TOKEN, kind: "fine-grained", login: "octocat" },
      { token: APP_TOKEN, kind: "app", login: "acme-cleanup[bot]" },
      { token: ORG_OWNER_TOKEN, login: "owner", scopes: [...ALL_SCOPES, "read:org"], orgAdmin: ["acme"] },
      { token: ORG_MEMBER_TOKEN, login: "monalisa", scopes: [...ALL_SCOPES, "read:org"], orgMember: ["acme"] },
    ],
    packages: [
      pkg("granted-admin", 100, "admin"),
      pkg("granted-write", 200, "write"),
      pkg("granted-read", 300, "read"),
      pkg("not-granted", 400),
      {
        owner: "acme",
        ownerType: "org",
        packageType: "maven",
        name: "com.acme.lib",
        repository: WORKFLOW_REPOSITORY,
        versions: versions(500),
      },
    ],
  };
}
