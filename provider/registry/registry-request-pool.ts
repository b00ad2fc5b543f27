import Bottleneck from "bottleneck";

/** Manifest requests in flight at once in one process, over every package it reads. */
export const REGISTRY_REQUESTS_IN_FLIGHT = 8;

/**
 * One pool for the whole program process: a pattern policy reads many packages at once, and each
 * package's reader keeps its own bound too, so without it 50 packages would put 400 requests in
 * flight against one registry. Module state, shared by the runs of an Automation API process too:
 * the bound is the process's, whatever runs in it.
 */
const pool = new Bottleneck({ maxConcurrent: REGISTRY_REQUESTS_IN_FLIGHT });

/** Runs one registry request when the process has a free place for it. */
export function inRegistryPool<T>(request: () => Promise<T>): Promise<T> {
  return pool.schedule(request);
}
