import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ssh2, { type Client } from 'ssh2';
import { createLogger, type Logger } from '../../main/common/logger.js';
import { generateEd25519KeyPair } from '../../main/common/ssh-key-pair.js';
import {
  SHARE_SERVER_DEFAULTS,
  startShareServer,
  type RunningShareServer,
  type ShareServerOptions,
} from '../../main/share-server/share-server.js';

export const DOMAIN = 'share.test';

export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'share-server-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A logger whose lines the test can read (to check that a refusal says why). */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger('share-server', 'debug', (line) => lines.push(line)), lines };
}

export function startTestServer(dataDir: string, overrides: Partial<ShareServerOptions> = {}): Promise<RunningShareServer> {
  return startShareServer({
    ...SHARE_SERVER_DEFAULTS,
    domain: DOMAIN,
    httpPort: 0,
    sshPort: 0,
    dataDir,
    clients: { kind: 'token', token: 'secret-token' },
    trustProxy: false,
    logger: memoryLogger().logger,
    ...overrides,
  });
}

export function newKey(): string {
  return generateEd25519KeyPair().private;
}

export function publicKeyLine(privateKey: string): string {
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error) throw parsed;
  return `${parsed.type} ${parsed.getPublicSSH().toString('base64')} test`;
}

/** The demo side: an SSH client signed in to the share server, whose forwarded connections reach `demoPort`. */
export function connectDemo(sshPort: number, privateKey: string, demoPort: number, username = 'secret-token'): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.on('tcp connection', (_info, accept) => {
      const channel = accept();
      const local = connect(demoPort, '127.0.0.1');
      channel.pipe(local).pipe(channel);
      local.on('error', () => channel.destroy());
      channel.on('error', () => local.destroy());
      channel.on('close', () => local.destroy());
    });
    client.once('ready', () => {
      client.setNoDelay(true);
      resolve(client);
    });
    client.once('error', reject);
    client.connect({ host: '127.0.0.1', port: sshPort, username, privateKey });
  });
}

/** Asks for a name (`''` = any); resolves with the port the server answered, rejects when refused. */
export function forwardIn(client: Client, name: string): Promise<number> {
  return new Promise((resolve, reject) => client.forwardIn(name, 80, (error, port) => (error ? reject(error) : resolve(port))));
}

/** Runs the session command `url` on the share server and resolves with its output. */
export function execUrl(client: Client): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    client.exec('url', (error, stream) => {
      if (error) {
        reject(error);
        return;
      }
      let stdout = '';
      let stderr = '';
      let code: number | null = null;
      stream.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      stream.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      stream.on('exit', (exitCode: number | null) => (code = exitCode));
      stream.on('close', () => resolve({ code, stdout, stderr }));
    });
  });
}

export function closeClient(client: Client): Promise<void> {
  return new Promise((resolve) => {
    client.once('close', () => resolve());
    client.end();
  });
}

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A visitor's GET to the share server with a chosen Host header, as DNS would route it. */
export function visit(httpPort: number, host: string, pathname = '/', headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: httpPort, path: pathname, headers: { host, ...headers }, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A plain local HTTP server standing for the demo: `/headers` echoes what it received. */
export async function startDemo(handler?: Parameters<typeof createServer>[1]): Promise<{ server: Server; port: number }> {
  const server = createServer(
    handler ??
      ((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ url: req.url, method: req.method, headers: req.headers }));
      }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Resolves when the share server reports the tunnel of `name` in `state` (register before acting). */
export function untilTunnel(share: RunningShareServer, name: string, state: 'online' | 'offline'): Promise<void> {
  return new Promise((resolve) => {
    const subscription = share.events.on('tunnel', (event) => {
      if (event.name !== name || event.state !== state) return;
      void subscription.dispose();
      resolve();
    });
  });
}
