import { ProgramError } from "../core/program-error";

/** A retention rule or policy argument that cannot be understood, naming the argument and what is allowed. */
export class RetentionRuleError extends ProgramError {
  override readonly name = "RetentionRuleError";

  constructor(
    /** The argument at fault, e.g. `deleteOlderThan` or `keep[2]`. */
    readonly field: string,
    /** What is wrong and what is allowed, without the argument's name. */
    readonly reason: string,
  ) {
    super(`Invalid retention policy argument \`${field}\`: ${reason}`);
  }
}

/** A plan that would delete more active versions than `maxDeletions` allows. */
export class MaxDeletionsExceededError extends ProgramError {
  override readonly name = "MaxDeletionsExceededError";

  constructor(
    readonly deletions: number,
    readonly maxDeletions: number,
    /** The ids the plan would have deleted, newest first. */
    readonly versionIds: readonly number[],
    subject = "the package",
  ) {
    super(
      `The retention plan for ${subject} deletes ${deletions} versions, more than maxDeletions (${maxDeletions}). ` +
        "Check the rules (keepLatest, deleteOlderThan, keep), or raise maxDeletions if this many deletions is intended.",
    );
  }
}
