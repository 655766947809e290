/**
 * A `serve` killed with SIGKILL cannot remove its data folder; the next `serve` does, and leaves
 * the folder of a server that is still running. Each run gets a private TMPDIR, so the real temp
 * folder (and other people's servers) are never touched. A Ctrl-C the moment a server prints
 * "Running on" is a clean stop too: its listener is on before the line is out.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataDirOwner } from '../../main/server/data-dirs.js';
import { isAlive, tempDir, waitFor } from '../runtimes/support.js';
import { spawnCli, waitForLine } from './run-cli.js';

let tmp: { path: string; remove: () => Promise<void> };
beforeEach(async () => (tmp = await tempDir('stale-tmp')));
afterEach(async () => tmp.remove());

const dataDirs = async (): Promise<string[]> => (await readdir(tmp.path)).filter((name) => name.startsWith('demo-desktop-files-'));

async function serve(): Promise<ReturnType<typeof spawnCli>> {
  const child = spawnCli(['serve', 'examples/greet/project.json', '--port', '0'], { TMPDIR: tmp.path });
  await waitForLine(child, /Running on http:\/\/127\.0\.0\.1:\d+\n/);
  return child;
}

/** Stops `child` and resolves to how it ended: `0` after a clean shutdown, or the signal that killed it. */
async function stop(child: ReturnType<typeof spawnCli>, signal: NodeJS.Signals): Promise<number | NodeJS.Signals | null> {
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, by) => resolve(code ?? by)));
  child.kill(signal);
  return exited;
}

describe('stale data folders (real child processes)', () => {
  it("removes a killed server's folder on the next start, and keeps a running server's", async () => {
    const killed = await serve();
    const [killedDir] = await dataDirs();
    expect(killedDir).toMatch(new RegExp(`^demo-desktop-files-${killed.pid}-`));
    expect(await stop(killed, 'SIGKILL')).toBe('SIGKILL');
    await waitFor(() => !isAlive(killed.pid), 5_000, 'the killed server to be gone');
    expect(existsSync(join(tmp.path, killedDir ?? ''))).toBe(true);

    const running = await serve();
    const next = await serve();
    const left = await dataDirs();
    expect(left).not.toContain(killedDir);
    const owners = left.map(dataDirOwner);
    expect(owners.sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([running.pid, next.pid].sort((a, b) => (a ?? 0) - (b ?? 0)));
    // Stopped by SIGINT (the first soon after its "Running on" line), both shut down cleanly (exit code 0, not
    // killed by the signal) and each removed its own folder.
    expect(await stop(next, 'SIGINT')).toBe(0);
    expect(await stop(running, 'SIGINT')).toBe(0);
    expect(await dataDirs()).toEqual([]);
  }, 120_000);

  it('shuts down cleanly, and removes its folder, when Ctrl-C comes the moment "Running on" is printed', async () => {
    // Before the listener came first, half of such stops were deaths by SIGINT that left the folder.
    for (let round = 0; round < 3; round++) {
      const child = spawnCli(['serve', 'examples/greet/project.json', '--port', '0'], { TMPDIR: tmp.path });
      child.stderr.resume();
      const ended = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, by) => resolve(code ?? by)));
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        // In the same callback as the line arrives: no await between reading it and the signal.
        if (/Running on http:\/\/127\.0\.0\.1:\d+\n/.test(out)) child.kill('SIGINT');
      });
      expect(await ended).toBe(0);
      expect(await dataDirs()).toEqual([]);
    }
  }, 120_000);
});
