/** A classic token's scopes as GitHub reports them on every answer: `X-OAuth-Scopes: read:packages, delete:packages`. */

/** The header's scopes as a list; undefined when GitHub sent none (a fine-grained, App or workflow token). */
export function scopesOfHeader(header: unknown): string[] | undefined {
  if (typeof header !== "string") return undefined;
  return header
    .split(",")
    .map((scope) => scope.trim())
    .filter((scope) => scope.length > 0);
}
