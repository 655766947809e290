/**
 * Runs async sections one at a time per key (different keys run freely). Used where two
 * operations on the same file system entry must not interleave, e.g. placing an upload into a
 * folder while another request deletes that folder.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, section: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const tail = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
    this.tails.set(key, tail);
    await previous;
    try {
      return await section();
    } finally {
      release();
      // The last one out leaves no entry behind.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with a section running or waiting (for tests: nothing may be left behind). */
  get size(): number {
    return this.tails.size;
  }
}
