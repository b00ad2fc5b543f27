/** The error a malformed seed raises: `field` is the JSON path of the offending field. */
import { AdminRequestError } from "./admin-request-error";

/** Thrown by `parseSeed` and `Emulator.seed`; `field` is the JSON path of the offending field. */
export class SeedValidationError extends AdminRequestError {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`Invalid seed: ${field} ${problem}`);
    this.name = "SeedValidationError";
  }
}
