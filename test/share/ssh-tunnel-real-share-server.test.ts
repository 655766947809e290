import http from 'node:http';
import path from 'node:path';
import { expect, it } from 'vitest';
import { SshTunnel } from '../../main/share/ssh-tunnel.js';
import { recordStates, pipeTo, startLocalApp } from './tunnel-helpers.js';
import { startTestServer, tempDir } from '../share-server/support.js';

function get(port: number, host: string, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: p, headers: { host } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

it('the ssh tunnel against the real share server: a named URL, served, and the same URL after the share server restarts', async () => {
  const { dir, remove } = await tempDir();
  const app = await startLocalApp();
  let server = await startTestServer(path.join(dir, 'server'));
  const t = new SshTunnel({
    target: `ssh://secret-token@127.0.0.1:${server.sshPort}`,
    dataDir: path.join(dir, 'client'),
    server: 'share-server',
    accept: pipeTo(app.port),
    backoff: { baseMs: 200, capMs: 1000 },
  });
  const states = recordStates(t);
  const { publicUrl } = await t.open();
  console.log('public URL', publicUrl, server.urlOf('x'));
  const host = new URL(publicUrl).host;
  const first = await get(server.httpPort, host, '/hello');
  console.log(first);
  expect(first.body).toContain('hello from');
  const { httpPort, sshPort } = server;
  const reconnecting = states.next('reconnecting');
  await server.close();
  console.log(await reconnecting);
  const online = states.next('online');
  server = await startTestServer(path.join(dir, 'server'), { httpPort, sshPort });
  console.log(await online);
  const again = await get(server.httpPort, host, '/hello');
  console.log(again);
  await t.close();
  await server.close();
  await app.close();
  await remove();
});
