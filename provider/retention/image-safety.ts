import { shortDigest } from "../images/digest-names";
import type { PackageType } from "../core/package-types";
import type { PlannedUnit, UnitIndex } from "./image-units";
import { lastVersionReason, staysActive, type DraftDecision } from "./safety";

/**
 * applySafetyRules for a plan made image by image, applied to its drafts newest first once the
 * members have followed their images: when no tagged active version stays (a kept member's tag
 * counts, as it does for GitHub), the newest tagged image of the policy's own stays, whole; when
 * no active version stays at all, the newest image (or orphan) of its own stays, whole. Returns
 * whether it kept something, so that the members follow again.
 */
export function applyImageSafetyRules(drafts: readonly DraftDecision[], index: UnitIndex, packageType: PackageType): boolean {
  const active = drafts.filter((d) => d.active);
  const byId = new Map(drafts.map((d) => [d.versionId, d]));
  let changed = false;
  const keepUnit = (planned: PlannedUnit, reason: string): void => {
    planned.keep = true;
    const root = byId.get(planned.unit.versionId);
    if (root !== undefined && root.managedBy === undefined) {
      root.action = "keep";
      root.reason = reason;
    }
    changed = true;
  };
  /** Keeps a version of the policy's own: the unit it roots, or every unit it belongs to (a member never stays alone). */
  const keepVersion = (draft: DraftDecision, why: string): void => {
    const rooted = index.rootOf.get(draft.versionId);
    if (rooted !== undefined) return keepUnit(rooted, `kept: ${why}`);
    const memberships = index.membershipsOf.get(draft.versionId) ?? [];
    for (const { planned, member } of memberships)
      keepUnit(planned, `kept: its member ${shortDigest(draft.name)} (${member.description}) is ${why}`);
    if (memberships.length === 0) {
      draft.action = "keep";
      draft.reason = `kept: ${why}`;
      changed = true;
    }
  };

  if (!active.some((d) => d.tags.length > 0 && staysActive(d))) {
    const reason = `the newest tagged image, because GitHub refuses to delete the last tagged version of a ${packageType} package`;
    const image = index.units.find(
      (u) => u.managedBy === undefined && u.orphan === undefined && u.unit.tags.length > 0 && byId.get(u.unit.versionId)?.active === true,
    );
    const tagged = active.find((d) => d.managedBy === undefined && d.tags.length > 0);
    if (image !== undefined) keepUnit(image, `kept: ${reason}`);
    else if (tagged !== undefined)
      keepVersion(
        tagged,
        `the newest tagged version, because GitHub refuses to delete the last tagged version of a ${packageType} package`,
      );
  }
  if (!active.some(staysActive)) {
    const unit = index.units.find((u) => u.managedBy === undefined && byId.get(u.unit.versionId)?.active === true);
    const own = active.find((d) => d.managedBy === undefined);
    if (unit !== undefined) keepUnit(unit, lastVersionReason(packageType));
    else if (own !== undefined) keepVersion(own, lastVersionReason(packageType).replace(/^kept: /, ""));
  }
  return changed;
}
