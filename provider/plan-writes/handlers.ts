/**
 * The provider of PackagePlanWrites: one retention policy's writes to one package in one run, and
 * their record. Required inside each method of the serialized provider (plan-writes-provider.ts),
 * so none of this is copied into Pulumi state.
 *
 * The program lists the package and plans; this resource carries the run's deletions and restores
 * (compact, by id) and the provider sends them: one DELETE or one POST restore per version, paced
 * with every other write of the process, each failure observed again as a PackageVersion's is.
 * Its state is the record of what was written in the last 30 days. However many versions the
 * package has, the engine handles one resource.
 */
import * as fs from "node:fs";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { configure as configureVersions, configuredSettings, writePlannedVersion } from "../package-version/handlers";
import { gitHubClient, primaryBudgetOf } from "../github/client";
import { BudgetReserve } from "../github/primary-budget";
import { isoSeconds } from "../core/rate-limit-wait";
import { resolveRateLimitReserve, resolveSettings } from "../core/settings";
import { coordinatesOf, packagePath, replacedCoordinates } from "../core/package-coordinates";
import type { VersionState } from "../core/package-types";
import { packageLabel } from "../core/version-label";
import { mergeManifests } from "../images/recorded-manifests";
import { appendRun, decodeRecord, encodeRecord } from "./record";
import type { PlanWritesInputs, PlanWritesOutputs, PlannedEntry, RecordedRun, UnrestorableEntry } from "./types";
import { boundedLines, refusalLine } from "./undo-lines";
import { forgetRegistryWriters, untagVersion } from "./untag-write";
import { untagSummaryLine } from "./untag-summary";

/** The writes share the PackageVersion provider's configuration, listings and clients; the untags' registry tokens start anew. */
export async function configure(request: dynamic.ConfigureRequest): Promise<void> {
  forgetRegistryWriters();
  await configureVersions(request);
}

/** How many of the run's writes are in flight at once: the client paces them further. */
const CONCURRENT_WRITES = 8;

function entriesOf(json: string | undefined): PlannedEntry[] {
  if (json === undefined || json === "") return [];
  return JSON.parse(json) as PlannedEntry[];
}

function unrestorableOf(json: string | undefined): UnrestorableEntry[] {
  if (json === undefined || json === "") return [];
  return JSON.parse(json) as UnrestorableEntry[];
}

function resourceId(inputs: PlanWritesInputs): string {
  return `${packagePath(coordinatesOf(inputs))}/plan`;
}

interface Outcome {
  written: PlannedEntry[];
  /** Each failed write's message, with the entry it was for. */
  failures: { entry: PlannedEntry; message: string }[];
  /** Planned writes not sent because the budget was down to the reserve. */
  unsent: number;
}

/** The primary budget the writes to this package spend (the client writePlannedVersion uses) and the reserve to keep. */
interface Budget {
  watch: BudgetReserve;
  reserve: number;
}

function budgetOf(inputs: PlanWritesInputs): Budget {
  const configured = configuredSettings();
  const settings = resolveSettings(configured, { coordinates: coordinatesOf(inputs), selector: {}, baseUrl: inputs.baseUrl });
  return { watch: BudgetReserve.of(primaryBudgetOf(gitHubClient(settings))), reserve: resolveRateLimitReserve(configured) };
}

/**
 * Sends the writes, CONCURRENT_WRITES at a time, each only while the primary budget the last
 * answers told stays above the reserve: once it is down to it, no more are sent (`unsent`), and
 * the next run plans them again from its listing. What went through and what failed.
 */
async function writeAll(
  inputs: PlanWritesInputs,
  entries: readonly PlannedEntry[],
  desired: VersionState,
  budget: Budget | undefined,
): Promise<Outcome> {
  const outcome: Outcome = { written: [], failures: [], unsent: 0 };
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped && next < entries.length) {
      if (budget !== undefined && !(await budget.watch.claim(budget.reserve))) {
        stopped = true;
        break;
      }
      try {
        // Another worker may have stopped, or taken the last entry, while this one waited for an answer.
        if (stopped || next >= entries.length) break;
        const entry = entries[next++]!;
        const [versionId, name, , deletedAt] = entry;
        try {
          const after = await writePlannedVersion(inputs, { versionId, name, deletedAt }, desired);
          if (after === desired) outcome.written.push(entry);
        } catch (error) {
          outcome.failures.push({ entry, message: error instanceof Error ? error.message : String(error) });
        }
      } finally {
        budget?.watch.release();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_WRITES, entries.length) }, worker));
  outcome.unsent = entries.length - next;
  return outcome;
}

