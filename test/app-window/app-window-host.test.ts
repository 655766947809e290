import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppWindowHost, type WindowExit } from '../../main/app-window/app-window-host.js';
import { profileName } from '../../main/app-window/profile-lock.js';
import { isAlive, tempDir, waitFor } from '../runtimes/support.js';
import { writeFakeBrowser, type FakeBrowser, type Launch } from './fake-browser.js';

let dir: { path: string; remove: () => Promise<void> };
let fake: FakeBrowser;
let hosts: AppWindowHost[] = [];

beforeEach(async () => {
  dir = await tempDir('app-window-host');
  fake = await writeFakeBrowser(dir.path);
});
// Every window a test opened ends with it, passed or failed.
afterEach(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  hosts = [];
  await fake.stopAll();
  await dir.remove();
});

/** A host of the stand-in browser, on a Linux display (the stand-in needs none, but the host checks). */
function host(path = fake.path, env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: ':77' }): AppWindowHost {
  const made = new AppWindowHost({
    browser: { name: 'Fake', path, source: 'env' },
    profilesDir: join(dir.path, 'app-windows'),
    noSandbox: false,
    env,
  });
  hosts.push(made);
  return made;
}

/** The launches once there are `count` of them (each launch appends its line when it starts). */
async function launches(count: number): Promise<Launch[]> {
  let all: Launch[] = [];
  const deadline = Date.now() + 30_000;
  while ((all = await fake.launches()).length < count) {
    if (Date.now() > deadline) throw new Error(`${all.length} launches, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return all;
}

const project = { key: '/p/greet/project.json', kind: 'project' as const, url: 'http://127.0.0.1:7860/', title: 'greet' };
const profile = (suffix = ''): string => join(dir.path, 'app-windows', profileName(project.key) + suffix);

describe('AppWindowHost (a real child process as the browser)', () => {
  it('launches --app with the key’s own profile; reports the window closed when its process exits', async () => {
    const windows = host();
    const closed: string[] = [];
    const exits: WindowExit[] = [];
    windows.onClosed((key) => closed.push(key));
    windows.onExit((exit) => exits.push(exit));
    expect(await windows.show(project)).toBe('app-window');
    const [launch] = await launches(1);
    expect(launch?.args).toEqual([
      '--app=http://127.0.0.1:7860/',
      `--user-data-dir=${profile()}`,
      '--no-first-run',
      '--no-default-browser-check',
      '--window-size=1200,800',
    ]);
    expect(windows.openKeys()).toEqual([project.key]);
    // The user closing the window: the browser process exits on its own.
    process.kill(launch?.pid ?? -1, 'SIGTERM');
    await waitFor(() => closed.length === 1, 30_000, 'the closed event');
    expect(closed).toEqual([project.key]);
    expect(exits).toEqual([
      { key: project.key, code: 0, signal: null, stderrTail: expect.stringContaining('fake browser: starting') as string, byHost: false },
    ]);
    expect(windows.openKeys()).toEqual([]);
  });

  it('a second show() of an open key hands the URL to the running browser; the key closes with that first process', async () => {
    const windows = host();
    const closed: string[] = [];
    windows.onClosed((key) => closed.push(key));
    await windows.show(project);
    // Chromium takes its profile lock a moment after it starts; a second show comes from a later click.
    await launches(1);
    await windows.show({ ...project, url: 'http://127.0.0.1:7860/?again' });
    const [first, second] = await launches(2);
    expect([first?.handoff, second?.handoff]).toEqual([false, true]);
    expect(second?.args).toContain(`--user-data-dir=${profile()}`);
    await waitFor(() => !isAlive(second?.pid), 30_000, 'the hand-over launch to exit');
    expect(closed).toEqual([]);
    expect(windows.openKeys()).toEqual([project.key]);
    process.kill(first?.pid ?? -1, 'SIGTERM');
    await waitFor(() => closed.length === 1, 30_000, 'the closed event');
  });

  it('the same key open in another host (a second `open` of one project) gets the next profile and a process of its own', async () => {
    const [one, two] = [host(), host()];
    await one.show(project);
    await two.show(project);
    // The two processes start side by side: their records may come in either order.
    const both = await launches(2);
    const profiles = both.map((launch) => launch.args.find((arg) => arg.startsWith('--user-data-dir=')));
    expect(profiles.sort((a = '', b = '') => a.localeCompare(b))).toEqual([
      `--user-data-dir=${profile()}`,
      `--user-data-dir=${profile('-2')}`,
    ]);
    expect(both.map((launch) => launch.handoff)).toEqual([false, false]);
    expect([one.openKeys(), two.openKeys()]).toEqual([[project.key], [project.key]]);
    await Promise.all([one.close(), two.close()]);
  });

  it('close() ends the windows it opened without reporting them as closed by the user, and frees their profiles', async () => {
    const windows = host();
    const closed: string[] = [];
    const exits: WindowExit[] = [];
    windows.onClosed((key) => closed.push(key));
    windows.onExit((exit) => exits.push(exit));
    await windows.show(project);
    await windows.show({ key: 'home', kind: 'home', url: 'http://127.0.0.1:7870/', title: 'demo-desktop' });
    const started = await launches(2);
    await windows.close();
    expect(started.every((launch) => !isAlive(launch.pid))).toBe(true);
    expect(closed).toEqual([]);
    expect(exits.map((exit) => exit.byHost)).toEqual([true, true]);
    // Freed: the next show of the key takes the first folder again.
    await windows.show(project);
    expect((await launches(3))[2]?.args).toContain(`--user-data-dir=${profile()}`);
    await windows.close();
  });

  it('reports a browser that fails (its exit code and last output) and one that cannot start at all', async () => {
    const windows = host();
    const exited = new Promise<WindowExit>((resolve) => windows.onExit(resolve));
    await windows.show({ ...project, url: 'http://127.0.0.1:7860/?exit=3' });
    const exit = await exited;
    expect(exit.code).toBe(3);
    expect(exit.stderrTail).toContain('fake browser: giving up');
    const missing = join(dir.path, 'no-such-browser');
    await expect(host(missing).show(project)).rejects.toThrow(`Could not start Fake (${missing}): spawn ${missing} ENOENT`);
    // Linux without a display: the host does not even try.
    const noDisplay = host(fake.path, { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' });
    await expect(noDisplay.show(project)).rejects.toThrow('No app window: no display (DISPLAY and WAYLAND_DISPLAY are unset).');
    expect(await fake.launches()).toHaveLength(1);
    // The failed launches freed their claims: the folder is free for the next one.
    await host().show(project);
    expect((await launches(2))[1]?.args).toContain(`--user-data-dir=${profile()}`);
  });
});
