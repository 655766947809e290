import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../../preload/shared/errors.js';
import { writeFileAtomic } from '../common/atomic-write.js';

const NameRecord = z.object({
  /** The SHA256 fingerprint of the client key that owns the name (`SHA256:<base64>`). */
  owner: z.string().min(1),
  createdAt: z.string(),
  /** Last time a tunnel held the name (updated when it goes online and offline); expiry counts from here. */
  lastSeenAt: z.string(),
});

const NamesFile = z.object({ version: z.literal(1), names: z.record(z.string(), NameRecord) });
type NamesFile = z.infer<typeof NamesFile>;

export type ClaimResult = 'claimed' | 'owned' | 'taken';

/**
 * Which client key owns which name, persisted in `names.json` so that the same key gets the same
 * URL after a reconnect or a server restart. Every change is written atomically, one write at a
 * time, in order.
 */
export class NameStore {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly data: NamesFile,
    private readonly now: () => number,
    private readonly onWriteError: (error: unknown) => void,
  ) {}

  /** Reads the file (a missing file is an empty store; an unreadable one stops the server with its path). */
  static async open(file: string, onWriteError: (error: unknown) => void, now: () => number = Date.now): Promise<NameStore> {
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    });
    if (text === undefined) return new NameStore(file, { version: 1, names: {} }, now, onWriteError);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new AppError(
        'INVALID_INPUT',
        `${file} is not JSON (${(error as Error).message}); fix or remove it (removing it frees every name).`,
      );
    }
    const result = NamesFile.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new AppError('INVALID_INPUT', `${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}; fix or remove it.`);
    }
    return new NameStore(file, result.data, now, onWriteError);
  }

  has(name: string): boolean {
    return Object.hasOwn(this.data.names, name);
  }

  ownerOf(name: string): string | undefined {
    return this.has(name) ? this.data.names[name]?.owner : undefined;
  }

  /** The names a key owns, the most recently seen first. */
  namesOf(owner: string): string[] {
    return Object.entries(this.data.names)
      .filter(([, record]) => record.owner === owner)
      .sort(([, a], [, b]) => b.lastSeenAt.localeCompare(a.lastSeenAt))
      .map(([name]) => name);
  }

  /** Gives a free name to `owner`, or confirms it already has it; a name owned by another key is 'taken'. */
  claim(name: string, owner: string): ClaimResult {
    const current = this.ownerOf(name);
    if (current !== undefined && current !== owner) return 'taken';
    const at = new Date(this.now()).toISOString();
    this.data.names[name] = { owner, createdAt: this.data.names[name]?.createdAt ?? at, lastSeenAt: at };
    this.save();
    return current === undefined ? 'claimed' : 'owned';
  }

  /** Marks a name as in use now (a tunnel came online or went offline). */
  touch(name: string): void {
    const record = this.data.names[name];
    if (!record) return;
    record.lastSeenAt = new Date(this.now()).toISOString();
    this.save();
  }

  /** Frees the names unused for `maxIdleMs` (names in `live` are in use and kept). Returns the freed names. */
  expire(maxIdleMs: number, live: ReadonlySet<string>): string[] {
    const cutoff = this.now() - maxIdleMs;
    const freed = Object.entries(this.data.names)
      .filter(([name, record]) => !live.has(name) && Date.parse(record.lastSeenAt) < cutoff)
      .map(([name]) => name);
    const gone = new Set(freed);
    this.data.names = Object.fromEntries(Object.entries(this.data.names).filter(([name]) => !gone.has(name)));
    if (freed.length > 0) this.save();
    return freed;
  }

  /** Resolves when every change so far is on disk (or reported as failed). */
  flushed(): Promise<void> {
    return this.writing;
  }

  private save(): void {
    const text = `${JSON.stringify(this.data, null, 2)}\n`;
    // Chained so writes land in order; a failed write is reported and the next one (which writes everything) goes on.
    this.writing = this.writing.then(() => writeFileAtomic(this.file, text, 0o600)).catch(this.onWriteError);
  }
}
