import { execFile, spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, isAlive, tempDir } from '../runtimes/support.js';
import { waitForLine } from '../cli/run-cli.js';

/**
 * The real thing: `demo-desktop open` (the built CLI) under a virtual X display (Xvfb) with Debian's
 * Chromium shows the demo in an app-mode window, which we find, screenshot and close like a user
 * would; the CLI must then stop its server and exit 0. Needs `npm run build` (dist/), Xvfb,
 * x11-utils (xwininfo, xprop, xkill) and ImageMagick (import, convert): .ci/run installs them.
 */

const run = promisify(execFile);
const CHROMIUM = '/usr/bin/chromium';
const BIN = join(REPO_ROOT, 'dist', 'main', 'cli', 'bin.js');
const SHOTS = join(REPO_ROOT, 'test-results', 'app-window');

let xvfb: ChildProcess;
let display = '';

/** Starts Xvfb on a display number it picks itself (-displayfd), resolved once it accepts clients. */
async function startXvfb(): Promise<string> {
  xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const fd = xvfb.stdio[3] as NodeJS.ReadableStream;
  return new Promise((resolve, reject) => {
    fd.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(`:${text.trim()}`);
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code} before it was ready`)));
  });
}

async function x(command: string, args: readonly string[]): Promise<string> {
  return (await run(command, [...args], { env: { ...process.env, DISPLAY: display }, encoding: 'utf8' })).stdout;
}

interface XWindow {
  readonly id: string;
  readonly title: string;
  readonly instance: string;
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly top: number;
}

/**
 * Top-level windows with a title, from `xwininfo -root -tree`. xwininfo walks the tree one request
 * at a time: a window that closes meanwhile (Chromium opens and closes windows while it starts)
 * fails the walk with BadWindow or BadDrawable (it did in CI at load 10), and the walk is taken again.
 */
async function windows(): Promise<XWindow[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return parseTree(await x('xwininfo', ['-root', '-tree']));
    } catch (error) {
      const stderr = (error as { stderr?: unknown }).stderr;
      if (attempt >= 20 || typeof stderr !== 'string' || !/Bad (Window|Drawable)/.test(stderr)) throw error;
    }
  }
}

function parseTree(tree: string): XWindow[] {
  const line = /^\s+(0x[0-9a-f]+) "(.*)": \("([^"]*)" "([^"]*)"\)\s+(\d+)x(\d+)\+(-?\d+)\+(-?\d+)/gm;
  return [...tree.matchAll(line)].map((m) => ({
    id: m[1] ?? '',
    title: m[2] ?? '',
    instance: m[3] ?? '',
    width: Number(m[5]),
    height: Number(m[6]),
    left: Number(m[7]),
    top: Number(m[8]),
  }));
}

/** Polls (the X server has no event we can wait on from here) until `find` returns something. */
/**
 * A whole window test: each wait below allows up to 120 s (a loaded CI machine starts Chromium
 * slowly), so the test's own limit is well above vitest's 60 s default (it once ran out there).
 */
const WINDOW_TEST_MS = 300_000;

async function until<T>(what: string, find: () => Promise<T | undefined>, limitMs = 120_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether a process still runs with `dir` on its command line (a browser on a profile inside it). */
async function browsersUsing(dir: string): Promise<boolean> {
  return run('pgrep', ['-f', dir]).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first (npm test does).`);
  display = await startXvfb();
  await mkdir(SHOTS, { recursive: true });
});

afterAll(() => {
  xvfb.kill('SIGTERM');
});

