/**
 * Where the claim loop sleeps: until something says there may be work (a `work` message, a run of
 * this worker ending, shutdown) or the poll interval passes. A wake while the loop is busy (a claim
 * in flight) is kept, so the next `wait` returns at once instead of sleeping through it.
 */
export class Waker {
  private pending = false;
  private resolve: (() => void) | undefined;

  wake(): void {
    if (this.resolve) {
      this.resolve();
      return;
    }
    this.pending = true;
  }

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.resolve = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.resolve = done;
    });
  }
}