/**
 * Removes the planned tags, one version at a time (each untag is a few registry requests and one
 * paced DELETE), while the budget stays above the reserve: the tags removed, what failed, and how
 * many were not started.
 */
async function untagAll(inputs: PlanWritesInputs, entries: readonly PlannedEntry[], budget: Budget | undefined): Promise<Outcome> {
  const outcome: Outcome = { written: [], failures: [], unsent: 0 };
  for (let index = 0; index < entries.length; index++) {
    if (budget !== undefined && !(await budget.watch.claim(budget.reserve))) {
      outcome.unsent = entries.length - index;
      break;
    }
    try {
      const [versionId, name] = entries[index]!;
      const { removed, failure } = await untagVersion(inputs, entries[index]!);
      if (removed.length > 0) outcome.written.push([versionId, name, removed]);
      if (failure !== undefined) outcome.failures.push({ entry: entries[index]!, message: failure.message });
    } catch (error) {
      outcome.failures.push({ entry: entries[index]!, message: error instanceof Error ? error.message : String(error) });
    } finally {
      budget?.watch.release();
    }
  }
  return outcome;
}

/**
 * The line a run stopped for the budget prints (on the provider's console: a message of the
 * stack in `pulumi up`), keeps in its outputs and appends to the job summary.
 */
function budgetWarning(inputs: PlanWritesInputs, budget: Budget, sent: number, pending: number): string {
  const known = budget.watch.known();
  const left =
    known !== undefined
      ? `${known.remaining} of ${known.limit ?? "?"} requests left until ${isoSeconds(known.resetAtMs)}`
      : "the budget's window has reset since";
  return (
    `Stopped for GitHub's primary rate limit: ${sent} of ${sent + pending} planned writes to ${packageLabel(coordinatesOf(inputs))} sent, ` +
    `${pending} pending for a later run (${left}; github:rateLimitReserve is ${budget.reserve}).`
  );
}

/**
 * Appends a note to GitHub Actions' job summary, when GITHUB_STEP_SUMMARY names a file: a GitHub
 * alert block (`WARNING`, `CAUTION`), every line of the text quoted.
 */
