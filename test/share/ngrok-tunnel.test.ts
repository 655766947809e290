import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyNgrokError } from '../../main/share/ngrok-errors.js';
import type { NgrokModule } from '../../main/share/ngrok-loader.js';
import { NgrokTunnel, type NgrokTunnelOptions } from '../../main/share/ngrok-tunnel.js';
import { TunnelError, type TunnelState } from '../../main/share/tunnel.js';
import { runCli } from '../cli/run-cli.js';
import { REPO_ROOT, tempDir } from '../runtimes/support.js';

/**
 * The opt-in ngrok provider (issue 15, item 1) against what loopback can honestly offer: ngrok's
 * service cannot be reached here, so the real @ngrok/ngrok agent is pointed (`serverAddr`) at a
 * closed port, at a server that speaks garbage and at one that never answers, and each failure
 * must name its step within the open timeout. Not tested: a session with ngrok's real service.
 */

const TOKEN = 'test-authtoken-never-shown-9f3c';
let dir: { path: string; remove: () => Promise<void> };
const servers: net.Server[] = [];

beforeAll(async () => {
  dir = await tempDir('ngrok-tunnel');
});

afterAll(async () => {
  for (const server of servers) server.close();
  await dir.remove();
});

async function listen(onConnection: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer(onConnection);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

async function openFails(options: Partial<NgrokTunnelOptions>): Promise<{ error: TunnelError; states: TunnelState[]; ms: number }> {
  const tunnel = new NgrokTunnel({ authtoken: TOKEN, accept: (stream) => stream.destroy(), env: {}, ...options });
  const states: TunnelState[] = [];
  tunnel.events.on('state', (state) => states.push(state));
  const started = Date.now();
  const error = await tunnel.open().catch((caught: unknown) => caught);
  const ms = Date.now() - started;
  await tunnel.close();
  expect(error).toBeInstanceOf(TunnelError);
  const failure = error as TunnelError;
  // The authtoken is the user's secret: no message or state carries it.
  expect(failure.message).not.toContain(TOKEN);
  expect(JSON.stringify(states)).not.toContain(TOKEN);
  expect(states.at(-1)).toMatchObject({ kind: 'failed', step: failure.step });
  return { error: failure, states, ms };
}

describe('the ngrok tunnel', () => {
  it('without an authtoken says where to get one, before loading ngrok at all', async () => {
    let loaded = false;
    const load = (): Promise<NgrokModule> => {
      loaded = true;
      return import('@ngrok/ngrok');
    };
    const { error } = await openFails({ authtoken: undefined, load });
    expect(error.step).toBe('auth');
    expect(error.message).toContain('NGROK_AUTHTOKEN');
    expect(error.message).toContain('--ngrok-authtoken');
    expect(error.message).toContain('dashboard.ngrok.com');
    expect(loaded).toBe(false);
    // The environment variable is read when no option is given.
    const fromEnv = await openFails({ authtoken: undefined, env: { NGROK_AUTHTOKEN: TOKEN }, serverAddr: '127.0.0.1:1' });
    expect(fromEnv.error.step).toBe('connect');
  });

  it('names step connect for a closed port and for a server that speaks garbage, at once', async () => {
    const closedPort = await listen(() => undefined);
    servers.pop()?.close();
    const closed = await openFails({ serverAddr: `127.0.0.1:${closedPort}`, timeoutMs: 20_000 });
    expect(closed.error.step).toBe('connect');
    expect(closed.error.message).toContain(`127.0.0.1:${closedPort}`);

    const garbagePort = await listen((socket) => {
      socket.on('error', () => undefined);
      socket.end('SSH-2.0-not-ngrok\r\nthis is not TLS\r\n');
    });
    const garbage = await openFails({ serverAddr: `127.0.0.1:${garbagePort}`, timeoutMs: 20_000 });
    expect(garbage.error.step).toBe('connect');
    expect(garbage.error.message).toContain("does not speak ngrok's TLS");
    // Well within the open timeout: a refusal is reported as it happens, not when the timer runs out.
    expect(closed.ms + garbage.ms).toBeLessThan(20_000);
  });

  it('names step timeout, and the phase, when the server never answers', async () => {
    const silentPort = await listen((socket) => socket.on('error', () => undefined));
    const silent = await openFails({ serverAddr: `127.0.0.1:${silentPort}`, timeoutMs: 1500 });
    expect(silent.error.step).toBe('timeout');
    expect(silent.error.message).toContain('within 2 s while connecting and signing in');
    // The bound is the point (4x margin for a busy machine).
    expect(silent.ms).toBeLessThan(6000);
  });

  it('names step dns for a server name that does not resolve', async () => {
    const { error } = await openFails({ serverAddr: 'ngrok.invalid:443', timeoutMs: 20_000 });
    expect(error.step).toBe('dns');
    expect(error.message).toContain('ngrok.invalid:443');
  });

  it('without the native module (a copy of the package without its platform binding) fails on open, naming the platform', async () => {
    const copy = path.join(dir.path, 'node_modules', '@ngrok', 'ngrok');
    await mkdir(copy, { recursive: true });
    for (const file of ['index.js', 'package.json'])
      await cp(path.join(REPO_ROOT, 'node_modules/@ngrok/ngrok', file), path.join(copy, file));
    const load = (): Promise<NgrokModule> => import(path.join(copy, 'index.js')) as Promise<NgrokModule>;
    const { error } = await openFails({ load, serverAddr: '127.0.0.1:1' });
    expect(error.step).toBe('connect');
    expect(error.message).toContain(`native module for ${process.platform}-${process.arch}`);
    expect(error.message).toMatch(/Cannot find module '@ngrok\/ngrok-|Failed to load native binding/);
    expect(error.message).toContain('--share share+wss://');
  });

  it('reads ngrok service refusals of the authtoken as step auth', () => {
    const refused = Object.assign(new Error('failed to connect session: authentication failed: The authtoken you specified is invalid'), {
      errorCode: 'ERR_NGROK_107',
    });
    expect(classifyNgrokError(refused, 'session', 'connect.ngrok-agent.com:443').step).toBe('auth');
  });
});

describe('ngrok is loaded only when asked for', () => {
  it('the CLI and serve --share load no @ngrok module until --share ngrok opens', async () => {
    const script = [
      "const { createRequire } = await import('node:module');",
      "await import('./main/cli/main.ts'); await import('./main/cli/share-serve.ts');",
      "const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('@ngrok')).length;",
      'const before = loaded();',
      "await import('@ngrok/ngrok');",
      'console.log(JSON.stringify({ before, after: loaded() }));',
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await once(child, 'close');
    expect(JSON.parse(out.trim())).toEqual({ before: 0, after: expect.any(Number) as number });
    expect((JSON.parse(out.trim()) as { after: number }).after).toBeGreaterThan(0);
  });

  it('serve --share ngrok without an authtoken stops with what to do', async () => {
    const result = await runCli(['serve', 'examples/greet/project.json', '--port', '0', '--data-dir', dir.path, '--share', 'ngrok'], {
      NGROK_AUTHTOKEN: '',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Share failed at auth');
    expect(result.stderr).toContain('NGROK_AUTHTOKEN');
    // Said once (a log line aside), not again as "Error (TUNNEL_FAILED): ...".
    expect(result.stderr).not.toContain('Error (TUNNEL_FAILED)');
  });
});

/**
 * The glue around a session that works, with a stand-in for @ngrok/ngrok's API (ngrok's service is
 * out of reach): the endpoint's URL is the public URL, what the agent would forward reaches
 * `accept`, the agent's disconnections and heartbeats become states, and close ends it all.
 */
describe('the ngrok tunnel around a working session (a stand-in for the ngrok module)', () => {
  function standIn(): {
    module: NgrokModule;
    forwardedTo: () => string;
    handlers: Record<string, (...args: never[]) => unknown>;
    closed: string[];
  } {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const closed: string[] = [];
    let forwardedTo = '';
    const listener = {
      url: () => 'https://abc123.ngrok-free.app',
      forward: (addr: string) => {
        forwardedTo = addr;
        return new Promise<void>(() => undefined);
      },
      close: () => {
        closed.push('listener');
        return Promise.resolve();
      },
    };
    const session = {
      httpEndpoint: () => ({ forwardsTo: () => ({ listen: () => Promise.resolve(listener) }) }),
      close: () => {
        closed.push('session');
        return Promise.resolve();
      },
    };
    class SessionBuilder {
      authtoken(token: string): this {
        handlers.token = () => token;
        return this;
      }
      clientInfo(): this {
        return this;
      }
      serverAddr(): this {
        return this;
      }
      handleDisconnection(handler: (addr: string, error: string) => boolean): this {
        handlers.disconnection = handler;
        return this;
      }
      handleHeartbeat(handler: (latency: number) => void): this {
        handlers.heartbeat = handler;
        return this;
      }
      connect(): Promise<typeof session> {
        return Promise.resolve(session);
      }
    }
    return { module: { SessionBuilder } as unknown as NgrokModule, forwardedTo: () => forwardedTo, handlers, closed };
  }

  it('goes online at the endpoint URL, hands forwarded connections to accept, reports reconnects, and closes everything', async () => {
    const fake = standIn();
    const accepted: string[] = [];
    const tunnel = new NgrokTunnel({
      authtoken: TOKEN,
      env: {},
      // An address that resolves offline; the stand-in connects nowhere.
      serverAddr: '127.0.0.1:443',
      load: () => Promise.resolve(fake.module),
      accept: (stream) => {
        stream.once('data', (chunk: Buffer) => {
          accepted.push(chunk.toString());
          stream.end('pong');
        });
      },
    });
    const states: TunnelState[] = [];
    tunnel.events.on('state', (state) => states.push(state));
    expect(await tunnel.open()).toEqual({ publicUrl: 'https://abc123.ngrok-free.app' });
    expect(fake.handlers.token?.()).toBe(TOKEN);

    // What ngrok's agent does with each visitor: connect to the address it was told to forward to.
    const [host, port] = fake.forwardedTo().split(':');
    expect(host).toBe('127.0.0.1');
    const socket = net.connect(Number(port), host);
    socket.write('ping');
    const [reply] = (await once(socket, 'data')) as [Buffer];
    expect(reply.toString()).toBe('pong');
    expect(accepted).toEqual(['ping']);

    const disconnection = fake.handlers.disconnection as (addr: string, error: string) => boolean;
    const heartbeat = fake.handlers.heartbeat as (latency: number) => void;
    expect(disconnection('connect.ngrok-agent.com:443', 'connection reset')).toBe(true);
    heartbeat(12);
    await tunnel.close();
    expect(disconnection('connect.ngrok-agent.com:443', 'closed')).toBe(false);
    expect(states.map((s) => s.kind)).toEqual(['connecting', 'online', 'reconnecting', 'online', 'closed']);
    expect(states[2]).toMatchObject({ attempt: 1, reason: 'connection reset' });
    expect(states[3]).toEqual({ kind: 'online', publicUrl: 'https://abc123.ngrok-free.app' });
    expect(fake.closed.sort()).toEqual(['listener', 'session']);
    // The loopback server is gone with it.
    const refused = net.connect(Number(port), host);
    const [error] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).toBe('ECONNREFUSED');
  });
});
