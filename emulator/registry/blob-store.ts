/**
 * The registry's blobs (image configs, layers, signatures' payloads), content-addressed, by
 * repository: a blob pushed to one repository is not in another until it is pushed or mounted
 * there. The bytes are shared between repositories, not copied. Cleared with the emulator's state.
 */
import { createHash } from "node:crypto";

/** A sha256 digest as the OCI image spec writes it; the emulator, like the package versions' names, knows no other algorithm. */
export const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

export function sha256Digest(bytes: Buffer | string): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

export class BlobStore {
  private readonly byRepository = new Map<string, Map<string, Buffer>>();

  get(repository: string, digest: string): Buffer | undefined {
    return this.byRepository.get(repository.toLowerCase())?.get(digest);
  }

  /** Stores `bytes` under their sha256 digest, which it returns. */
  put(repository: string, bytes: Buffer): string {
    const digest = sha256Digest(bytes);
    this.add(repository, digest, bytes);
    return digest;
  }

  /** Makes a blob of `from` part of `repository`; false when `from` has no such blob. */
  mount(repository: string, from: string, digest: string): boolean {
    const bytes = this.get(from, digest);
    if (bytes === undefined) return false;
    this.add(repository, digest, bytes);
    return true;
  }

  clear(): void {
    this.byRepository.clear();
  }

  private add(repository: string, digest: string, bytes: Buffer): void {
    const key = repository.toLowerCase();
    let blobs = this.byRepository.get(key);
    if (blobs === undefined) {
      blobs = new Map();
      this.byRepository.set(key, blobs);
    }
    blobs.set(digest, bytes);
  }
}
