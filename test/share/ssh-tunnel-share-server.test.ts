import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshFingerprint } from '../../main/share/known-hosts.js';
import { SshTunnel, type SshTunnelOptions } from '../../main/share/ssh-tunnel.js';
import { TunnelError } from '../../main/share/tunnel.js';
import { generateEd25519KeyPair } from '../../main/common/ssh-key-pair.js';
import { recordStates } from './tunnel-helpers.js';

/**
 * A stand-in for our share server (H8 builds the real one) on ssh2.Server, speaking the agreed
 * protocol: `tcpip-forward` with bindAddr = the name asked for ('' = a new one), owned by the key
 * that took it (the same key takes it back after a reconnect, another key is refused); exec `url`
 * answers one line with the public URL. `visit()` opens a forwarded connection as a visitor would.
 */
interface StandIn {
  readonly port: number;
  readonly forwards: string[];
  visit(name: string, request: string): Promise<string>;
  close(): Promise<void>;
}

async function startStandIn(): Promise<StandIn> {
  const owners = new Map<string, { key: string; client: ssh2.Connection; asked: string }>();
  const forwards: string[] = [];
  let counter = 0;
  const server = new ssh2.Server({ hostKeys: [generateEd25519KeyPair().private] }, (client) => {
    let key = '';
    let name = '';
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey') {
        ctx.reject(['publickey']);
        return;
      }
      key = sshFingerprint(ctx.key.data);
      if (!ctx.signature || !ctx.blob) {
        ctx.accept();
        return;
      }
      const parsed = ssh2.utils.parseKey(ctx.key.data);
      if (parsed instanceof Error || !parsed.verify(ctx.blob, ctx.signature, ctx.hashAlgo)) {
        ctx.reject();
        return;
      }
      ctx.accept();
    });
    client.on('request', (accept, reject, kind, info) => {
      if (kind !== 'tcpip-forward' || !accept || !reject) return;
      const asked = (info as { bindAddr: string }).bindAddr;
      const owner = owners.get(asked);
      if (owner && owner.key !== key) {
        reject();
        return;
      }
      name = asked || `name${++counter}`;
      owners.set(name, { key, client, asked });
      forwards.push(asked);
      accept(80);
    });
    client.on('session', (acceptSession) => {
      acceptSession().on('exec', (acceptExec, _reject, info) => {
        const channel = acceptExec();
        if (info.command === 'url') channel.write(`https://${name}.share.test\n`);
        channel.exit(0);
        channel.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const visit = (name: string, request: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const owner = owners.get(name);
      if (!owner) {
        reject(new Error(`no tunnel for ${name}`));
        return;
      }
      // RFC 4254 7.2: the "address that was connected" is the one the client's tcpip-forward asked
      // for ('' for a new name); ssh2's client drops channels whose address it did not ask for.
      owner.client.forwardOut(owner.asked, 80, '203.0.113.7', 40000, (error, channel) => {
        if (error) {
          reject(error);
          return;
        }
        let answer = '';
        channel.on('data', (chunk: Buffer) => (answer += chunk.toString()));
        channel.on('close', () => resolve(answer));
        channel.end(request);
      });
    });
  return { port, forwards, visit, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A TCP relay whose live connections can be frozen (no data either way, nothing closed): a dead link. */
function startRelay(to: number): Promise<{ port: number; freeze(): void; close(): void }> {
  const pairs: net.Socket[][] = [];
  const relay = net.createServer((inbound) => {
    const outbound = net.connect(to, '127.0.0.1');
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
    pairs.push([inbound, outbound]);
  });
  return new Promise((resolve) =>
    relay.listen(0, '127.0.0.1', () =>
      resolve({
        port: (relay.address() as net.AddressInfo).port,
        freeze: () => {
          for (const [a, b] of pairs) {
            a?.unpipe();
            b?.unpipe();
            a?.pause();
            b?.pause();
          }
        },
        close: () => {
          relay.close();
          for (const pair of pairs) for (const socket of pair) socket.destroy();
        },
      }),
    ),
  );
}

let dir: string;
let standIn: StandIn;
const gate = http.createServer((req, res) => res.end(`demo for ${req.headers.host ?? ''} ${req.url ?? ''}`));
const tunnels: SshTunnel[] = [];

function tunnel(options: Partial<SshTunnelOptions> & { target: string }): SshTunnel {
  const made = new SshTunnel({
    dataDir: path.join(dir, 'data'),
    server: 'share-server',
    // Served the way the share gate serves: an http.Server with no listener, one stream at a time.
    accept: (stream) => gate.emit('connection', stream),
    ...options,
  });
  tunnels.push(made);
  return made;
}

const GET = 'GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ssh-share-'));
  standIn = await startStandIn();
});

afterAll(async () => {
  await Promise.all(tunnels.map((t) => t.close()));
  await standIn.close();
  await rm(dir, { recursive: true, force: true });
});

describe('ssh tunnel to our share server (stand-in)', () => {
  it('learns the public URL with exec url and serves forwarded connections through an http.Server', async () => {
    const t = tunnel({ target: `ssh://demo@127.0.0.1:${standIn.port}` });
    const { publicUrl } = await t.open();
    expect(publicUrl).toMatch(/^https:\/\/name\d+\.share\.test$/);
    const name = new URL(publicUrl).hostname.split('.')[0] ?? '';
    const answer = await standIn.visit(name, GET);
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(answer).toContain('demo for x /hello');
    await t.close();
  });

  it('asks for the name it is given, and names name-taken when another key holds it', async () => {
    const owner = tunnel({ target: `ssh://demo@127.0.0.1:${standIn.port}`, name: 'mine' });
    expect((await owner.open()).publicUrl).toBe('https://mine.share.test');
    const other = tunnel({ target: `ssh://demo@127.0.0.1:${standIn.port}`, name: 'mine', dataDir: path.join(dir, 'other') });
    const error = (await other.open().catch((caught: unknown) => caught)) as TunnelError;
    expect(error).toBeInstanceOf(TunnelError);
    expect(error.step).toBe('name-taken');
    expect(error.message).toContain('"mine"');
    await owner.close();
  });

  it('notices a dead link by keep-alive and comes back with the same name', async () => {
    const relay = await startRelay(standIn.port);
    try {
      const t = tunnel({
        target: `ssh://demo@127.0.0.1:${relay.port}`,
        keepaliveIntervalMs: 200,
        keepaliveCountMax: 2,
        backoff: { baseMs: 100, capMs: 500 },
      });
      const states = recordStates(t);
      const { publicUrl } = await t.open();
      const name = new URL(publicUrl).hostname.split('.')[0] ?? '';
      const reconnecting = states.next('reconnecting');
      const online = states.next('online');
      relay.freeze();
      expect(await reconnecting).toMatchObject({ kind: 'reconnecting', reason: expect.stringMatching(/keepalive/i) as unknown });
      expect(await online).toEqual({ kind: 'online', publicUrl });
      expect(standIn.forwards.at(-1)).toBe(name);
      expect(await standIn.visit(name, GET)).toContain('demo for x /hello');
      await t.close();
    } finally {
      relay.close();
    }
  });

  it('closes on a dead link (waits for no goodbye that cannot come)', async () => {
    const relay = await startRelay(standIn.port);
    try {
      const t = tunnel({ target: `ssh://demo@127.0.0.1:${relay.port}` });
      const states = recordStates(t);
      await t.open();
      relay.freeze();
      await t.close();
      expect(states.states.at(-1)).toEqual({ kind: 'closed' });
    } finally {
      relay.close();
    }
  });
});
