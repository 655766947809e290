/**
 * What workers print (user code's console.log, library warnings) on its way to the app log:
 * split into lines, each cut to a maximum length, and at most so many lines per second, with a
 * note saying how many were dropped. A function that prints in a loop, or writes megabytes without
 * a newline, costs the app a bounded amount of log and memory.
 */

export interface OutputLimits {
  /** Longer lines are cut, with a note (default 2,000 characters). */
  readonly maxLineChars: number;
  /** Lines beyond this in one second are dropped and counted (default 100). */
  readonly linesPerSecond: number;
}

export const DEFAULT_OUTPUT_LIMITS: OutputLimits = { maxLineChars: 2_000, linesPerSecond: 100 };

/** Splits a text stream into lines; text without a newline never piles up past `maxChars`. */
export class LineSplitter {
  private pending = '';
  /** Inside a line that was already cut: drop everything up to its newline. */
  private cutting = false;

  constructor(
    private readonly maxChars: number,
    private readonly emit: (line: string) => void,
  ) {}

  push(chunk: string): void {
    this.pending += chunk;
    for (let newline = this.pending.indexOf('\n'); newline >= 0; newline = this.pending.indexOf('\n')) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + 1);
      if (this.cutting) this.cutting = false;
      else this.line(line);
    }
    if (!this.cutting && this.pending.length > this.maxChars) {
      this.line(this.pending);
      this.cutting = true;
    }
    if (this.cutting) this.pending = '';
  }

  /** The stream ended: a last line without a newline still counts. */
  end(): void {
    if (!this.cutting) this.line(this.pending);
    this.pending = '';
    this.cutting = false;
  }

  private line(text: string): void {
    const line = text.replace(/\r$/, '');
    if (line.trim() === '') return;
    this.emit(line.length > this.maxChars ? `${line.slice(0, this.maxChars)} … [line cut at ${this.maxChars} characters]` : line);
  }
}

/** Passes at most `perSecond` lines per one-second window; reports the dropped count when the window ends. */
export class LineThrottle<Line = string> {
  private windowStart = -Infinity;
  private passed = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly perSecond: number,
    private readonly emit: (line: Line) => void,
    private readonly onDropped: (count: number) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(line: Line): void {
    const now = this.now();
    if (now - this.windowStart >= 1_000) {
      this.report();
      this.windowStart = now;
      this.passed = 0;
    }
    if (this.passed < this.perSecond) {
      this.passed++;
      this.emit(line);
      return;
    }
    this.dropped++;
    if (this.dropped === 1) {
      // Report when the window ends even if nothing else is printed after the flood.
      this.timer = setTimeout(() => this.report(), Math.max(0, this.windowStart + 1_000 - now));
      this.timer.unref();
    }
  }

  /** Reports what was dropped so far (on exit and on dispose, so no count is lost). */
  report(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dropped === 0) return;
    const count = this.dropped;
    this.dropped = 0;
    this.onDropped(count);
  }
}
