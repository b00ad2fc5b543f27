/**
 * A malformed admin request: a seed, clock setting, fault rules or rate-limit settings given in
 * code, through the admin API (answered 400) or on the command line (exit code 2). The message
 * names the bad field and what is allowed.
 */
export class AdminRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AdminRequestError";
  }
}
