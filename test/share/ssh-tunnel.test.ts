import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownHostsFile } from '../../main/share/known-hosts.js';
import { loadOrCreateSshKey } from '../../main/share/ssh-key.js';
import { SshTunnel, type SshTunnelOptions } from '../../main/share/ssh-tunnel.js';
import { TunnelError } from '../../main/share/tunnel.js';
import { createSshd, freePort, makeHostKey, type Sshd } from '../helpers/sshd.js';
import { percentile, pipeTo, recordStates, sseReader, startLocalApp, type LocalApp } from './tunnel-helpers.js';

const run = promisify(execFile);

let dir: string;
let dataDir: string;
let app: LocalApp;
let sshd: Sshd;
const open: SshTunnel[] = [];

function tunnel(options: Partial<SshTunnelOptions> & { target: string }): SshTunnel {
  const made = new SshTunnel({ dataDir, accept: pipeTo(app.port), defaultUser: 'root', ...options });
  open.push(made);
  return made;
}

async function failure(promise: Promise<unknown>): Promise<TunnelError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TunnelError);
  return error as TunnelError;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ssh-tunnel-'));
  dataDir = path.join(dir, 'data');
  const key = await loadOrCreateSshKey(dataDir);
  app = await startLocalApp();
  sshd = await createSshd(path.join(dir, 'sshd'), `${key.publicKey}\n`);
  await sshd.start();
});

afterAll(async () => {
  await Promise.all(open.map((t) => t.close()));
  await sshd.stop();
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

describe('ssh tunnel to a real OpenSSH sshd', () => {
  it('generates the key pair with mode 0600 and pins the host key on first use', async () => {
    expect((await stat(path.join(dataDir, 'share', 'id_ed25519'))).mode & 0o777).toBe(0o600);
    const t = tunnel({ target: `ssh://127.0.0.1:${sshd.port}` });
    const states = recordStates(t);
    const { publicUrl } = await t.open();
    expect(publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(states.states.map((s) => s.kind)).toEqual(['connecting', 'online']);
    const response = await fetch(`${publicUrl}/hello`);
    expect(await response.text()).toBe(`hello from ${new URL(publicUrl).host}`);
    const pinned = JSON.parse(await readFile(knownHostsFile(dataDir), 'utf8')) as {
      hosts: Record<string, { fingerprint: string }>;
    };
    const { stdout } = await run('ssh-keygen', ['-l', '-f', `${sshd.hostKeyFile}.pub`]);
    expect(pinned.hosts[`127.0.0.1:${sshd.port}`]?.fingerprint).toBe(stdout.split(' ')[1]);
    await t.close();
    expect(states.states.at(-1)).toEqual({ kind: 'closed' });
  });

  it('streams SSE events as they are sent, not buffered', async () => {
    const t = tunnel({ target: `ssh://127.0.0.1:${sshd.port}` });
    const { publicUrl } = await t.open();
    const response = await fetch(`${publicUrl}/events`);
    if (!response.body) throw new Error('no body');
    const events = sseReader(response.body);
    const gaps: number[] = [];
    // Each event is sent only after the previous one arrived: a buffering tunnel would hang here.
    for (let i = 0; i < 5; i++) {
      const sent = performance.now();
      app.push(`event ${i}`);
      expect(await events.next()).toBe(`event ${i}`);
      gaps.push(performance.now() - sent);
    }
    console.log(`SSE through the tunnel: send-to-arrival ms ${gaps.map((g) => g.toFixed(1)).join(', ')}`);
    await events.cancel();
    await t.close();
  });

  it('refuses a changed host key with both fingerprints and the file to edit', async () => {
    const other = await createSshd(path.join(dir, 'sshd-rekeyed'), await readFile(sshd.authorizedKeysFile, 'utf8'));
    await other.start();
    const first = tunnel({ target: `ssh://127.0.0.1:${other.port}` });
    await first.open();
    await first.close();
    await other.stop();
    const { stdout: old } = await run('ssh-keygen', ['-l', '-f', `${other.hostKeyFile}.pub`]);
    await rm(other.hostKeyFile);
    await rm(`${other.hostKeyFile}.pub`);
    await makeHostKey(other.hostKeyFile);
    const { stdout: fresh } = await run('ssh-keygen', ['-l', '-f', `${other.hostKeyFile}.pub`]);
    await other.start();
    try {
      const t = tunnel({ target: `ssh://127.0.0.1:${other.port}` });
      const states = recordStates(t);
      const error = await failure(t.open());
      expect(error.step).toBe('host-key');
      expect(error.message).toContain(old.split(' ')[1]);
      expect(error.message).toContain(fresh.split(' ')[1]);
      expect(error.message).toContain(knownHostsFile(dataDir));
      expect(states.states.at(-1)).toMatchObject({ kind: 'failed', step: 'host-key' });
    } finally {
      await other.stop();
    }
  });

  it('names auth when the server does not know the key', async () => {
    const t = new SshTunnel({
      target: `ssh://root@127.0.0.1:${sshd.port}`,
      dataDir: path.join(dir, 'stranger'),
      accept: pipeTo(app.port),
    });
    const error = await failure(t.open());
    expect(error.step).toBe('auth');
    expect(error.message).toContain(path.join(dir, 'stranger', 'share', 'id_ed25519.pub'));
    expect(error.message).toContain('authorized_keys');
  });

  it('names connect for a closed port and timeout (with the phase) for a silent one', async () => {
    const closed = await failure(tunnel({ target: `ssh://127.0.0.1:${await freePort()}` }).open());
    expect(closed.step).toBe('connect');
    expect(closed.message).toContain('ECONNREFUSED');
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as net.AddressInfo;
      const started = performance.now();
      const timedOut = await failure(tunnel({ target: `ssh://127.0.0.1:${port}`, timeoutMs: 1000 }).open());
      expect(timedOut.step).toBe('timeout');
      expect(timedOut.message).toContain('exchanging keys');
      // The bound is the point: a failure within the promised time (generous for a busy machine).
      expect(performance.now() - started).toBeLessThan(4000);
    } finally {
      silent.close();
    }
  });

  it('is cancelled by its AbortSignal and ends closed', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as net.AddressInfo;
      const t = tunnel({ target: `ssh://127.0.0.1:${port}` });
      const states = recordStates(t);
      const controller = new AbortController();
      const opening = t.open(controller.signal);
      await new Promise((resolve) => silent.once('connection', resolve));
      controller.abort();
      await expect(opening).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(states.states.map((s) => s.kind)).toEqual(['connecting', 'closed']);
    } finally {
      silent.close();
    }
  });

  it('comes back on the same remote port after sshd is killed and restarted', async () => {
    const t = tunnel({ target: `ssh://127.0.0.1:${sshd.port}`, backoff: { baseMs: 200, capMs: 1000 } });
    const states = recordStates(t);
    const { publicUrl } = await t.open();
    const reconnecting = states.next('reconnecting');
    await sshd.stop();
    expect(await reconnecting).toMatchObject({ kind: 'reconnecting', attempt: 1 });
    const online = states.next('online');
    await sshd.start();
    expect(await online).toEqual({ kind: 'online', publicUrl });
    expect(await (await fetch(`${publicUrl}/hello`)).text()).toContain('hello from');
    await t.close();
  });
});