describe('demo-desktop open under Xvfb with Debian Chromium (the app-mode window)', () => {
  it(
    'shows the demo in a window without tab strip or omnibox; closing it stops the server and the CLI exits 0',
    async () => {
      const data = await tempDir('xvfb-open');
      const cli: ChildProcessWithoutNullStreams = spawn(
        process.execPath,
        [BIN, 'open', 'examples/greet/project.json', '--data-dir', data.path],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, DISPLAY: display, WAYLAND_DISPLAY: '', DEMO_DESKTOP_BROWSER: CHROMIUM, DEMO_DESKTOP_LOG: 'warn' },
        },
      );
      let stderr = '';
      cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = once(cli, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
      try {
        const [, url] = (await waitForLine(cli, /Running on (http:\/\/127\.0\.0\.1:\d+)\n/, 120_000)) as unknown as [string, string];
        const { title } = (await (await fetch(`${url}/config`)).json()) as { title: string };
        await until('the notice', () => Promise.resolve(stderr.includes('Opened in an app window') ? true : undefined));
        expect(stderr).toContain(`Opened in an app window of Chromium (${CHROMIUM}).`);

        // The page sets the window title once it has loaded its config: then the window shows the demo.
        const window = await until('the app window with the demo', async () => (await windows()).find((w) => w.title === title));
        // Chromium names an app window after the page alone (a tabbed one says "<page> - Chromium") and
        // gives it a window class named after the app's URL ("127.0.0.1", "127.0.0.1__<path>") where a
        // tabbed window has "chromium": both mark a window without tab strip and omnibox.
        expect(window.instance).not.toBe('chromium');
        expect(window.instance.startsWith(new URL(url).hostname)).toBe(true);
        expect(window.title).not.toMatch(/Chromium/);
        expect({ width: window.width, height: window.height }).toEqual({ width: 1200, height: 800 });

        // Not blank: the page has painted (text, inputs, buttons: many colours in the window's area).
        const shot = join(SHOTS, 'open-greet-app-window.png');
        const colours = await until('a painted window', async () => {
          await x('import', ['-window', 'root', shot]);
          const crop = `${window.width}x${window.height}+${window.left}+${window.top}`;
          const count = Number(await x('convert', [shot, '-crop', crop, '-format', '%k', 'info:']));
          return count > 50 ? count : undefined;
        });
        expect(colours).toBeGreaterThan(50);
        await copyFile(shot, join(SHOTS, 'latest.png'));

        // Close the window as the X server sees a client go: the browser process exits.
        await x('xkill', ['-id', window.id]);
        const [code] = await exited;
        expect(stderr).toContain('The window was closed: stopping the server.');
        expect(code).toBe(0);
        await expect(fetch(`${url}/config`)).rejects.toThrow();
        expect((await windows()).some((w) => w.title === title)).toBe(false);
      } finally {
        if (isAlive(cli.pid)) cli.kill('SIGINT');
        await until('the browser of this test gone', async () => ((await browsersUsing(data.path)) ? undefined : true), 60_000).catch(
          () => undefined,
        );
        await rm(data.path, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      }
    },
    WINDOW_TEST_MS,
  );

  it(
    'demo-desktop alone shows the home screen in an app window; a second open adds a project window; closing the last window stops the app',
    async () => {
      const data = await tempDir('xvfb-home');
      const env = { ...process.env, DISPLAY: display, WAYLAND_DISPLAY: '', DEMO_DESKTOP_BROWSER: CHROMIUM, DEMO_DESKTOP_LOG: 'warn' };
      const desk: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, '--port', '0', '--data-dir', data.path, '--offline'], {
        cwd: REPO_ROOT,
        env,
      });
      let stderr = '';
      desk.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = once(desk, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
      try {
        const [, origin] = (await waitForLine(desk, /Running on (http:\/\/127\.0\.0\.1:\d+)\n/, 120_000)) as unknown as [string, string];
        const home = await until('the home window', async () => (await windows()).find((w) => w.title === 'demo-desktop'));
        expect(home.instance.startsWith('127.0.0.1')).toBe(true);
        const shot = join(SHOTS, 'home-app-window.png');
        await until('a painted home screen', async () => {
          await x('import', ['-window', 'root', shot]);
          const crop = `${home.width}x${home.height}+${home.left}+${home.top}`;
          return Number(await x('convert', [shot, '-crop', crop, '-format', '%k', 'info:'])) > 50 ? true : undefined;
        });

        // A second `demo-desktop open` hands the project to this desk: a window of its own.
        const { title } = { title: 'Greet' };
        const open = spawn(process.execPath, [BIN, 'open', 'examples/greet/project.json', '--data-dir', data.path], {
          cwd: REPO_ROOT,
          env,
        });
        const [openCode] = (await once(open, 'exit')) as [number | null];
        expect(openCode).toBe(0);
        const project = await until('the project window', async () => (await windows()).find((w) => w.title === title));

        // The home window closes: the app keeps running for the project's window.
        await x('xkill', ['-id', home.id]);
        await until('the home window gone', async () => ((await windows()).some((w) => w.title === 'demo-desktop') ? undefined : true));
        expect((await fetch(`${origin}/home`, { redirect: 'manual' })).status).toBeLessThan(500);

        // Its last window closes: the app stops, and says so.
        await x('xkill', ['-id', project.id]);
        const [code] = await exited;
        expect(stderr).toContain('The last window was closed: stopping.');
        expect(code).toBe(0);
        await expect(fetch(`${origin}/home`)).rejects.toThrow();
        expect(existsSync(join(data.path, 'instance.json'))).toBe(false);
      } finally {
        if (isAlive(desk.pid)) desk.kill('SIGINT');
        // A closed window's browser (and its helper processes) may still be writing its profile.
        await until('the browsers of this test gone', async () => ((await browsersUsing(data.path)) ? undefined : true), 60_000).catch(
          () => undefined,
        );
        await rm(data.path, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      }
    },
    WINDOW_TEST_MS,
  );
});
