/**
 * A `serve` killed with SIGKILL cannot remove its data folder; the next `serve` does, and leaves
 * the folder of a server that is still running. Each run gets a private TMPDIR, so the real temp
 * folder (and other people's servers) are never touched.
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

async function stop(child: ReturnType<typeof spawnCli>, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

describe('stale data folders (real child processes)', () => {
  it("removes a killed server's folder on the next start, and keeps a running server's", async () => {
    const killed = await serve();
    const [killedDir] = await dataDirs();
    expect(killedDir).toMatch(new RegExp(`^demo-desktop-files-${killed.pid}-`));
    await stop(killed, 'SIGKILL');
    await waitFor(() => !isAlive(killed.pid), 5_000, 'the killed server to be gone');
    expect(existsSync(join(tmp.path, killedDir ?? ''))).toBe(true);

    const running = await serve();
    const next = await serve();
    const left = await dataDirs();
    expect(left).not.toContain(killedDir);
    const owners = left.map(dataDirOwner);
    expect(owners.sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([running.pid, next.pid].sort((a, b) => (a ?? 0) - (b ?? 0)));
    await stop(next, 'SIGINT');
    await stop(running, 'SIGINT');
    // Closed cleanly, each removed its own.
    expect(await dataDirs()).toEqual([]);
  }, 120_000);
});
