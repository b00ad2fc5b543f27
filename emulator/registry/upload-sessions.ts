/**
 * Blob upload sessions (POST /v2/<name>/blobs/uploads/ opens one, PATCH appends chunks, PUT with
 * `digest` closes it): the bytes received so far, by session id. Cleared with the emulator's state.
 */
import { randomUUID } from "node:crypto";

export interface UploadSession {
  readonly id: string;
  /** Lower-case `<owner>/<name>`: a session belongs to the repository it was opened for. */
  readonly repository: string;
  readonly chunks: Buffer[];
  size: number;
}

export class UploadSessions {
  private readonly sessions = new Map<string, UploadSession>();

  constructor(private readonly maxSessions = 10_000) {}

  open(repository: string): UploadSession {
    if (this.sessions.size >= this.maxSessions) {
      // Oldest first (insertion order): abandoned uploads cannot grow the map without bound.
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const session: UploadSession = { id: randomUUID(), repository: repository.toLowerCase(), chunks: [], size: 0 };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The session, when it exists and belongs to `repository`. */
  get(repository: string, id: string): UploadSession | undefined {
    const session = this.sessions.get(id);
    return session?.repository === repository.toLowerCase() ? session : undefined;
  }

  close(id: string): void {
    this.sessions.delete(id);
  }

  clear(): void {
    this.sessions.clear();
  }
}
