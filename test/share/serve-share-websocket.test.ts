import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli, waitForLine } from '../cli/run-cli.js';
import { isAlive, REPO_ROOT, tempDir } from '../runtimes/support.js';
import { makeSelfSignedCert } from './support/self-signed.js';

/**
 * SSH over WebSocket end to end with real processes (issue 15, item 2): the CLI's share server with
 * its SSH port off, `demo-desktop serve --share share+ws://…` (then `share+wss://…` over HTTPS with
 * a self-signed certificate made by openssl), and a visitor process that opens the share link as a
 * browser (key → cookie → page) and as the official @gradio/client (its queue streams over SSE).
 */

const TOKEN = 'ws-share-token-1';
let data: { path: string; remove: () => Promise<void> };
let tls: { cert: string; key: string };
const children = new Set<ChildProcessWithoutNullStreams>();

beforeAll(async () => {
  data = await tempDir('serve-share-ws');
  tls = await makeSelfSignedCert(data.path);
});

afterEach(async () => {
  for (const child of children) {
    if (!isAlive(child.pid)) continue;
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    await exited;
  }
  children.clear();
});

afterAll(async () => {
  await data.remove();
});

function start(args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams {
  const child = spawnCli(args, env);
  children.add(child);
  return child;
}

/** The share server with no SSH port at all: only its HTTP(S) port, where SSH arrives in a WebSocket. */
async function startShareServer(name: string, extra: readonly string[] = []): Promise<number> {
  const server = start([
    'share-server',
    '--domain',
    'share.test',
    '--http-port',
    '0',
    '--ssh-port',
    'off',
    '--data-dir',
    path.join(data.path, name),
    '--token',
    TOKEN,
    ...extra,
  ]);
  const [, port] = await waitForLine(server, /visitors on 127\.0\.0\.1:(\d+), SSH port off\n/, 60_000);
  return Number(port);
}

function serveArgs(share: string, extra: readonly string[] = []): string[] {
  return ['serve', 'examples/greet/project.json', '--port', '0', '--data-dir', path.join(data.path, 'owner'), '--share', share, ...extra];
}

interface Visit {
  withoutKey: number;
  visit: number;
  page: number;
  pageType: string;
  pageHtml: string;
  configRoot: string;
  greeting: unknown[];
}

/** Runs the visitor (test/share/support/visit-share.ts) in its own process. */
async function visitor(link: string, env: NodeJS.ProcessEnv = {}): Promise<Visit> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test/share/support/visit-share.ts'), link], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as Visit;
}

function expectServed(seen: Visit, link: string): void {
  const root = new URL(link).origin;
  expect(seen.withoutKey).toBe(401);
  expect(seen.visit).toBe(303);
  expect(seen.page).toBe(200);
  expect(seen.pageType).toMatch(/^text\/html/);
  expect(seen.pageHtml.toLowerCase()).toContain('<!doctype html');
  expect(seen.configRoot.replace(/\/$/, '')).toBe(root);
  expect(seen.greeting).toEqual(['Hello through the tunnel!']);
}

describe('serve --share share+ws:// and share+wss:// (real CLI processes, SSH port off)', () => {
  it('shares the demo through SSH over a WebSocket on the share server HTTP port', async () => {
    const httpPort = await startShareServer('plain');
    const serve = start(serveArgs(`share+ws://${TOKEN}@127.0.0.1:${httpPort}`));
    const [, link = ''] = await waitForLine(serve, /Share link: (\S+)\n/, 120_000);
    expect(link).toMatch(new RegExp(`^http://[a-z2-7]{10}\\.share\\.test:${httpPort}/\\?key=`));
    expectServed(await visitor(link), link);
  });

  it('over HTTPS: refuses an untrusted certificate naming --share-ca, then shares with it; the visitor trusts it too', async () => {
    const httpPort = await startShareServer('tls', ['--tls-cert', tls.cert, '--tls-key', tls.key]);
    const ca = await readFile(tls.cert);
    // HTTPS itself: the landing host answers with the certificate made for it.
    const health = await new Promise<number>((resolve, reject) =>
      https
        .get({ host: '127.0.0.1', port: httpPort, path: '/healthz', headers: { host: 'share.test' }, ca }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject),
    );
    expect(health).toBe(200);

    const target = `share+wss://${TOKEN}@127.0.0.1:${httpPort}`;
    const untrusted = await runCli(serveArgs(target));
    expect(untrusted.code).not.toBe(0);
    expect(untrusted.stderr).toContain('Share failed at connect');
    expect(untrusted.stderr).toContain('--share-ca');

    const serve = start(serveArgs(target, ['--share-ca', tls.cert]));
    const [, link = ''] = await waitForLine(serve, /Share link: (\S+)\n/, 120_000);
    expect(link).toMatch(new RegExp(`^https://[a-z2-7]{10}\\.share\\.test:${httpPort}/\\?key=`));
    expectServed(await visitor(link, { NODE_EXTRA_CA_CERTS: tls.cert }), link);
  });

  it('trusts the certificate through NODE_EXTRA_CA_CERTS as well', async () => {
    const httpPort = await startShareServer('tls-env', ['--tls-cert', tls.cert, '--tls-key', tls.key]);
    const serve = start(serveArgs(`share+wss://${TOKEN}@127.0.0.1:${httpPort}`), { NODE_EXTRA_CA_CERTS: tls.cert });
    const [, link = ''] = await waitForLine(serve, /Share link: (\S+)\n/, 120_000);
    expect(link.startsWith('https://')).toBe(true);
  });
});
