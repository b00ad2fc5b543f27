/**
 * Removes secrets from text a registry sent back (an error body, a header) before it goes into
 * an error: the GitHub token, the HTTP Basic credential built from it, and the bearer token the
 * registry issued. A registry has no reason to echo them; this makes sure none ever travels on.
 */
export class SecretRedaction {
  private readonly secrets: string[] = [];

  constructor(...secrets: readonly string[]) {
    for (const secret of secrets) this.add(secret);
  }

  /** Also hide this secret from now on (a bearer token once issued). */
  add(secret: string): void {
    if (secret.length >= 4 && !this.secrets.includes(secret)) {
      this.secrets.push(secret);
      // Longest first, so that a secret containing another is hidden whole.
      this.secrets.sort((a, b) => b.length - a.length);
    }
  }

  /** `text` with every secret replaced by `***`. */
  redact(text: string): string {
    let redacted = text;
    for (const secret of this.secrets) redacted = redacted.split(secret).join("***");
    return redacted;
  }
}
