/**
 * The desk as the app runs it: real project servers (serveProject, real worker processes), the
 * real app server on 127.0.0.1, a WindowHost that records what it was asked to show. One server
 * per project file however often it is opened; closing its window stops it; the instance file
 * lets a second demo-desktop hand over its request, with the right secret only; a stale file is
 * ignored and replaced.
 */
import { spawn } from 'node:child_process';
import { readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  findRunningDesk,
  postToDesk as handOffToDesk,
  instanceFilePath,
  readInstanceFile,
  writeInstanceFile,
} from '../../main/desk/instance-file.js';
import { raw } from '../server/support/raw-http.js';
import { tempDir } from '../runtimes/support.js';
import { copyExample, startTestDesk, type TestDesk } from './support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function desk(dataDir?: string): Promise<TestDesk> {
  const t = await startTestDesk({}, dataDir);
  cleanups.push(() => t.close());
  return t;
}

/** Whether something answers HTTP on the URL's port. */
async function answers(url: string): Promise<boolean> {
  return raw({ port: Number(new URL(url).port), path: '/config' }).then(
    (response) => response.status === 200,
    () => false,
  );
}

/** A pid that existed and is gone: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid ?? 0;
  await new Promise((resolve) => child.once('exit', resolve));
  return pid;
}

describe('the desk (real servers)', () => {
  it('serves a project once however often it is opened, by any spelling of its path, and records it as recent', async () => {
    const t = await desk();
    const file = await copyExample('greet', t.workDir);
    const link = path.join(t.workDir, 'link');
    await symlink(path.dirname(file), link);
    const first = await t.desk.openProject(file);
    const second = await t.desk.openProject(path.join(link, 'project.json'));
    const third = await t.desk.openProject(path.dirname(file)); // the folder names its project.json
    expect(t.starts).toEqual([file]);
    expect(t.desk.projects()).toEqual([file]);
    expect(second.url).toBe(first.url);
    expect(third.url).toBe(first.url);
    expect(first).toMatchObject({ name: 'Greet', shownIn: 'app-window' });
    expect(t.host.shown.map((request) => [request.key, request.kind])).toEqual([
      [file, 'project'],
      [file, 'project'],
      [file, 'project'],
    ]);
    // Each window opens a fresh one-time owner link of that project's server (Share, history, dashboard).
    const links = t.host.shown.map((request) => request.url);
    for (const link of links) expect(link).toMatch(new RegExp(`^${first.url}owner\\?token=[A-Za-z0-9_-]{40,}$`));
    expect(new Set(links).size).toBe(3);
    const signIn = await fetch(links[0] ?? '', { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('set-cookie')).toMatch(/^demo_desktop_owner_\d+=/);
    expect(await answers(first.url)).toBe(true);
    const recent = JSON.parse(await readFile(path.join(t.dataDir, 'recent-projects.json'), 'utf8')) as { projects: { path: string }[] };
    expect(recent.projects.map((project) => project.path)).toEqual([file]);
  });

  it('stops the server it started for a project when that window closes, and serves it anew on the next open', async () => {
    const t = await desk();
    const file = await copyExample('greet', t.workDir);
    const opened = await t.desk.openProject(file);
    expect(await answers(opened.url)).toBe(true);
    const closed = t.closed(opened.url);
    t.host.closeWindow(file);
    await closed;
    expect(t.desk.projects()).toEqual([]);
    expect(await answers(opened.url)).toBe(false);
    t.host.closeWindow('home'); // not a project: nothing to stop
    const again = await t.desk.openProject(file);
    expect(t.starts).toEqual([file, file]);
    expect(await answers(again.url)).toBe(true);
  });

  it('says which file is missing or invalid and what to do', async () => {
    const t = await desk();
    const gone = path.join(t.workDir, 'nope', 'project.json');
    await expect(t.desk.openProject(gone)).rejects.toThrow(`There is no file ${gone}. Choose a project.json`);
    const bad = path.join(t.workDir, 'bad.json');
    await writeFile(bad, '{"version": 1, "name": "Bad", "ui": {"type": "blocks"}}');
    await expect(t.desk.openProject(bad)).rejects.toThrow(/bad\.json is not a valid project[\s\S]*Fix it in the editor/);
    expect(t.desk.projects()).toEqual([]);
  });

  it('writes instance.json (mode 0600) and takes a hand-off with the secret, refusing a wrong or missing one', async () => {
    const t = await desk();
    const info = await stat(instanceFilePath(t.dataDir));
    expect(info.mode & 0o777).toBe(0o600);
    const instance = await readInstanceFile(t.dataDir);
    expect(instance).toMatchObject({ version: 1, pid: process.pid, origin: t.desk.origin });
    expect(await findRunningDesk(t.dataDir)).toEqual(instance);
    if (!instance) throw new Error('no instance file');

    const file = await copyExample('greet', t.workDir);
    const opened = await handOffToDesk(instance, { path: file });
    expect(opened).toMatchObject({ name: 'Greet', shownIn: 'app-window' });
    expect(t.desk.projects()).toEqual([file]);
    const home = await handOffToDesk(instance, { home: true });
    expect(home.url).toMatch(new RegExp(`^${t.desk.origin}/home\\?token=`));
    expect(t.host.shown.at(-1)).toMatchObject({ key: 'home', kind: 'home' });

    await expect(handOffToDesk({ ...instance, secret: `${instance.secret}x` }, { home: true })).rejects.toThrow(/x-demo-desktop-instance/);
    const body = JSON.stringify({ home: true });
    const headers = { 'content-type': 'application/json', 'x-demo-desktop-instance': instance.secret };
    const none = await raw({ port: t.port, path: '/api/desk/open', method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(none.status).toBe(403);
    const foreign = await raw({
      port: t.port,
      path: '/api/desk/open',
      method: 'POST',
      headers: { ...headers, origin: 'http://evil.example' },
      body,
    });
    expect(foreign.status).toBe(403);
    const rebinding = await raw({
      port: t.port,
      path: '/api/desk/open',
      method: 'POST',
      headers: { ...headers, host: `evil.example:${t.port}` },
      body,
    });
    expect(rebinding.status).toBe(403);
    expect(t.host.shown.filter((request) => request.key === 'home')).toHaveLength(1);
    await expect(handOffToDesk(instance, { path: 'relative/project.json' })).rejects.toThrow('Send an absolute path');
  });

  it('ignores and replaces a stale instance file (dead pid, or a live pid with nothing listening), and refuses a second live desk', async () => {
    const data = await tempDir('desk-stale');
    cleanups.push(() => data.remove());
    const secret = 'a'.repeat(43);
    await writeInstanceFile(data.path, { pid: await deadPid(), origin: 'http://127.0.0.1:9', secret });
    expect(await findRunningDesk(data.path)).toBeUndefined();
    await writeInstanceFile(data.path, { pid: process.pid, origin: 'http://127.0.0.1:9', secret });
    expect(await findRunningDesk(data.path)).toBeUndefined();

    const t = await desk(data.path);
    const instance = await readInstanceFile(data.path);
    expect(instance?.secret).not.toBe(secret);
    expect(instance?.origin).toBe(t.desk.origin);
    await expect(startTestDesk({}, data.path)).rejects.toThrow(`demo-desktop is already running for ${data.path}`);
  });

  it('close() stops the project servers, the app server, and removes the instance file', async () => {
    const t = await startTestDesk();
    const a = await t.desk.openProject(await copyExample('greet', t.workDir, 'a'));
    const b = await t.desk.openProject(await copyExample('greet', t.workDir, 'b'));
    expect(a.url).not.toBe(b.url);
    const dataDir = t.dataDir;
    await t.desk.close();
    expect(await answers(a.url)).toBe(false);
    expect(await answers(b.url)).toBe(false);
    expect(
      await raw({ port: t.port, path: '/home' }).then(
        () => true,
        () => false,
      ),
    ).toBe(false);
    expect(await readInstanceFile(dataDir)).toBeUndefined();
    await t.close().catch(() => undefined);
  });
});
