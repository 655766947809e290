import { describe, expect, it } from 'vitest';
import { waitFor } from '../runtimes/support.js';
import { spawnCli } from './run-cli.js';

/**
 * A reader that goes away closes the CLI's stdout (`demo-desktop --help | head -1`): the next write
 * fails with EPIPE, which must not kill the CLI with a stack trace.
 */
function spawnWithClosedStdout(args: readonly string[]): {
  readonly exited: Promise<number | null>;
  readonly stderr: () => string;
  readonly kill: (signal: NodeJS.Signals) => void;
} {
  const child = spawnCli(args);
  child.stdout.destroy(); // the reader is gone before the CLI prints anything
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { exited, stderr: () => stderr, kill: (signal) => child.kill(signal) };
}

describe('stdout closed by its reader (EPIPE)', () => {
  it('--help and validate exit 0 without a stack trace', async () => {
    for (const args of [['--help'], ['validate', 'examples/greet/project.json']]) {
      const run = spawnWithClosedStdout(args);
      expect(await run.exited, run.stderr()).toBe(0);
      expect(run.stderr()).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    }
  });

  it('serve keeps serving, then stops cleanly on SIGTERM', async () => {
    const run = spawnWithClosedStdout(['serve', 'examples/greet/project.json', '--port', '0', '--no-history']);
    // "Running on" went to the closed stdout; the lines after it on stderr show the server lives on.
    await waitFor(() => run.stderr().includes('Press Ctrl-C to stop.'), 30_000, 'the server to start');
    run.kill('SIGTERM');
    expect(await run.exited, run.stderr()).toBe(0);
    expect(run.stderr()).toContain('Stopped.');
    expect(run.stderr()).not.toMatch(/EPIPE|Unhandled/);
  });
});
