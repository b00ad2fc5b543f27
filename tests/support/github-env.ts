/** The environment variables through which program-side code finds GitHub, cleared for a test and put back after it. */
const GITHUB_ENV_KEYS = ["GITHUB_TOKEN", "GITHUB_BASE_URL", "GITHUB_API_URL", "GITHUB_REGISTRY_URL"] as const;

/** Clears the GitHub variables and sets `values`; returns what puts the process's own back. */
export function withGitHubEnv(values: Partial<Record<(typeof GITHUB_ENV_KEYS)[number], string>>): () => void {
  const saved: Partial<Record<(typeof GITHUB_ENV_KEYS)[number], string>> = {};
  for (const key of GITHUB_ENV_KEYS) {
    const value = process.env[key];
    if (value !== undefined) saved[key] = value;
    delete process.env[key];
  }
  Object.assign(process.env, values);
  return () => {
    for (const key of GITHUB_ENV_KEYS) {
      delete process.env[key];
      const value = saved[key];
      if (value !== undefined) process.env[key] = value;
    }
  };
}
