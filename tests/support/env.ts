/** Runs `body` with one environment variable set (or, for undefined, unset), and puts the variable back as it was when `body` settles. */
export function withEnv<T>(name: string, value: string | undefined, body: () => Promise<T>): Promise<T> {
  const saved = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  return body().finally(() => {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  });
}
