import type { PackageCoordinates } from "../core/package-version-types";
import { packageLabel } from "../core/version-label";
import type { PlannedEntry } from "./types";

/**
 * The job summary's line after the untags of a run: only the tags that were removed, version by
 * version, and how many planned untags did not happen.
 */
export function untagSummaryLine(coordinates: PackageCoordinates, removed: readonly PlannedEntry[], planned: number): string {
  const done = removed.map(([id, name, tags]) => `${id} (${name.slice(0, 19)}…): ${tags.join(", ")}`);
  const head = `Tags removed from ${removed.length} of ${planned} version(s) of ${packageLabel(coordinates)} planned to be untagged`;
  return done.length > 0 ? `${head}:\n${done.map((line) => `- ${line}`).join("\n")}` : `${head}: none (see the errors of the run).`;
}
