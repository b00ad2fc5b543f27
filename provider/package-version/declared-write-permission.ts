/**
 * The permission check of a PackageVersion the program declares itself (a policy's children are
 * covered by their policy's plan), one of the run's checks before any write (write-gate.ts):
 *
 * - a fine-grained or App token: refused, as GitHub Packages refuses it, before any request;
 * - the workflow's GITHUB_TOKEN and a version declared `deleted`: its repository's Admin role on
 *   the package (one read per package and run, shared with the package's policies and versions);
 * - a classic token: not checked here. Its scopes come with GitHub's answers, and the program
 *   sends none for a declared version; the provider's first request reports them, and a refused
 *   write fails its step, observed again, with the missing scopes named.
 *
 * A version declared `deleted` may already be deleted (no write at all): the check asks for the
 * role all the same, since a workflow token without it cannot read the package's deleted
 * versions either.
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
import { identifyToken } from "../core/token-kind";
import { checkWritePermission } from "../github/write-permission";
import { coordinatesOf } from "../core/package-coordinates";
import { packageLabel } from "../core/version-label";
import { selectorOf } from "./selector";
import type { PackageVersionInputs } from "../core/package-version-types";

export async function checkDeclaredWritePermission(resourceName: string, inputs: PackageVersionInputs): Promise<void> {
  let configured: ConfiguredGitHubSettings;
  try {
    configured = readConfiguredSettings({ get: (key) => pulumi.runtime.getConfig(key) });
  } catch (error) {
    // A bad github:* setting is the provider's to report, at the resource, as before.
    if (error instanceof GitHubSettingsError) return;
    throw error;
  }
  const token = resolveToken(configured);
  // No token: the provider's missing-token error says so at the resource.
  if (token === undefined) return;
  const kind = identifyToken(token).kind;
  if (kind === "classic") return;
  const coordinates = coordinatesOf(inputs);
  // Fine-grained and App tokens are refused here, before any request (resolveSettings throws).
  const settings = resolveSettings(configured, { coordinates, selector: selectorOf(inputs), baseUrl: inputs.baseUrl });
  if (inputs.state !== "deleted") return;
  await checkWritePermission(
    gitHubClient(settings),
    settings,
    coordinates,
    { deletions: 1, restores: 0 },
    `PackageVersion ${resourceName}'s deletion in ${packageLabel(coordinates)}`,
  );
}
