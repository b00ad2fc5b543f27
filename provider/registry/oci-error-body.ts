/** The OCI distribution error body: `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}`. */

export interface OciError {
  readonly code: string;
  readonly message?: string | undefined;
}

/** The errors an answer's body lists, or none when it is not an OCI error body. */
export function ociErrorsOf(body: string): OciError[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((entry: unknown): OciError[] => {
    const { code, message } = (entry ?? {}) as { code?: unknown; message?: unknown };
    return typeof code === "string" ? [{ code, message: typeof message === "string" ? message : undefined } satisfies OciError] : [];
  });
}
