/** The settings pages a person changes to give a token what GitHub asks for, named in refusals. */
import type { PackageCoordinates } from "./package-version-types";

/** GitHub.com's API (settings.ts's default, not imported: settings.ts needs the errors that need this module). */
const GITHUB_COM_API = "https://api.github.com";

/** GitHub's web host for an API base URL: https://github.com for api.github.com, the GHES host for `https://host/api/v3`. */
export function webUrlOf(baseUrl: string = GITHUB_COM_API): string {
  if (baseUrl.replace(/\/+$/, "") === GITHUB_COM_API) return "https://github.com";
  try {
    const url = new URL(baseUrl);
    return url.pathname.replace(/\/+$/, "") === "/api/v3" ? url.origin : "https://github.com";
  } catch {
    return "https://github.com";
  }
}

/** The package's settings page, where "Manage Actions access" is: https://github.com/orgs/acme/packages/container/api/settings. */
export function packageSettingsPage(coordinates: PackageCoordinates, webUrl = "https://github.com"): string {
  const owner =
    coordinates.org !== undefined ? `orgs/${encodeURIComponent(coordinates.org)}` : `users/${encodeURIComponent(coordinates.user)}`;
  return `${webUrl}/${owner}/packages/${coordinates.packageType}/${encodeURIComponent(coordinates.packageName)}/settings`;
}

/** The org's People page, where an owner changes a member's role: https://github.com/orgs/acme/people. */
export function orgPeoplePage(org: string, webUrl = "https://github.com"): string {
  return `${webUrl}/orgs/${encodeURIComponent(org)}/people`;
}

/** Where a classic token with these scopes is made, or an existing one edited. */
export function classicTokenPage(scopes: readonly string[], webUrl = "https://github.com"): string {
  return `${webUrl}/settings/tokens${scopes.length > 0 ? `/new?scopes=${scopes.join(",")}` : ""}`;
}

/** One sentence: which classic token to use instead, and where it is made. */
export function classicTokenAdvice(webUrl = "https://github.com"): string {
  return (
    "store a personal access token (classic) with read:packages, write:packages and delete:packages " +
    `(${classicTokenPage(["read:packages", "write:packages", "delete:packages"], webUrl)}), from a user who administers the package, ` +
    "as a secret and pass it as GITHUB_TOKEN"
  );
}
