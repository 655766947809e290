/**
 * A share-link visitor's name through a real tunnel (issue 15, item 4): the real share server, the
 * real ssh tunnel client, the share gate and a served demo. An API client with the key is the
 * address the share server saw (passed as the SSH channel's originator), never one it writes in
 * X-Forwarded-For; behind a proxy the operator trusts (`--trust-proxy`), the address that proxy
 * appended.
 */
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createShareGate, type ShareGate } from '../../main/server/share/share-gate.js';
import { SshTunnel } from '../../main/share/ssh-tunnel.js';
import type { RunningShareServer } from '../../main/share-server/share-server.js';
import { startDemo, type Demo } from '../server/support/demo-app.js';
import { startTestServer, tempDir, visit } from '../share-server/support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function share(trustProxy: boolean): Promise<{ server: RunningShareServer; gate: ShareGate; host: string }> {
  const { dir, remove } = await tempDir();
  cleanups.push(remove);
  const demo: Demo = await startDemo();
  cleanups.push(() => demo.close());
  const server = await startTestServer(path.join(dir, 'server'), { trustProxy });
  cleanups.push(() => server.close());
  const gate = createShareGate({ server: demo.server.share });
  cleanups.push(() => gate.close());
  const tunnel = new SshTunnel({
    target: `ssh://secret-token@127.0.0.1:${server.sshPort}`,
    dataDir: path.join(dir, 'client'),
    server: 'share-server',
    accept: (stream, info) => gate.accept(stream, info),
  });
  cleanups.push(() => tunnel.close());
  const { publicUrl } = await tunnel.open();
  gate.setPublicUrl(publicUrl);
  return { server, gate, host: new URL(publicUrl).host };
}

/** The visitor the gate names for one API call with the key and `headers`. */
async function visitorOf(s: Awaited<ReturnType<typeof share>>, headers: Record<string, string>): Promise<string | null> {
  const named = new Promise<string | null>((resolve) => {
    const subscription = s.gate.events.on('request', (event) => {
      void subscription.dispose();
      resolve(event.visitor);
    });
  });
  const reply = await visit(s.server.httpPort, s.host, '/config', { authorization: `Bearer ${s.gate.key}`, ...headers });
  expect(reply.status, reply.body).toBe(200);
  return named;
}

it('names an API client by the address the share server saw, whatever X-Forwarded-For it sends', async () => {
  const s = await share(false);
  expect(await visitorOf(s, {})).toBe('address:127.0.0.1');
  expect(await visitorOf(s, { 'x-forwarded-for': '198.51.100.4' })).toBe('address:127.0.0.1');
});

it('behind a trusted proxy, names an API client by the address that proxy appended last', async () => {
  const s = await share(true);
  // The visitor wrote 6.6.6.6; the proxy appended the address it saw.
  expect(await visitorOf(s, { 'x-forwarded-for': '6.6.6.6, 198.51.100.4' })).toBe('address:198.51.100.4');
  expect(await visitorOf(s, { 'x-forwarded-for': '203.0.113.9' })).toBe('address:203.0.113.9');
  // Not an address: the proxy's own.
  expect(await visitorOf(s, { 'x-forwarded-for': 'unknown' })).toBe('address:127.0.0.1');
});
