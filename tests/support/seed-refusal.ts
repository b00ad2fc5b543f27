import { strict as assert } from "node:assert";
import { SeedValidationError, parseSeed } from "../../emulator";

/** The field and message a seed is refused with (fails the test when the seed is accepted). */
export function seedRefusal(seed: unknown): { field: string; message: string } {
  try {
    parseSeed(seed);
  } catch (e) {
    if (e instanceof SeedValidationError) return { field: e.field, message: e.message };
    throw e;
  }
  assert.fail(`seed accepted: ${JSON.stringify(seed)}`);
}
