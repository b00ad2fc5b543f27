/** Gathers what a run does and appends it to GITHUB_STEP_SUMMARY, when GitHub Actions sets it. */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import {
  PackageVersionError,
  getPackageVersion,
  type GetPackageVersionArgs,
  type PackageRetentionPolicies,
  type PackageRetentionPolicy,
  type PackageVersionInputs,
} from "pulumi-github-package-versions";
import { planFilePath, runOutcome } from "pulumi-github-package-versions/root-project";
import { renderJobSummary, type DeclaredChange, type JobSummary, type PolicySummary } from "./job-summary";
import type { VersionDeclaration } from "./stack-declarations";

/** A declared policy: one package, or a pattern's policies by package. */
export type DeclaredPolicy =
  | { kind: "package"; resourceName: string; policy: PackageRetentionPolicy; address: Address; deletionsPerRun?: number | undefined }
  | {
      kind: "pattern";
      resourceName: string;
      policies: PackageRetentionPolicies;
      address: Omit<Address, "packageName">;
      deletionsPerRun?: number | undefined;
    };

interface Address {
  org?: string | undefined;
  user?: string | undefined;
  packageType: string;
  packageName: string;
}

/** "container package api of org acme", as the provider's messages say it. */
function packageLabel(address: Address): string {
  const owner = address.org !== undefined ? `org ${address.org}` : `user ${address.user ?? "?"}`;
  return `${address.packageType} package ${address.packageName} of ${owner}`;
}

/** An Output's value once known; a policy's outputs always are (it plans while the program runs). */
function whenKnown<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/** When this process started: a plan file older than that is an earlier run's. */
const STARTED_MS = Date.now() - process.uptime() * 1000;

/** The policy's plan file (writePlanFile), when this run wrote one. */
function writtenPlanFile(policyName: string): string | undefined {
  const file = planFilePath(policyName);
  if (file === undefined) return undefined;
  const written = fs.statSync(file, { throwIfNoEntry: false });
  return written !== undefined && written.mtimeMs >= STARTED_MS - 1000 ? file : undefined;
}

async function policySummaries(declared: readonly DeclaredPolicy[]): Promise<PolicySummary[]> {
  const parts = await Promise.all(
    declared.map(async (d): Promise<PolicySummary[]> => {
      if (d.kind === "package") {
        const [decisions, tokenBudget] = await Promise.all([whenKnown(d.policy.decisions), whenKnown(d.policy.tokenBudget)]);
        return [
          {
            name: d.resourceName,
            packageLabel: packageLabel(d.address),
            decisions,
            deletionsPerRun: d.deletionsPerRun,
            planFile: writtenPlanFile(d.resourceName),
            tokenBudget,
          },
        ];
      }
      const byPackage = await whenKnown(d.policies.policies);
      return Object.entries(byPackage).map(([packageName, data]) => ({
        name: `${d.resourceName}-${packageName}`,
        packageLabel: packageLabel({ ...d.address, packageName }),
        decisions: data.decisions,
        deletionsPerRun: d.deletionsPerRun,
        planFile: writtenPlanFile(`${d.resourceName}-${packageName}`),
        tokenBudget: data.tokenBudget,
      }));
    }),
  );
  return parts.flat();
}

/** What GitHub has now for one declared version: one read per declaration, as the look-up makes it. */
async function before(inputs: PackageVersionInputs): Promise<{ state: DeclaredChange["before"]; name: string | undefined } | undefined> {
  const { org, user, packageType, packageName, versionId, version, tag, baseUrl } = inputs;
  const args = Object.fromEntries(
    Object.entries({ org, user, packageType, packageName, versionId, version, tag, baseUrl }).filter(([, v]) => v !== undefined),
  );
  try {
    const found = await getPackageVersion(args as unknown as GetPackageVersionArgs);
    return { state: found.state, name: found.name };
  } catch (error) {
    if (error instanceof PackageVersionError && (error.reason === "version-not-found" || error.reason === "package-not-found"))
      return { state: "not found", name: undefined };
    pulumi.log.warn(`job summary: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function declaredChanges(declarations: readonly VersionDeclaration[]): Promise<{ changed: DeclaredChange[]; unchanged: number }> {
  const changed: DeclaredChange[] = [];
  let unchanged = 0;
  const seen = await Promise.all(declarations.map(async (d) => ({ d, now: await before(d.inputs) })));
  for (const { d, now } of seen) {
    if (now === undefined) continue;
    const declared = d.inputs.state ?? "present";
    const same = now.state === declared || (now.state === "not found" && declared === "deleted");
    if (same) {
      unchanged++;
      continue;
    }
    const selector = d.inputs.versionId !== undefined ? `id ${d.inputs.versionId}` : (d.inputs.version ?? `tag ${d.inputs.tag ?? "?"}`);
    changed.push({
      resourceName: d.resourceName,
      packageLabel: packageLabel(d.inputs),
      version: now.name ?? selector,
      before: now.state,
      declared,
    });
  }
  return { changed, unchanged };
}

/**
 * When GITHUB_STEP_SUMMARY names a file, appends this run's summary to it once the policies have
 * planned: at `preview` what would change, at `up` what the update does. Nothing otherwise.
 * Returns the write, for a stack output to wait on (the runtime waits for exported Outputs
 * before it ends the program), or undefined when there is nothing to write.
 */
export function writeJobSummary(
  policies: readonly DeclaredPolicy[],
  declarations: readonly VersionDeclaration[],
): Promise<void> | undefined {
  const file = process.env["GITHUB_STEP_SUMMARY"];
  if (file === undefined || file === "") return undefined;
  const command: JobSummary["command"] = pulumi.runtime.isDryRun() ? "preview" : "up";
  const written = Promise.all([policySummaries(policies), declaredChanges(declarations), runOutcome()]).then(
    ([summaries, { changed, unchanged }, refusals]) => {
      const summary = {
        command,
        stack: pulumi.getStack(),
        policies: summaries,
        declared: changed,
        unchangedDeclared: unchanged,
        refusals: refusals.map((refusal) => refusal.message),
      } satisfies JobSummary;
      fs.appendFileSync(file, renderJobSummary(summary));
    },
  );
  return written;
}
