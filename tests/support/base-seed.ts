/**
 * The one base seed of every suite (emulator, provider, look-ups, end-to-end) and its tokens, one
 * per role. Suites add what they need to a fresh copy.
 */
import type { EmulatorSeed } from "../../emulator";
import { NOW } from "./clock";

/** Distinctive, so tests can grep every output, error and log for it. */
const testToken = (role: string): string => `ghp_${role}testSECRET0123456789abcdefXYZ`;

export const ADMIN_TOKEN = testToken("PROVIDER");
export const READ_ONLY_TOKEN = testToken("READONLY");
export const MEMBER_TOKEN = testToken("MEMBER");
/** read:packages and write:packages: enough to read and to restore, not to delete or list deleted versions. */
export const READ_WRITE_TOKEN = testToken("READWRITE");
/** write:packages alone (scopes are taken literally: it does not imply read:packages). */
export const WRITE_ONLY_TOKEN = testToken("WRITEONLY");
/** Every scope, but no role in org acme. */
export const OUTSIDER_TOKEN = testToken("OUTSIDER");
/** No scopes at all, for an admin of acme. */
export const NO_SCOPES_TOKEN = testToken("NOSCOPES");
/** Classic tokens with read:org too (GitHub then tells the user's role in an org): an owner (admin) of acme, and a member (see tests/support/token-kinds.ts). */
export const ORG_OWNER_TOKEN = testToken("ORGOWNER");
export const ORG_MEMBER_TOKEN = testToken("ORGMEMBER");
/** A workflow's GITHUB_TOKEN (emulator kind `actions`) of repository acme/app (see tests/support/token-kinds.ts). */
export const ACTIONS_TOKEN = "ghs_ACTIONStestSECRET0123456789abcdefXYZ";
/** A fine-grained personal access token, which GitHub Packages does not accept. */
export const FINE_GRAINED_TOKEN = "github_pat_FINEGRAINEDtestSECRET0123456789abcdefXYZ";
/** A GitHub App installation token, which GitHub Packages does not accept. */
export const APP_TOKEN = "ghs_APPtestSECRET0123456789abcdefXYZ";
/** Every token above: none may appear in an error, an output or a log. */
export const TEST_TOKENS = [
  ADMIN_TOKEN,
  READ_ONLY_TOKEN,
  MEMBER_TOKEN,
  READ_WRITE_TOKEN,
  WRITE_ONLY_TOKEN,
  OUTSIDER_TOKEN,
  NO_SCOPES_TOKEN,
  ORG_OWNER_TOKEN,
  ORG_MEMBER_TOKEN,
  ACTIONS_TOKEN,
  FINE_GRAINED_TOKEN,
  APP_TOKEN,
] as const;
export const ALL_SCOPES = ["read:packages", "write:packages", "delete:packages"];

/** Versions of every kind the semantics need, for an org and a user owner. */
export function baseSeed(): EmulatorSeed {
  return {
    now: NOW,
    tokens: [
      { token: ADMIN_TOKEN, login: "octocat", scopes: ALL_SCOPES, orgAdmin: ["acme"] },
      { token: READ_ONLY_TOKEN, login: "reader", scopes: ["read:packages"], orgAdmin: ["acme"] },
      { token: MEMBER_TOKEN, login: "monalisa", scopes: ALL_SCOPES, orgMember: ["acme"] },
      { token: READ_WRITE_TOKEN, login: "restorer", scopes: ["read:packages", "write:packages"], orgAdmin: ["acme"] },
      { token: WRITE_ONLY_TOKEN, login: "writer", scopes: ["write:packages"], orgAdmin: ["acme"] },
      { token: OUTSIDER_TOKEN, login: "hubot", scopes: ALL_SCOPES },
      { token: NO_SCOPES_TOKEN, login: "nobody", scopes: [], orgAdmin: ["acme"] },
    ],
    packages: [
      {
        owner: "acme",
        ownerType: "org",
        packageType: "container",
        name: "api",
        visibility: "public",
        versions: [
          { id: 1002, name: "sha256:aa11", tags: ["latest", "v2"], createdAt: "2026-11-20T00:00:00Z", downloads: 9000 },
          { id: 1001, name: "sha256:bb22", tags: [], createdAt: "2026-11-01T00:00:00Z" },
          { id: 1003, name: "sha256:dd44", tags: ["v1.5"], createdAt: "2026-10-15T00:00:00Z" },
          { id: 1000, name: "sha256:cc33", tags: ["v1"], createdAt: "2026-10-01T00:00:00Z", deletedAt: "2026-11-19T00:00:00Z" },
        ],
      },
      {
        owner: "acme",
        ownerType: "org",
        packageType: "container",
        name: "single",
        visibility: "private",
        versions: [
          { id: 3001, name: "sha256:ee55", tags: ["latest"], createdAt: "2026-11-01T00:00:00Z" },
          { id: 3000, name: "sha256:ff66", tags: [], createdAt: "2026-10-01T00:00:00Z" },
        ],
      },
      {
        owner: "acme",
        ownerType: "org",
        packageType: "npm",
        name: "widget",
        visibility: "private",
        versions: [
          { id: 2005, name: "1.4.2", createdAt: "2026-11-20T00:00:00Z" },
          { id: 2004, name: "1.4.1", createdAt: "2026-11-10T00:00:00Z", deletedAt: "2026-11-21T00:00:00Z" },
          { id: 2003, name: "1.3.0", createdAt: "2026-09-01T00:00:00Z", deletedAt: "2026-10-01T00:00:00Z" },
          { id: 2002, name: "1.0.0", createdAt: "2026-11-15T00:00:00Z" },
          { id: 2001, name: "1.0.0", createdAt: "2026-06-01T00:00:00Z", deletedAt: "2026-11-14T00:00:00Z" },
          { id: 2000, name: "0.9.0", createdAt: "2026-05-01T00:00:00Z" },
        ],
      },
      {
        owner: "acme",
        ownerType: "org",
        packageType: "maven",
        name: "com.acme.lib",
        visibility: "private",
        versions: [{ id: 4000, name: "2.0.0", createdAt: "2026-11-01T00:00:00Z" }],
      },
      {
        owner: "octocat",
        ownerType: "user",
        packageType: "npm",
        name: "tool",
        visibility: "public",
        versions: [
          { id: 5002, name: "3.0.0", createdAt: "2026-11-20T00:00:00Z" },
          { id: 5001, name: "2.0.0", createdAt: "2026-10-20T00:00:00Z", deletedAt: "2026-11-20T00:00:00Z" },
          { id: 5000, name: "1.0.0", createdAt: "2026-09-20T00:00:00Z" },
        ],
      },
    ],
  };
}