function appendToJobSummary(text: string, alert: "WARNING" | "CAUTION" = "WARNING"): void {
  const file = process.env["GITHUB_STEP_SUMMARY"];
  if (file === undefined || file === "") return;
  try {
    fs.appendFileSync(
      file,
      `\n> [!${alert}]\n${text
        .split("\n")
        .map((line) => `> ${line}`)
        .join("\n")}\n`,
    );
  } catch (error) {
    console.warn(`Could not append to the job summary (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Appends a paragraph to GitHub Actions' job summary, when GITHUB_STEP_SUMMARY names a file. */
function appendLineToJobSummary(text: string): void {
  const file = process.env["GITHUB_STEP_SUMMARY"];
  if (file === undefined || file === "") return;
  try {
    fs.appendFileSync(file, `\n${text}\n`);
  } catch (error) {
    console.warn(`Could not append to the job summary (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** A run's writes failed in part: the record of what went through is kept, and the step fails. */
class PlanWritesFailedError extends Error {
  override readonly name = "PlanWritesFailedError";

  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
    subject: string,
  ) {
    const shown = reasons.slice(0, 10);
    super(
      `${reasons.length} of the retention plan's writes to ${subject} failed (the others went through and are recorded):\n  ${shown.join("\n  ")}` +
        (reasons.length > shown.length ? `\n  ... and ${reasons.length - shown.length} more` : ""),
    );
    this.stack = this.message;
  }
}

/**
 * An undo restored what it could and some versions it was asked to restore are not restored:
 * named with the reason (known at plan time, or the failed restore's own), after the count of
 * those restored; deletions are never part of an undo's run.
 */
class UndoIncompleteError extends Error {
  override readonly name = "UndoIncompleteError";
  /** What the engine prints of a failed step that keeps its outputs: the whole message, one reason. */
  readonly reasons: string[];

  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly notRestored: string[],
    readonly otherFailures: string[],
    restored: number,
    /** Restores not sent for the budget's reserve: the next run plans them again. */
    unsent: number,
    since: string,
    subject: string,
  ) {
    const asked = restored + notRestored.length + unsent;
    const pending = unsent > 0 ? `, ${unsent} not sent for the rate limit's reserve (the next run restores them)` : "";
    super(
      [
        `The undo since ${since} of ${subject} restored ${restored} of the ${asked} versions it was asked to restore (those are recorded)${pending}; ${notRestored.length} could not be:`,
        ...boundedLines(notRestored).map((line) => `  ${line}`),
        ...(otherFailures.length > 0
          ? [`${otherFailures.length} other writes failed:`, ...boundedLines(otherFailures).map((line) => `  ${line}`)]
          : []),
      ].join("\n"),
    );
    this.reasons = [this.message];
    this.stack = this.message;
  }
}

/** What a run's writes did, by kind. */
interface Written {
  deletions: Outcome;
  restores: Outcome;
  untags: Outcome;
}

async function apply(inputs: PlanWritesInputs, previous: PlanWritesOutputs | undefined): Promise<PlanWritesOutputs> {
  const planned = { deletions: entriesOf(inputs.deletions), restores: entriesOf(inputs.restores), untags: entriesOf(inputs.untags) };
  const total = planned.deletions.length + planned.restores.length + planned.untags.length;
  const budget = total > 0 ? budgetOf(inputs) : undefined;
  const written: Written = {
    deletions: await writeAll(inputs, planned.deletions, "deleted", budget),
    restores: await writeAll(inputs, planned.restores, "present", budget),
    untags: await untagAll(inputs, planned.untags, budget),
  };
  const { untags } = written;
  if (untags.written.length > 0 || untags.failures.length > 0)
    appendLineToJobSummary(untagSummaryLine(coordinatesOf(inputs), untags.written, planned.untags.length));
  const pendingAfterRun = written.deletions.unsent + written.restores.unsent + untags.unsent;
  const warning =
    budget !== undefined && pendingAfterRun > 0 ? budgetWarning(inputs, budget, total - pendingAfterRun, pendingAfterRun) : undefined;
  if (warning !== undefined) {
    console.warn(warning);
    appendToJobSummary(warning);
  }
  const outputs = outputsAfter(inputs, previous, written, pendingAfterRun, warning);
  failIfIncomplete(inputs, outputs, written);
  return outputs;
}

/** The resource's outputs after the run's writes: the record with this run appended, the counts, the manifests learned. */
function outputsAfter(
  inputs: PlanWritesInputs,
  previous: PlanWritesOutputs | undefined,
  written: Written,
  pendingAfterRun: number,
  warning: string | undefined,
): PlanWritesOutputs {
  const now = new Date();
  const latest: RecordedRun = {
    run: inputs.now,
    at: now.toISOString(),
    deleted: written.deletions.written,
    restored: written.restores.written,
    ...(written.untags.written.length > 0 ? { untagged: written.untags.written } : {}),
  };
  const runs = appendRun(decodeRecord(previous?.record), latest, now);
  return {
    ...coordinatesOf(inputs),
    ...(inputs.baseUrl !== undefined ? { baseUrl: inputs.baseUrl } : {}),
    ...(inputs.registryUrl !== undefined ? { registryUrl: inputs.registryUrl } : {}),
    now: inputs.now,
    summary: inputs.summary,
    record: encodeRecord(runs),
    recordedDeletions: runs.reduce((n, run) => n + run.deleted.length, 0),
    recordedRestores: runs.reduce((n, run) => n + run.restored.length, 0),
    recordedUntags: runs.reduce((n, run) => n + (run.untagged?.length ?? 0), 0),
    stoppedForBudget: pendingAfterRun > 0,
    pendingAfterRun,
    budgetWarning: warning ?? "",
    ...recordedManifests(inputs, previous, written.deletions.written),
  } satisfies PlanWritesOutputs;
}

/**
 * Fails the step, keeping the outputs (the record of what went through), when a write failed or
 * an undo could not restore all it was asked to (named, and added to the job summary).
 */
function failIfIncomplete(inputs: PlanWritesInputs, outputs: PlanWritesOutputs, { deletions, restores, untags }: Written): void {
  const provider = (inputs as unknown as Record<string, unknown>)["__provider"];
  const unrestorable = unrestorableOf(inputs.unrestorable);
  if (inputs.undoSince !== undefined && (unrestorable.length > 0 || restores.failures.length > 0)) {
    const notRestored = [
      ...unrestorable.map(([versionId, name, , deletedAt, reason]) => refusalLine({ versionId, name, deletedAt, reason })),
      ...restores.failures.map(
        ({ entry: [versionId, name, , deletedAt], message }) =>
          `${name} (id ${versionId}${deletedAt !== undefined ? `, deleted at ${deletedAt}` : ""}): ${message}`,
      ),
    ];
    const incomplete = new UndoIncompleteError(
      resourceId(inputs),
      { ...outputs, __provider: provider },
      notRestored,
      deletions.failures.map((f) => f.message),
      restores.written.length,
      restores.unsent,
      inputs.undoSince,
      packageLabel(coordinatesOf(inputs)),
    );
    // The program wrote the job summary from the plan, before the writes: what GitHub refused is added here.
    appendToJobSummary(incomplete.message, "CAUTION");
    throw incomplete;
  }
  const failures = [...deletions.failures, ...restores.failures, ...untags.failures].map((f) => f.message);
  if (failures.length > 0) {
    throw new PlanWritesFailedError(
      resourceId(inputs),
      { ...outputs, __provider: provider },
      failures,
      packageLabel(coordinatesOf(inputs)),
    );
  }
}

/** What the runs learned of the package's manifests, without those of versions this run deleted. */
function recordedManifests(
  inputs: PlanWritesInputs,
  previous: PlanWritesOutputs | undefined,
  deleted: readonly PlannedEntry[],
): Pick<PlanWritesOutputs, "manifests"> {
  const manifests = mergeManifests(previous?.manifests, inputs.learnedManifests, new Set(deleted.map(([, name]) => name)));
  return manifests === "" ? {} : { manifests };
}

export async function check(_olds: PlanWritesInputs, news: PlanWritesInputs): Promise<dynamic.CheckResult<PlanWritesInputs>> {
  return { inputs: news } satisfies dynamic.CheckResult<PlanWritesInputs>;
}

/** Changes when the run has writes to make or manifests to record; another package is another resource. */
export async function diff(_id: string, olds: PlanWritesOutputs, news: PlanWritesInputs): Promise<dynamic.DiffResult> {
  const replaces = replacedCoordinates(olds, news);
  // An undo with versions it cannot restore updates, so that the run fails naming them.
  const writes =
    entriesOf(news.deletions).length +
      entriesOf(news.restores).length +
      entriesOf(news.untags).length +
      unrestorableOf(news.unrestorable).length >
      0 || (news.learnedManifests ?? "") !== "";
  return {
    changes: replaces.length > 0 || writes || olds.baseUrl !== news.baseUrl,
    replaces,
    deleteBeforeReplace: false,
  } satisfies dynamic.DiffResult;
}

export async function create(inputs: PlanWritesInputs): Promise<dynamic.CreateResult<PlanWritesOutputs>> {
  return { id: resourceId(inputs), outs: await apply(inputs, undefined) } satisfies dynamic.CreateResult<PlanWritesOutputs>;
}

export async function update(
  _id: string,
  olds: PlanWritesOutputs,
  news: PlanWritesInputs,
): Promise<dynamic.UpdateResult<PlanWritesOutputs>> {
  return { outs: await apply(news, olds) } satisfies dynamic.UpdateResult<PlanWritesOutputs>;
}

/** The record is what this resource knows; the program lists the package again every run. */
export async function read(id: string, props?: PlanWritesOutputs): Promise<dynamic.ReadResult<PlanWritesOutputs>> {
  return (props === undefined ? {} : { id, props }) satisfies dynamic.ReadResult<PlanWritesOutputs>;
}

/** Removing the policy writes nothing to GitHub. */
export async function deleteResource(): Promise<void> {
  return;
}
