import type { Readable } from 'node:stream';

/**
 * Where files live while jobs use them (issue 18, item 1): uploads, a run's output files, the
 * files a JS function's `ctx.call` hands on. The engine names a file by its key (blob-key.ts),
 * not by a local absolute path, which means nothing on another machine. The default is a folder
 * on this machine (folder-blob-store.ts); fronts and workers on several machines share a folder
 * (NFS) or an object store behind the same interface.
 */

export interface BlobStat {
  readonly size: number;
  /** Last write, in milliseconds since the epoch. */
  readonly modifiedMs: number;
}

/** What `put` accepts: bytes in memory, or a stream of them (an upload arriving, a file read). */
export type BlobData = Uint8Array | Readable | AsyncIterable<Uint8Array>;

export interface BlobStore {
  /**
   * Stores `data` under `key`, replacing any blob there. Readers see the old blob or the new one,
   * never a part; an aborted or failed put leaves the old one.
   */
  put(key: string, data: BlobData, signal?: AbortSignal): Promise<BlobStat>;
  /** The blob's bytes as a stream; NOT_FOUND naming the key when there is none. */
  get(key: string): Promise<Readable>;
  /** The blob's size and time, or undefined when there is none. */
  stat(key: string): Promise<BlobStat | undefined>;
  /**
   * Removes the blob under `key`; with `prefix`, every blob whose key starts with `key + "/"`
   * instead (a run's files). True when something was there.
   */
  remove(key: string, options?: { readonly prefix?: boolean }): Promise<boolean>;
  /**
   * A file on this machine holding the blob, for a reader that needs a path (a worker on this
   * machine opening an image or a model input); undefined when the store keeps no local files.
   */
  localPath(key: string): string | undefined;
}
