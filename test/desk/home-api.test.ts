/**
 * The home screen's API on the desk's real server: refused without the session (the one the
 * editor page shares), from a foreign Host or Origin; the recent list marks a file that is gone;
 * the machine panel reports this computer's real cores and memory (node:os) and the execution
 * providers that really ran a session; every template carries its hardware check.
 */
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MachineInfo, HomeTemplate } from '../../preload/shared/home/home-api.js';
import type { RecentProject } from '../../preload/shared/editor/editor-api.js';
import { raw } from '../server/support/raw-http.js';
import { copyExample, homeApi, signIn, startTestDesk, type TestDesk } from './support.js';

describe('/api/home (real desk)', () => {
  let t: TestDesk;
  let cookie: string;

  beforeAll(async () => {
    t = await startTestDesk();
    cookie = await signIn(t);
  });
  afterAll(() => t.close());

  it('signs in at /home with the one-time link, and the same session serves the editor page and its API', async () => {
    const page = await raw({ port: t.port, path: '/home', headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect((await raw({ port: t.port, path: '/api/editor/session', headers: { cookie } })).status).toBe(200);
    const root = await raw({ port: t.port, path: '/' });
    expect(root.headers.location).toBe('/home');
  });

  it('refuses the page and the API without a session, and from a foreign Host or Origin', async () => {
    const page = await raw({ port: t.port, path: '/home' });
    expect(page.status).toBe(401);
    expect(page.body).toContain('/home?token=');
    const none = await raw({ port: t.port, path: '/api/home/recent' });
    expect(none.status).toBe(401);
    const forged = await raw({ port: t.port, path: '/api/home/machine', headers: { cookie: `demo_desktop_editor_${t.port}=guess` } });
    expect(forged.status).toBe(401);
    const host = await raw({ port: t.port, path: '/api/home/recent', headers: { cookie, host: `evil.example:${t.port}` } });
    expect(host.status).toBe(403);
    for (const origin of ['http://evil.example', `http://127.0.0.1:${t.port + 1}`]) {
      const response = await raw({ port: t.port, path: '/api/home/recent', headers: { cookie, origin } });
      expect(response.status).toBe(403);
    }
    const write = await raw({
      port: t.port,
      path: '/api/home/open',
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/etc/passwd' }),
    });
    expect(write.status).toBe(403); // a change must say its Origin
    expect(t.host.shown).toEqual([]);
  });

  it('lists recent projects newest first, marks one whose file is gone, and forgets it', async () => {
    const a = await copyExample('greet', t.workDir, 'a');
    const b = await copyExample('chain', t.workDir, 'b');
    expect((await homeApi(t, cookie, 'open', { path: a })).status).toBe(200);
    expect((await homeApi(t, cookie, 'open', { path: b })).status).toBe(200);
    await rm(path.dirname(a), { recursive: true });
    const recent = (await homeApi(t, cookie, 'recent')).json as { projects: RecentProject[] };
    expect(recent.projects.map(({ path: file, name, missing }) => ({ file, name, missing }))).toEqual([
      { file: b, name: 'Chained events', missing: false },
      { file: a, name: 'Greet', missing: true },
    ]);
    const forgotten = (await homeApi(t, cookie, 'recent/forget', { path: a })).json as { projects: RecentProject[] };
    expect(forgotten.projects.map((project) => project.path)).toEqual([b]);
    const gone = await homeApi(t, cookie, 'open', { path: a });
    expect(gone.status).toBe(404);
    expect((gone.json as { detail: string }).detail).toContain(a);
  });

  it('reports this machine: real core count and memory from node:os, and the providers that ran a session', async () => {
    const machine = (await homeApi(t, cookie, 'machine')).json as MachineInfo;
    expect(machine.cpu.cores).toBe(os.cpus().length);
    expect(machine.cpu.model).toBe(os.cpus()[0]?.model.trim());
    expect(machine.memory.totalBytes).toBe(os.totalmem());
    expect(machine.memory.freeBytes).toBeGreaterThan(0);
    expect(machine.memory.freeBytes).toBeLessThanOrEqual(os.totalmem());
    // The CPU provider ships with onnxruntime-node: the active check really ran a session on it.
    expect(machine.providers.find((provider) => provider.name === 'cpu')).toMatchObject({ usable: true });
  });

  it('gives every template a hardware check; a JS-only one runs well here', async () => {
    const { templates } = (await homeApi(t, cookie, 'templates')).json as { templates: HomeTemplate[] };
    expect(templates.map((template) => template.id)).toContain('greet');
    for (const template of templates) expect(['good', 'slow', 'no']).toContain(template.check.verdict);
    expect(templates.find((template) => template.id === 'greet')?.check).toMatchObject({ verdict: 'good', summary: 'Runs well here' });
    // summarize's Hub model is not in this test's empty cache: the first run downloads it.
    expect(templates.find((template) => template.id === 'summarize')?.check.summary).toMatch(
      /^May be slow: the first run downloads Xenova\/t5-small/,
    );
  });

  it('opens a template as it is (a project server answers) and the editor on a copy of one', async () => {
    const opened = await homeApi(t, cookie, 'templates/open', { template: 'greet' });
    expect(opened.status).toBe(200);
    const url = (opened.json as { url: string }).url;
    expect((await raw({ port: Number(new URL(url).port), path: '/config' })).status).toBe(200);
    const edit = await homeApi(t, cookie, 'templates/edit', { template: 'chain' });
    expect(edit.status).toBe(200);
    expect(t.host.shown.at(-1)).toMatchObject({ key: 'editor', kind: 'editor' });
    const session = await raw({ port: t.port, path: '/api/editor/session', headers: { cookie } });
    expect(JSON.parse(session.body)).toMatchObject({ document: { path: null, template: 'chain' } });
    expect((await homeApi(t, cookie, 'templates/edit', { template: 'nope' })).status).toBe(404);
  });
});
