import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAlive, tempDir, waitFor } from '../runtimes/support.js';
import { writeFakeBrowser, type FakeBrowser, type Launch } from '../app-window/fake-browser.js';
import { spawnCli, waitForLine } from './run-cli.js';

/**
 * `demo-desktop open` with an app window, the browser being a stand-in process (fake-browser.ts),
 * so the CLI's side (serve, show, wait for the window, stop) is checked without a display server;
 * xvfb-open.test.ts does the same with the real Chromium on a virtual display.
 */

let dir: { path: string; remove: () => Promise<void> };
let fake: FakeBrowser;
beforeEach(async () => {
  dir = await tempDir('open-app-window');
  fake = await writeFakeBrowser(dir.path);
});
let clis: ChildProcessWithoutNullStreams[] = [];
// A test that failed half-way leaves nothing running: its CLI is stopped (which closes its window).
afterEach(async () => {
  await Promise.all(
    clis
      .filter((cli) => cli.exitCode === null && cli.signalCode === null)
      .map(async (cli) => {
        const exited = once(cli, 'exit');
        cli.kill('SIGINT');
        await exited;
      }),
  );
  clis = [];
  await fake.stopAll();
  await dir.remove();
});

function openWithFake(env: NodeJS.ProcessEnv = {}) {
  const child = spawnCli(['open', 'examples/greet/project.json', '--data-dir', dir.path, '--port', '0'], {
    DISPLAY: ':77',
    DEMO_DESKTOP_BROWSER: fake.path,
    ...env,
  });
  clis.push(child);
  const output = { stderr: '' };
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null]>;
  return { child, output, exited };
}

/** The first launch of the stand-in browser, once it has started. */
async function theWindow(): Promise<Launch> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [launch] = await fake.launches();
    if (launch) return launch;
    if (Date.now() > deadline) throw new Error('the app window never started');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('demo-desktop open with an app window (stand-in browser)', () => {
  it('serves until the window is closed, then stops the server and exits 0', async () => {
    const { child, output, exited } = openWithFake();
    const [, url] = (await waitForLine(child, /Running on (http:\/\/127\.0\.0\.1:\d+)\n/)) as unknown as [string, string];
    const window = await theWindow();
    // The window opens a one-time owner link of that server: its page is the owner's (Share, history, dashboard).
    expect(window.args[0]).toMatch(new RegExp(`^--app=${url}/owner\\?token=[A-Za-z0-9_-]{40,}$`));
    await waitFor(() => output.stderr.includes('Close the window (or press Ctrl-C) to stop.'), 30_000, 'the notice');
    expect(output.stderr).toContain(`Opened in an app window of Chromium (${fake.path}).`);
    process.kill(window.pid, 'SIGTERM');
    expect((await exited)[0]).toBe(0);
    expect(output.stderr).toContain('The window was closed: stopping the server.');
    await expect(fetch(`${url}/config`)).rejects.toThrow();
  });

  it('Ctrl-C closes the window it opened and stops the server', async () => {
    const { child, output, exited } = openWithFake();
    await waitForLine(child, /Running on /);
    const window = await theWindow();
    await waitFor(() => output.stderr.includes('Close the window'), 30_000, 'the notice');
    child.kill('SIGINT');
    expect((await exited)[0]).toBe(0);
    expect(isAlive(window.pid)).toBe(false);
    expect(output.stderr).not.toContain('The window was closed');
  });

  it('a browser that fails is reported with its exit code and last output, and the CLI exits 1', async () => {
    const { output, exited } = openWithFake({ FAKE_BROWSER_EXIT: '3' });
    expect((await exited)[0]).toBe(1);
    expect(output.stderr).toContain('Chromium exited with code 3: stopping the server.\nIts last output:');
    expect(output.stderr).toContain('fake browser: giving up');
  });
});
