/**
 * The permission check of a PackageVersion the program declares itself (a policy's children are
 * covered by their policy's plan), one of the run's checks before any write (write-gate.ts), by
 * checkWritePermission's rules (one definition for policies and declared versions):
 *
 * - a fine-grained or App token: refused, as GitHub Packages refuses it, before any request;
 * - the writes the declaration makes, told from the state recorded at the last run (read from the
 *   stack's state, no request to GitHub): a version declared `deleted` and not recorded deleted is
 *   a deletion; a version declared `present` and recorded deleted is a restore;
 * - a classic token: the scopes those writes need, from X-OAuth-Scopes (GitHub's answers to the
 *   program's other requests with the same token, else one GET /user per token and process), and
 *   for an org's package the user's role in the org when the token has read:org (one
 *   GET /user/memberships/orgs/{org} per org and run);
 * - the workflow's GITHUB_TOKEN: its repository's Admin role on the package (one read per package
 *   and run, shared with the package's policies and versions). A version declared `deleted` is
 *   checked even when recorded deleted: a workflow token without the role cannot read the package's
 *   deleted versions, where the provider looks for it.
 *
 * A version deleted or restored outside Pulumi since the last run is not known here (nothing is
 * asked of GitHub for it): its write, if refused, fails its step at `up`, observed again.
 */
import * as pulumi from "@pulumi/pulumi";
import { gitHubClient } from "../github/client";
import {
  GitHubSettingsError,
  readConfiguredSettings,
  resolveSettings,
  resolveToken,
  type ConfiguredGitHubSettings,
} from "../core/settings";
import { checkWritePermission, type PlannedWriteCounts } from "../github/write-permission";
import { coordinatesOf } from "../core/package-coordinates";
import { packageLabel } from "../core/version-label";
import { selectorOf } from "./selector";
import type { PackageVersionInputs } from "../core/package-version-types";
import type { TokenKind } from "../core/token-kind";
import type { VersionState } from "../core/package-types";

/** The writes a declaration makes, from the declared state and the state recorded at the last run. */
export function declaredWrites(declared: VersionState, recorded: VersionState | undefined, kind: TokenKind): PlannedWriteCounts {
  // A workflow token reads deleted versions only with the Admin role: declared deleted, it is checked as a deletion.
  const deletions = declared === "deleted" && (recorded !== "deleted" || kind === "actions") ? 1 : 0;
  const restores = declared === "present" && recorded === "deleted" ? 1 : 0;
  return { deletions, restores };
}

/**
 * Refuses (TokenPermissionError) a declaration whose token may not make its writes. `recordedState`:
 * the version's state recorded at the last run, undefined when the resource is new.
 */
export async function checkDeclaredWritePermission(
  resourceName: string,
  inputs: PackageVersionInputs,
  recordedState: () => Promise<VersionState | undefined>,
): Promise<void> {
  let configured: ConfiguredGitHubSettings;
  try {
    configured = readConfiguredSettings({ get: (key) => pulumi.runtime.getConfig(key) });
  } catch (error) {
    // A bad github:* setting is the provider's to report, at the resource, as before.
    if (error instanceof GitHubSettingsError) return;
    throw error;
  }
  // No token: the provider's missing-token error says so at the resource.
  if (resolveToken(configured) === undefined) return;
  const coordinates = coordinatesOf(inputs);
  // Fine-grained and App tokens are refused here, before any request (resolveSettings throws).
  const settings = resolveSettings(configured, { coordinates, selector: selectorOf(inputs), baseUrl: inputs.baseUrl });
  const planned = declaredWrites(inputs.state ?? "present", await recordedState(), settings.tokenIdentity.kind);
  if (planned.deletions + planned.restores === 0) return;
  await checkWritePermission(
    gitHubClient(settings),
    settings,
    coordinates,
    planned,
    `PackageVersion ${resourceName}'s ${planned.deletions > 0 ? "deletion" : "restore"} in ${packageLabel(coordinates)}`,
  );
}
