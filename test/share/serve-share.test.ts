import { once } from 'node:events';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateSshKey } from '../../main/share/ssh-key.js';
import { spawnCli, waitForLine } from '../cli/run-cli.js';
import { createSshd, type Sshd } from '../helpers/sshd.js';
import { isAlive, tempDir } from '../runtimes/support.js';

/**
 * `demo-desktop serve --share ssh://…` for real: the built CLI serves the greet demo and shares it
 * through Debian's OpenSSH sshd (started here on 127.0.0.1), so the share link's host is the
 * forwarded port on the sshd side. Through it: nothing without the key, the demo with it (and
 * /config names the public root), never the admin API; the owner's local server is unchanged.
 */

let data: { path: string; remove: () => Promise<void> };
let sshd: Sshd;

beforeAll(async () => {
  data = await tempDir('serve-share');
  const key = await loadOrCreateSshKey(data.path);
  sshd = await createSshd(path.join(data.path, 'sshd'), `${key.publicKey}\n`);
  await sshd.start();
});

afterAll(async () => {
  await sshd.stop();
  await data.remove();
});

describe('demo-desktop serve --share (real sshd, real CLI)', () => {
  it('prints a private share link that serves the demo through the tunnel and nothing else', async () => {
    const cli = spawnCli([
      'serve',
      'examples/greet/project.json',
      '--port',
      '0',
      '--data-dir',
      data.path,
      '--share',
      `ssh://127.0.0.1:${sshd.port}`,
    ]);
    const exited = once(cli, 'exit') as Promise<[number | null]>;
    try {
      const [, local] = await waitForLine(cli, /Running on (http:\/\/127\.0\.0\.1:\d+)\n/, 120_000);
      const [, link] = await waitForLine(cli, /Share link: (\S+)\n/, 60_000);
      const shared = new URL(link ?? '');
      const root = `${shared.protocol}//${shared.host}`;
      const key = shared.searchParams.get('key') ?? '';
      expect(key.length).toBeGreaterThanOrEqual(43);
      expect(shared.host).not.toBe(new URL(local ?? '').host);

      expect((await fetch(`${root}/`)).status).toBe(401);
      expect((await fetch(`${root}/config`)).status).toBe(401);
      const visit = await fetch(link ?? '', { redirect: 'manual' });
      expect(visit.status).toBe(303);
      expect(visit.headers.get('set-cookie')).toMatch(/HttpOnly/i);

      const auth = { authorization: `Bearer ${key}` };
      const config = (await (await fetch(`${root}/config`, { headers: auth })).json()) as { root: string; title: string };
      expect(config.title).toBe('Greet');
      expect(config.root.replace(/\/$/, '')).toBe(root);
      for (const route of ['/api/engine/metrics', '/metrics', '/api/editor/session', '/api/home/recent']) {
        expect((await fetch(`${root}${route}`, { headers: auth })).status, route).toBeGreaterThanOrEqual(400);
      }
      // The owner's own server answers as before, without any key.
      expect((await fetch(`${local ?? ''}/config`)).status).toBe(200);
    } finally {
      if (isAlive(cli.pid)) cli.kill('SIGINT');
    }
    const [code] = await exited;
    expect(code).toBe(0);
  });
});
