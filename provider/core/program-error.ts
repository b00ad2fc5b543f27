import * as pulumi from "@pulumi/pulumi";

/**
 * A refusal raised in the user's program (bad arguments or configuration, a plan over its
 * limits): its message says what to fix, and a stack trace into this package would only bury it.
 * A Pulumi RunError, which the runtime prints without a trace; its stack is its message because
 * the runtime prints `error.stack` for errors raised after the program's main code returned (a
 * retention policy plans asynchronously).
 */
export class ProgramError extends pulumi.RunError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    if (options !== undefined && "cause" in options) this.cause = options.cause;
    this.stack = message;
  }
}
