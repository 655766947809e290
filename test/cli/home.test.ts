/** `demo-desktop` with no arguments as a user runs it: a real child process on 127.0.0.1. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw } from '../server/support/raw-http.js';
import { tempDir } from '../runtimes/support.js';
import { runCli, spawnCli, waitForLine } from './run-cli.js';

describe('demo-desktop with no command (real child process)', () => {
  let data: { path: string; remove: () => Promise<void> };
  beforeAll(async () => {
    data = await tempDir('home-cli');
  });
  afterAll(() => data.remove());

  it('starts the desk and prints the home link; a second start hands over to it; Ctrl-C stops it and removes the instance file', async () => {
    const args = ['--port', '0', '--no-browser', '--data-dir', data.path, '--offline'];
    const child = spawnCli(args);
    const [, origin, link] = (await waitForLine(
      child,
      /Running on (http:\/\/127\.0\.0\.1:\d+)\nHome screen: (http:\/\/127\.0\.0\.1:\d+\/home\?token=[A-Za-z0-9_-]{43})\n/,
      60_000,
    )) as unknown as [string, string, string];
    expect(link.startsWith(`${origin}/home?token=`)).toBe(true);
    const port = Number(new URL(origin).port);
    expect((await raw({ port, path: link.slice(origin.length) })).status).toBe(303);
    expect(existsSync(path.join(data.path, 'instance.json'))).toBe(true);

    // A second start for the same data folder: the running desk prints a fresh home link; this one exits.
    const fresh = waitForLine(child, new RegExp(`Home screen: (${origin}/home\\?token=[A-Za-z0-9_-]{43})\\n`), 60_000);
    const second = await runCli(args);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`demo-desktop is already running (${origin})`);
    const [, handed] = (await fresh) as unknown as [string, string];
    expect(second.stdout).toContain(`Home screen: ${handed}`);
    expect((await raw({ port, path: handed.slice(origin.length) })).status).toBe(303);

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(path.join(data.path, 'instance.json'))).toBe(false);
  });

  it('keeps --help as the overview, lists the no-command start, and refuses an unknown command', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('demo-desktop                           Start the app: the home screen');
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });
});
