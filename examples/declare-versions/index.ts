import * as pulumi from "@pulumi/pulumi";
import { PackageVersion } from "pulumi-github-package-versions";

const org = new pulumi.Config().get("org") ?? "acme";

// Keep widget 1.4.2 (restored if someone deleted it in the last 30 days).
const kept = new PackageVersion("widget-1.4.2", { org, packageType: "npm", packageName: "widget", version: "1.4.2" });

// Make sure this container image is gone.
const removed = new PackageVersion("api-old", { org, packageType: "container", packageName: "api", versionId: 1001, state: "deleted" });

// Bring back 1.4.1, deleted by mistake. retainOnDelete: removing this declaration or
// `pulumi destroy` leaves the version in place instead of deleting it.
const restored = new PackageVersion(
  "widget-1.4.1",
  { org, packageType: "npm", packageName: "widget", version: "1.4.1" },
  { retainOnDelete: true },
);

export const widget142 = { id: kept.versionId, state: kept.state };
export const apiOld = { id: removed.versionId, state: removed.state, restorableUntil: removed.restorableUntil };
export const widget141 = { id: restored.versionId, state: restored.state };
