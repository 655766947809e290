/**
 * Who keeps each uploaded file alive, and how many bytes each client has on disk. Pure
 * bookkeeping (no I/O, an injected clock): it decides which files to delete, the caller deletes them.
 *
 * Gradio's upload request names no session (the clients upload, then join), so a file is tied to
 * the network client that sent it first and to a session once a call uses it:
 *
 *   uploaded ──(a call of session S uses it)──► held by S ──(S ends, or idles retentionMs)──► deleted
 *      │                                          ▲   │
 *      │                                          └───┘ a running job pins it: never deleted under it
 *      └──(no call within retentionMs)──► deleted
 *
 * Invariants:
 * - a file with a running job (a pin) is never deleted;
 * - a file is deleted as soon as nothing holds it: no pin, no session, no unexpired wait for a call;
 * - `storedBytes` is the size of every live file once; a client's bytes are the sizes of the live
 *   files it uploaded (a file uploaded by two clients counts for both; their sessions' files too,
 *   so joining never frees a client's share before the files are gone).
 */

interface StoredUpload {
  readonly path: string;
  readonly size: number;
  /** Client keys that uploaded this content. */
  readonly uploaders: Set<string>;
  /** Share-link visitors who uploaded this content: the only visitors whose calls may use it. */
  readonly visitors: Set<string>;
  /** Per client: until when an upload no call has used yet is kept (ms on the ledger's clock). */
  readonly waiting: Map<string, number>;
  /** Sessions whose calls used it. */
  readonly sessions: Set<string>;
  /** Running jobs using it. */
  pins: number;
}

interface SessionUse {
  readonly files: Set<string>;
  /** Jobs of the session that hold pins right now. */
  jobs: number;
  /** When the session last started or finished a job that used uploads. */
  lastActive: number;
}

export class UploadLedger {
  private readonly files = new Map<string, StoredUpload>();
  private readonly sessions = new Map<string, SessionUse>();
  private readonly bytesByClient = new Map<string, number>();
  private total = 0;

  constructor(
    /** How long an unused upload is kept: after it arrived, or after its session's last job. */
    private readonly retentionMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Bytes of all live uploads. */
  get storedBytes(): number {
    return this.total;
  }

  /** Bytes of the live uploads `client` sent. */
  clientBytes(client: string): number {
    return this.bytesByClient.get(client) ?? 0;
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** Whether share-link `visitor` uploaded the live file at `path` (the same content sent by another does not count). */
  uploadedBy(path: string, visitor: string): boolean {
    return this.files.get(path)?.visitors.has(visitor) ?? false;
  }

  /** Live uploads, for tests and diagnostics. */
  get count(): number {
    return this.files.size;
  }

  /**
   * A file is on disk at `path` (new, or the same content again): `client` waits to use it. A
   * share-link `visitor` who sent it may use it from now on (see uploadedBy).
   */
  stored(path: string, size: number, client: string, visitor: string | null = null): void {
    let file = this.files.get(path);
    if (!file) {
      file = { path, size, uploaders: new Set(), visitors: new Set(), waiting: new Map(), sessions: new Set(), pins: 0 };
      this.files.set(path, file);
      this.total += size;
    }
    if (visitor !== null) file.visitors.add(visitor);
    if (!file.uploaders.has(client)) {
      file.uploaders.add(client);
      this.bytesByClient.set(client, this.clientBytes(client) + file.size);
    }
    file.waiting.set(client, this.now() + this.retentionMs);
  }

  /**
   * A job starts with these files: they are pinned until `release`. With a session, the session
   * holds them from now on and the client's wait for a call is over; without one (an anonymous
   * /run or /call), the wait starts again, so the same upload can be used for a while. Returns
   * false, changing nothing, when a file is no longer live.
   */
  use(paths: readonly string[], session: string | null, client: string): boolean {
    if (!paths.every((path) => this.files.has(path))) return false;
    const use = session === null ? null : this.sessionUse(session);
    for (const path of paths) {
      const file = this.files.get(path);
      if (!file) continue;
      file.pins++;
      if (use !== null && session !== null) {
        file.sessions.add(session);
        use.files.add(path);
        file.waiting.delete(client);
      } else if (file.waiting.has(client)) {
        file.waiting.set(client, this.now() + this.retentionMs);
      }
    }
    if (use !== null) {
      use.jobs++;
      use.lastActive = this.now();
    }
    return true;
  }

  /** The job that `use`d these files is over. Returns the files to delete now. */
  release(paths: readonly string[], session: string | null): string[] {
    for (const path of paths) {
      const file = this.files.get(path);
      if (file) file.pins = Math.max(0, file.pins - 1);
    }
    const use = session === null ? undefined : this.sessions.get(session);
    if (use) {
      use.jobs = Math.max(0, use.jobs - 1);
      use.lastActive = this.now();
    }
    return this.collect(paths);
  }

  /** The session is over (its client went away, or it was forgotten): its files go unless others hold them. */
  endSession(session: string): string[] {
    const use = this.sessions.get(session);
    if (!use) return [];
    this.sessions.delete(session);
    for (const path of use.files) this.files.get(path)?.sessions.delete(session);
    return this.collect([...use.files]);
  }

  /** Expired waits and sessions idle for retentionMs: returns the files to delete now. */
  expire(): string[] {
    const now = this.now();
    const idle = [...this.sessions].filter(([, use]) => use.jobs === 0 && now - use.lastActive >= this.retentionMs);
    const freed = idle.flatMap(([session]) => this.endSession(session));
    for (const file of this.files.values()) {
      for (const [client, until] of file.waiting) if (until <= now) file.waiting.delete(client);
    }
    return [...freed, ...this.collect([...this.files.keys()])];
  }

  private sessionUse(session: string): SessionUse {
    let use = this.sessions.get(session);
    if (!use) {
      use = { files: new Set(), jobs: 0, lastActive: this.now() };
      this.sessions.set(session, use);
    }
    return use;
  }

  /** Forgets (and returns) the files among `paths` that nothing holds any more. */
  private collect(paths: readonly string[]): string[] {
    const gone: string[] = [];
    for (const path of new Set(paths)) {
      const file = this.files.get(path);
      if (!file || file.pins > 0 || file.sessions.size > 0 || file.waiting.size > 0) continue;
      this.files.delete(path);
      this.total -= file.size;
      for (const client of file.uploaders) {
        const left = this.clientBytes(client) - file.size;
        if (left > 0) this.bytesByClient.set(client, left);
        else this.bytesByClient.delete(client);
      }
      gone.push(path);
    }
    return gone;
  }
}
