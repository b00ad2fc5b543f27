/**
 * `pulumi-github-package-versions/testing`: the internals this repository's tests reach, loaded
 * from the built package as the public entry is, so a test and the provider it drives share one
 * instance of every module (the write gate, the registry of declared versions, the run-scoped
 * caches, the client's timings). Not documented for users and free to change in any release;
 * see docs/development.md#the-packages-entries. It includes the root project's entry.
 */
export * from "./root-project";

// core: the neutral bottom layer.
export { boundedMap } from "./core/bounded-map";
export { MAX_ECHOED_LENGTH } from "./core/echoed-value";
export { beforeWrite, engineLinkOf, engineWatch, EngineWatch, probeAddress } from "./core/engine-liveness";
export type { RefusedWrite } from "./core/engine-liveness";
export { matchingPattern } from "./core/keep-patterns";
export { OwnerDeclarationError, ownerOf, packageKey } from "./core/package-coordinates";
export { resetRunScoped, runScoped } from "./core/program-run";
export { formatWait, rateLimitAdvice, rateLimitHeadersOf, waitLine } from "./core/rate-limit-wait";
export { childUrn } from "./core/recorded-outputs";
export { isRestorable, RESTORE_WINDOW_DAYS, RESTORE_WINDOW_MS, restorableUntilMs } from "./core/restore-window";
export {
  DEFAULT_GITHUB_REGISTRY_URL,
  readConfiguredSettings,
  redactedUrl,
  resolveBaseUrl,
  resolveRegistryUrl,
  resolveSettings,
} from "./core/settings";
export type { GitHubSettings } from "./core/settings";
export { DAY_MS } from "./core/time-spans";
export { identifyToken } from "./core/token-kind";

// github: the REST client, its listings and budgets, error translation.
export { gitHubClient, setGitHubClientClock } from "./github/client";
export { REAL_TIME } from "./core/wait-clock";
export type { WaitClock } from "./core/wait-clock";
export { checkWritePermission } from "./github/write-permission";
export { classifyGitHubFailure, isPackageNotFound, neededScopesOf } from "./github/failure-class";
export type { GitHubFailureClass } from "./github/failure-class";
export { gitHubFailureError, notFoundError, reportedFailure } from "./github/error-translation";
export type { FailureContext } from "./github/error-translation";
export { PackageListing } from "./github/package-listing";
export { PrimaryBudget, waitAnnouncements } from "./github/primary-budget";
export type { GitHubPackageVersion, ListState, PackageVersionsApi } from "./github/versions-api";

// registry: the OCI registry reader and what it makes of manifests.
export { createRegistryReader } from "./registry/registry-reader";
export type { RegistryReaderOptions } from "./registry/registry-reader";
export { retryAfterMsOf } from "./registry/registry-http";
export type { RegistryHttpTimings } from "./registry/registry-http";
export { InvalidManifestError, summarizeManifest } from "./registry/manifest-parsing";
export type { ManifestReader, ManifestReference, ManifestSummary } from "./registry/manifest-summary";
export { EMPTY_DESCRIPTOR } from "./registry/untag-placeholder";
export { bearerChallengeOf, parseWwwAuthenticate, WwwAuthenticateSyntaxError } from "./registry/www-authenticate";

// ownership, images and look-ups.
export { resetVersionOwners } from "./ownership/version-owners";
export { buildImageGraph } from "./images/image-graph";
export type { ContainerImage, ImageGraph } from "./images/image-graph-types";
export { forgetReadManifests, manifestCacheKey, readOnce } from "./images/manifest-cache";
export { decodeManifests, encodeManifests, mergeManifests } from "./images/recorded-manifests";
export { programSettings } from "./lookups/program-settings";

// package-version: the input validators, composed per field, and the pre-write check of declared versions.
export {
  baseUrlFailures,
  composeValidators,
  ownerFailures,
  packageNameFailures,
  packageTypeFailures,
  selectorFailures,
  validateOwnerPackages,
  validatePackageAddress,
  validatePackageVersionInputs,
} from "./package-version/validation";
export { checkDeclaredWritePermission, declaredWrites } from "./package-version/declared-write-permission";

// The two resources' provider objects and handlers (tests call the handlers as the engine would).
import packageVersionProvider = require("./package-version-provider");
export { packageVersionProvider };
export * as packageVersionHandlers from "./package-version/handlers";
export * as planWritesHandlers from "./plan-writes/handlers";

// plan-writes: the compact form's record, its printer and the undo plan.
export { decodeRecord, encodeRecord } from "./plan-writes/record";
export {
  formatJsonLines,
  formatTable,
  parseSince,
  PLAN_WRITES_TYPE,
  readStackRecord,
  RecordInputError,
  rowsSince,
  summaryLine,
} from "./plan-writes/record-report";
export type { PlannedEntry, PlanWritesInputs, PlanWritesOutputs, RecordedRun, UnrestorableEntry } from "./plan-writes/types";
export { deletedSince, planUndo } from "./plan-writes/undo-plan";
export type { ListedVersion } from "./plan-writes/undo-plan";

// retention: rules, the planners, the plan table and file.
export { PACKAGE_RETENTION_POLICY_TYPE } from "./retention/package-retention-policy";
export { PACKAGE_RETENTION_POLICIES_TYPE } from "./retention/package-retention-policies";
export { formatAge, parseDuration } from "./retention/duration";
export { planBudgetLine } from "./retention/plan-budget";
export { PLAN_FILE_COLUMNS, planFileDir, planFileName, renderPlanFile, writePlanFile } from "./retention/plan-file";
export { planPackageRetention } from "./retention/plan-package-retention";
export type { PackageRetentionPlan } from "./retention/plan-package-retention";
export { planRetention } from "./retention/plan-retention";
export type { RetentionPlanRules } from "./retention/plan-retention";
export { countsLine, planCounts, planTableRows, renderPlanTable } from "./retention/plan-table";
export type { PlanTableRow } from "./retention/plan-table";
export { isPrerelease, isPrereleaseName } from "./retention/prerelease";
export { compileKeepPattern, compileKeepPatterns } from "./retention/retention-patterns";
export type { ManagedElsewhere, RetentionCandidate, RetentionPlan } from "./retention/retention-plan-types";
export { resolveRetentionRules } from "./retention/retention-rules";
export { checkPolicyArgs, checkSharedPolicyArgs } from "./retention/policy-args";
export { RetentionRuleError } from "./retention/retention-errors";
export { undoRetentionPlan } from "./retention/undo-retention";
