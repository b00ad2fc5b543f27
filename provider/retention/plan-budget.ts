/**
 * The plan's line about the token: what kind it is, what its permission check found, and the
 * primary budget GitHub's answers reported (x-ratelimit-limit, -remaining, -reset), never an
 * assumed figure: 5,000 an hour for a classic token, 1,000 per repository for a workflow's
 * GITHUB_TOKEN, more on Enterprise Cloud, whatever GitHub says.
 */
import type { AnsweredBudget } from "../github/primary-budget";
import { isoSeconds } from "../core/rate-limit-wait";
import { tokenLabel, type TokenIdentity } from "../core/token-kind";
import { formatCount } from "./plan-table";

/** What the plan knows of its token when it is made. */
export interface PlanTokenBudget {
  /** The token's kind (never the token). */
  token: TokenIdentity;
  /** What the permission check found ("classic token of octocat with read:packages and delete:packages"). */
  access: string;
  /** The budget GitHub's last answers reported, when their window has not reset since. */
  budget: AnsweredBudget | undefined;
}

/**
 * "Token: the workflow's GITHUB_TOKEN (repository acme/app), Admin on the package; GitHub's budget
 * (x-ratelimit-*): 996 of 1,000 requests left until 2026-12-05T01:00:00Z; this run's 2 writes fit
 * above github:rateLimitReserve 100". With a reserve (writes of the compact form, the default), the
 * writes that do not fit are said to wait for a later run; without one, to wait for the reset.
 */
export function planBudgetLine(known: PlanTokenBudget, writes: number, reserve: number | undefined): string {
  const who = `Token: ${tokenLabel(known.token)}; ${known.access}`;
  const budget = known.budget;
  if (budget === undefined) return `${who}; GitHub's budget: not reported yet (no answer in the current window)`;
  const told = `GitHub's budget (x-ratelimit-*): ${formatCount(budget.remaining)} of ${budget.limit !== undefined ? formatCount(budget.limit) : "?"} requests left until ${isoSeconds(budget.resetAtMs)}`;
  if (writes === 0) return `${who}; ${told}`;
  const room = Math.max(0, budget.remaining - (reserve ?? 0));
  const reserveText = reserve !== undefined ? ` above github:rateLimitReserve ${formatCount(reserve)}` : "";
  if (writes <= room)
    return `${who}; ${told}; this run's ${formatCount(writes)} ${writes === 1 ? "write fits" : "writes fit"}${reserveText}`;
  const rest =
    reserve !== undefined
      ? `the other ${formatCount(writes - room)} wait for a later run`
      : `the others wait for the budget's reset (up to github:maxRateLimitWait), or fail`;
  return `${who}; ${told}; only ${formatCount(room)} of this run's ${formatCount(writes)} writes fit${reserveText}: ${rest}`;
}
