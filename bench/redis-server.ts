import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A free TCP port on 127.0.0.1 (closed again: the caller binds it next). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Debian's redis-server, started by a test (test/queue/) or the bench (`npm run bench --
 * --scale-out`) on 127.0.0.1 on a free port with its own folder, AOF on and fsync on every write
 * (`appendfsync always`: what "no accepted job is lost" needs, see docs/scale-out.md), no RDB
 * snapshots. `kill()` is a `kill -9` (nothing flushed on the way out); `start()` again serves the
 * same port and folder, so it replays the AOF.
 */
export interface RedisServer {
  readonly port: number;
  readonly dir: string;
  readonly url: string;
  /** The running server's process id (its CPU time is part of what the bench counts); null while it is down. */
  pid(): number | null;
  start(): Promise<void>;
  kill(): Promise<void>;
  /** Kills it and removes its folder. */
  stop(): Promise<void>;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (reply.includes('\r\n')) {
        socket.destroy();
        // NOAUTH: it answers, and wants a password (--requirepass).
        resolve(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
      }
    });
    socket.on('error', () => resolve(false));
  });
}

/** `extraArgs`: more redis-server options (for example `--requirepass`, or `--appendfsync everysec`: the last one given wins). */
export async function startRedisServer(extraArgs: readonly string[] = []): Promise<RedisServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dd-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const log: string[] = [];
  const start = async (): Promise<void> => {
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--dir',
      dir,
      ...extraArgs,
    ];
    const proc = spawn('/usr/bin/redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => log.push(chunk));
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => log.push(chunk));
    const exited = new Promise<never>((_, reject) =>
      proc.once('exit', (code) => reject(new Error(`redis-server exited (${String(code)}): ${log.join('').slice(-2000)}`))),
    );
    exited.catch(() => undefined);
    // A test or bench process that ends without stop() (a timeout) must not leave a redis-server behind.
    const orphan = (): void => void proc.kill('SIGKILL');
    process.once('exit', orphan);
    proc.once('exit', () => process.off('exit', orphan));
    // PONG also comes while the AOF is loading (other commands answer LOADING; ioredis waits for that).
    // Bounded, so a server that never answers fails with its log instead of hanging.
    for (let tries = 0; tries < 600; tries++) {
      if (await Promise.race([ping(port), exited])) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    proc.kill('SIGKILL');
    throw new Error(`redis-server on port ${port} did not answer PING: ${log.join('').slice(-2000)}`);
  };
  const kill = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (proc?.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await gone;
  };
  await start();
  return {
    port,
    dir,
    url: `redis://127.0.0.1:${port}/0`,
    pid: () => child?.pid ?? null,
    start,
    kill,
    stop: async () => {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
