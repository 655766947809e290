import { describe, expect, it } from 'vitest';
import { watchMemory } from '../../main/runtimes/memory-watch.js';
import { LineSplitter, LineThrottle } from '../../main/runtimes/worker-output.js';

/** The pure parts of worker supervision: output lines, their rate cap, and the memory watch's loop. */

function split(maxChars: number, chunks: readonly string[], end = true): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter(maxChars, (line) => lines.push(line));
  for (const chunk of chunks) splitter.push(chunk);
  if (end) splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  it('joins chunks into lines, drops blank ones and \\r, and keeps a last line without a newline', () => {
    expect(split(100, ['hel', 'lo\nwor', 'ld\r\n\n  \nlast'])).toEqual(['hello', 'world', 'last']);
  });

  it('cuts a long line once, with a note, and drops the rest of it up to its newline', () => {
    const note = ' … [line cut at 5 characters]';
    expect(split(5, ['abcdefgh\nok\n'])).toEqual([`abcde${note}`, 'ok']);
    // Without a newline the text never piles up: cut as soon as it passes the limit, across chunks.
    expect(split(5, ['abc', 'def', 'ghi', 'jkl\nnext\n'])).toEqual([`abcde${note}`, 'next']);
    expect(split(5, ['abcdefghij'], false)).toEqual([`abcde${note}`]);
  });
});

describe('LineThrottle', () => {
  it('passes perSecond lines per window, counts the rest, and reports them when the next window starts', () => {
    let now = 0;
    const passed: number[] = [];
    const dropped: number[] = [];
    const throttle = new LineThrottle<number>(
      3,
      (line) => passed.push(line),
      (count) => dropped.push(count),
      () => now,
    );
    for (let i = 0; i < 10; i++) throttle.push(i);
    expect(passed).toEqual([0, 1, 2]);
    expect(dropped).toEqual([]);
    now = 1_000;
    throttle.push(10);
    expect(dropped).toEqual([7]);
    expect(passed).toEqual([0, 1, 2, 10]);
    throttle.report();
    expect(dropped).toEqual([7]);
  });

  it('reports a flood that ends, without another line to trigger it', async () => {
    const dropped: number[] = [];
    const throttle = new LineThrottle<string>(
      1,
      () => undefined,
      (count) => dropped.push(count),
    );
    throttle.push('a');
    throttle.push('b');
    throttle.push('c');
    await expect.poll(() => dropped).toEqual([2]);
  });
});

describe('watchMemory', () => {
  it('reads until the limit is passed, then reports once and stops', async () => {
    const readings = [10, 20, 30, 40, 50];
    let reads = 0;
    const exceeded: number[] = [];
    watchMemory({
      pid: 1,
      limitBytes: 25,
      intervalMs: 1,
      read: () => Promise.resolve(readings[reads++]),
      onExceeded: (bytes) => exceeded.push(bytes),
    });
    await expect.poll(() => exceeded).toEqual([30]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads).toBe(3);
  });

  it('stop() ends the watch; an unreadable process is not a reason to kill', async () => {
    let reads = 0;
    const exceeded: number[] = [];
    const watch = watchMemory({
      pid: 1,
      limitBytes: 25,
      intervalMs: 1,
      read: () => {
        reads++;
        return Promise.resolve(undefined);
      },
      onExceeded: (bytes) => exceeded.push(bytes),
    });
    await expect.poll(() => reads).toBeGreaterThan(3);
    watch.stop();
    const stoppedAt = reads;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads).toBe(stoppedAt);
    expect(exceeded).toEqual([]);
  });
});