function timedGet(agent: http.Agent, url: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - started));
      })
      .on('error', reject);
  });
}

async function latencies(base: string): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  for (let i = 0; i < 220; i++) times.push(await timedGet(agent, `${base}/hello`));
  agent.destroy();
  return times.slice(20).sort((a, b) => a - b);
}

/** MB/s of one `bytes`-long response read with node:http (no web-stream overhead in the figure). */
function throughput(base: string, bytes: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(`${base}/bytes?n=${bytes}`, (res) => {
        let received = 0;
        res.on('data', (chunk: Buffer) => (received += chunk.length));
        res.on('end', () => {
          if (received !== bytes) reject(new Error(`got ${received} of ${bytes} bytes`));
          else resolve(bytes / 1e6 / ((performance.now() - started) / 1000));
        });
      })
      .on('error', reject);
  });
}

describe('ssh tunnel cost', () => {
  it('measures added latency (p50, p99) and streaming throughput against direct loopback', async () => {
    const t = tunnel({ target: `ssh://127.0.0.1:${sshd.port}` });
    const { publicUrl } = await t.open();
    const direct = `http://127.0.0.1:${app.port}`;
    const [directTimes, tunnelTimes] = [await latencies(direct), await latencies(publicUrl)];
    const size = 20 * 1024 * 1024;
    // Alternating rounds, the median of each: one slow moment of a busy machine does not decide it.
    const rounds: [number, number][] = [];
    for (let i = 0; i < 5; i++) rounds.push([await throughput(direct, size), await throughput(publicUrl, size)]);
    const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
    const [directMBs, tunnelMBs] = [median(rounds.map((r) => r[0])), median(rounds.map((r) => r[1]))];
    const fmt = (times: number[]): string => `p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms`;
    console.log(`latency direct:  ${fmt(directTimes)}`);
    console.log(`latency tunnel:  ${fmt(tunnelTimes)}`);
    console.log(
      `added: p50 ${(percentile(tunnelTimes, 50) - percentile(directTimes, 50)).toFixed(2)} ms, ` +
        `p99 ${(percentile(tunnelTimes, 99) - percentile(directTimes, 99)).toFixed(2)} ms`,
    );
    console.log(`throughput 20 MiB (median of 5): direct ${directMBs.toFixed(1)} MB/s, tunnel ${tunnelMBs.toFixed(1)} MB/s`);
    expect(tunnelTimes).toHaveLength(200);
    await t.close();
  });
});
