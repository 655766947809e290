/**
 * Share-link visitors (issue 15, item 4): each visitor has an identity the gate gives them (a
 * browser's signed cookie, an API client's address as the tunnel reported it), never one they
 * choose; the scheduler's fair line takes turns across visitors, not session hashes; a visitor's
 * sessions and uploaded files are theirs alone. Stand-in tunnels hand their connections to the
 * gate as plain Duplex streams with the address a tunnel reports, as an ssh2 channel comes.
 * Real demo server, real engine, real jobs.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { duplexPair } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShareGate, type ShareGate, type ShareRequestEvent } from '../../main/server/share/share-gate.js';
import { startDemo, type Demo } from './support/demo-app.js';
import { raw, type RawResponse } from './support/raw-http.js';

const PUBLIC_HOST = 'v1s1t.share.test';

const js = (name: string) => ({ kind: 'js' as const, module: './visitors.js', export: name });
const fromDemo = (name: string) => ({ kind: 'js' as const, module: './fns.js', export: name });

/** `hold` runs until the test creates its release file; `mark` logs its label, so the log is the order jobs ran in. */
function visitorsModule(dir: string): string {
  return `
import { access, appendFile } from 'node:fs/promises';
const RELEASE = ${JSON.stringify(join(dir, 'release'))};
const LOG = ${JSON.stringify(join(dir, 'ran.log'))};
export async function hold(_inputs, ctx) {
  for (;;) {
    try { await access(RELEASE); return 'released'; } catch {}
    if (ctx.signal.aborted) throw new Error('stopped');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
export async function mark([label]) { await appendFile(LOG, label + '\\n'); return label; }
`;
}

const PROJECT = {
  functions: { hold: js('hold'), mark: js('mark'), greet: fromDemo('greet'), readText: fromDemo('readText') },
  ui: {
    type: 'blocks' as const,
    children: [
      { type: 'textbox' as const, id: 'name' },
      { type: 'textbox' as const, id: 'text' },
      { type: 'file' as const, id: 'upload' },
      { type: 'button' as const, id: 'go' },
    ],
    events: [
      // One line, one job at a time: the order jobs leave it is the order they ran in.
      { trigger: 'go.click', fn: 'hold', inputs: [], outputs: ['text'], concurrencyLimit: 1, concurrencyId: 'line' },
      { trigger: 'go.click', fn: 'mark', inputs: ['name'], outputs: ['text'], concurrencyLimit: 1, concurrencyId: 'line' },
      { trigger: 'go.click', fn: 'greet', inputs: ['name'], outputs: ['text'] },
      { trigger: 'go.click', fn: 'readText', inputs: ['upload'], outputs: ['text'] },
    ],
  },
};

interface StandIn {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A stand-in tunnel whose connections reach the gate as plain Duplex streams (as ssh2 channels
 * do), each with `remoteAddress`: the address a real tunnel reports for the visitor.
 */
async function standInTunnel(gate: ShareGate, remoteAddress: string): Promise<StandIn> {
  const server: Server = createServer((socket) => {
    const [outside, inside] = duplexPair();
    socket.pipe(outside).pipe(socket);
    socket.on('error', () => outside.destroy());
    socket.once('close', () => outside.destroy());
    outside.once('close', () => socket.destroy());
    gate.accept(inside, { remoteAddress });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let demo: Demo;
/** Where `hold` looks for its release and `mark` writes its log. */
let signals: string;
let gate: ShareGate;
let fromA: StandIn;
let fromB: StandIn;

beforeAll(async () => {
  signals = await mkdtemp(join(tmpdir(), 'share-visitors-'));
  // Heartbeats every 200 ms: the heartbeat test waits for the next one.
  demo = await startDemo(PROJECT, { heartbeatMs: 200 }, { 'visitors.js': visitorsModule(signals) });
  gate = createShareGate({ server: demo.server.share, publicUrl: `https://${PUBLIC_HOST}` });
  fromA = await standInTunnel(gate, '203.0.113.1');
  fromB = await standInTunnel(gate, '203.0.113.2');
});
afterAll(async () => {
  await gate.close();
  await fromA.close();
  await fromB.close();
  await demo.close();
  await rm(signals, { recursive: true, force: true });
});

function visit(via: StandIn, path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<RawResponse> {
  return raw({ port: via.port, path, method, headers: { host: PUBLIC_HOST, ...headers }, ...(body !== undefined ? { body } : {}) });
}

function post(via: StandIn, path: string, headers: Record<string, string>, body: unknown): Promise<RawResponse> {
  return visit(via, path, { 'content-type': 'application/json', ...headers }, 'POST', JSON.stringify(body));
}

async function cookieVia(via: StandIn): Promise<string> {
  const first = await visit(via, `/?key=${gate.key}`);
  expect(first.status).toBe(303);
  return first.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
}

const bearer = (): Record<string, string> => ({ authorization: `Bearer ${gate.key}` });

/** The visitors the gate reports for `requests`, in order. */
async function visitorsOf(requests: () => Promise<unknown>): Promise<(string | null)[]> {
  const seen: ShareRequestEvent[] = [];
  const subscription = gate.events.on('request', (event) => seen.push(event));
  try {
    await requests();
  } finally {
    void subscription.dispose();
  }
  return seen.map((event) => event.visitor);
}

/** A `/call` event started (admitted to the queue) through `via`; resolves to its event id. */
async function startCall(
  via: StandIn,
  api: string,
  data: unknown[],
  headers: Record<string, string>,
  sessionHash?: string,
): Promise<string> {
  const started = await post(via, `/gradio_api/call/${api}`, headers, { data, ...(sessionHash ? { session_hash: sessionHash } : {}) });
  expect(started.status, started.body).toBe(200);
  return (JSON.parse(started.body) as { event_id: string }).event_id;
}

/** Reads a `/call` event's stream to its end; resolves to the stream's text. */
async function callResult(via: StandIn, api: string, id: string, headers: Record<string, string>): Promise<string> {
  const answer = await visit(via, `/gradio_api/call/${api}/${id}`, headers);
  expect(answer.status).toBe(200);
  return answer.body;
}

describe('visitor identity', () => {
  it('is the signed cookie for browsers and the tunnel-reported address for API clients, never a header', async () => {
    const cookie = await cookieVia(fromA);
    const seen = await visitorsOf(async () => {
      await visit(fromA, '/config', { cookie });
      // A cookie wins over the key that also rides along: the browser stays one visitor.
      await visit(fromB, '/config', { cookie, ...bearer() });
      await visit(fromA, '/config', bearer());
      await visit(fromB, '/config', { ...bearer(), 'x-forwarded-for': '203.0.113.1', forwarded: 'for=203.0.113.1' });
      await visit(fromB, `/config?key=${gate.key}`, { 'x-real-ip': '203.0.113.1' });
    });
    const cookieVisitor = seen[0];
    expect(cookieVisitor).toMatch(/^cookie:[A-Za-z0-9_-]{16,64}$/);
    expect(seen).toEqual([cookieVisitor, cookieVisitor, 'address:203.0.113.1', 'address:203.0.113.2', 'address:203.0.113.2']);
    expect(await cookieVia(fromA)).not.toBe(cookie);
  });
});

describe('per-visitor fairness', () => {
  it('takes turns across visitors: one visitor with 8 sessions does not make another wait behind all 8', async () => {
    const alice = await cookieVia(fromA);
    // The line is busy until the test says so; everything below waits in it.
    const held = await startCall(fromB, 'hold', [], bearer());
    const flood: string[] = [];
    for (let i = 0; i < 8; i += 1) flood.push(await startCall(fromA, 'mark', [`alice-${i}`], { cookie: alice }, `alice-session-${i}`));
    const bob = await startCall(fromB, 'mark', ['bob'], bearer(), 'bob-session');
    await writeFile(join(signals, 'release'), '');
    await callResult(fromB, 'hold', held, bearer());
    for (const id of flood) expect(await callResult(fromA, 'mark', id, { cookie: alice })).toContain('alice-');
    expect(await callResult(fromB, 'mark', bob, bearer())).toContain('bob');
    const ran = (await readFile(join(signals, 'ran.log'), 'utf8')).trim().split('\n');
    expect(ran).toHaveLength(9);
    // Alice's first job, then Bob's (his one turn), then the rest of Alice's, in her order.
    expect(ran.indexOf('bob'), ran.join(' ')).toBeLessThanOrEqual(1);
    expect(ran.filter((label) => label !== 'bob')).toEqual(Array.from({ length: 8 }, (_, i) => `alice-${i}`));
  });
});

describe('per-visitor sessions', () => {
  it("gives a visitor who sends another visitor's session_hash a session of their own, not the other's results", async () => {
    const alice = await cookieVia(fromA);
    const joined = await post(
      fromA,
      '/gradio_api/queue/join',
      { cookie: alice },
      { data: ['alice-secret'], fn_index: 2, session_hash: 'shared-hash-1' },
    );
    expect(joined.status, joined.body).toBe(200);
    // Bob names Alice's session: his stream finds no session of his by that name.
    const bobs = await visit(fromB, '/gradio_api/queue/data?session_hash=shared-hash-1', bearer());
    expect(bobs.status).toBe(200);
    expect(bobs.body).toContain('"session_not_found":true');
    expect(bobs.body).not.toContain('alice-secret');
    const alices = await visit(fromA, '/gradio_api/queue/data?session_hash=shared-hash-1', { cookie: alice });
    expect(alices.body).toContain('Hello alice-secret!');
  });
});

/** Opens a heartbeat stream; `next()` resolves true at its next ALIVE, false once the server ended it. */
async function openHeartbeat(
  via: StandIn,
  hash: string,
  headers: Record<string, string>,
): Promise<{ next: () => Promise<boolean>; close: () => void }> {
  const req = request({
    host: '127.0.0.1',
    port: via.port,
    path: `/gradio_api/heartbeat/${hash}`,
    headers: { host: PUBLIC_HOST, ...headers },
    agent: false,
  });
  req.on('error', () => undefined);
  req.end();
  const res = await new Promise<IncomingMessage>((resolve) => req.once('response', resolve));
  expect(res.statusCode).toBe(200);
  let ended = false;
  res.once('end', () => (ended = true));
  const next = (): Promise<boolean> =>
    new Promise((resolve) => {
      if (ended) {
        resolve(false);
        return;
      }
      const onData = (chunk: Buffer) => {
        if (!chunk.toString().includes('ALIVE')) return;
        res.off('end', onEnd);
        res.off('data', onData);
        resolve(true);
      };
      const onEnd = () => {
        res.off('data', onData);
        resolve(false);
      };
      res.on('data', onData);
      res.once('end', onEnd);
    });
  await next();
  return { next, close: () => req.destroy() };
}

describe('per-visitor heartbeats', () => {
  it("keeps a visitor's heartbeat open when another visitor opens one for the same session_hash", async () => {
    const alice = await cookieVia(fromA);
    const alices = await openHeartbeat(fromA, 'shared-hash-2', { cookie: alice });
    const bobs = await openHeartbeat(fromB, 'shared-hash-2', bearer());
    // One heartbeat per session: Bob's would have ended Alice's had they shared the session.
    expect(await alices.next()).toBe(true);
    // Alice's own second heartbeat does end her first.
    const again = await openHeartbeat(fromA, 'shared-hash-2', { cookie: alice });
    expect(await alices.next()).toBe(false);
    for (const stream of [alices, bobs, again]) stream.close();
  });
});

describe('per-visitor results', () => {
  it("does not stream a visitor's /call result to another visitor who has its event id", async () => {
    const alice = await cookieVia(fromA);
    const id = await startCall(fromA, 'greet', ['alice-private'], { cookie: alice });
    const bobs = await callResult(fromB, 'greet', id, bearer());
    expect(bobs).toContain('404: Not Found');
    expect(bobs).not.toContain('alice-private');
    expect(await callResult(fromA, 'greet', id, { cookie: alice })).toContain('Hello alice-private!');
  });
});

describe('per-visitor file inputs', () => {
  async function upload(via: StandIn, headers: Record<string, string>, text: string): Promise<string> {
    const boundary = 'visitor-files-boundary';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="mine.txt"\r\nContent-Type: text/plain\r\n\r\n${text}\r\n--${boundary}--\r\n`;
    const answer = await visit(
      via,
      '/gradio_api/upload',
      { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      'POST',
      body,
    );
    expect(answer.status, answer.body).toBe(200);
    return (JSON.parse(answer.body) as string[])[0] ?? '';
  }

  const fileData = (path: string) => ({ path, orig_name: 'mine.txt', meta: { _type: 'gradio.FileData' } });
  const readText = (via: StandIn, headers: Record<string, string>, path: string) =>
    post(via, '/gradio_api/run/readText', headers, { data: [fileData(path)] });

  it("lets only the visitor who uploaded a file use it as an input; another visitor's use of its path is refused", async () => {
    const carol = await cookieVia(fromA);
    const dave = await cookieVia(fromA);
    const path = await upload(fromA, { cookie: carol }, "carol's notes");
    const mine = await readText(fromA, { cookie: carol }, path);
    expect(mine.status, mine.body).toBe(200);
    expect(mine.body).toContain("mine.txt -> carol's notes");
    for (const [via, headers] of [
      [fromA, { cookie: dave }],
      [fromB, bearer()],
    ] as const) {
      const refused = await readText(via, headers, path);
      expect(refused.status, refused.body).toBe(403);
      expect(refused.body).toContain('is not one you uploaded through this share link');
      expect(refused.body).not.toContain("carol's notes");
    }
    // The same content sent by Dave is his to use too.
    expect(await upload(fromA, { cookie: dave }, "carol's notes")).toBe(path);
    expect((await readText(fromA, { cookie: dave }, path)).status).toBe(200);
  });

  it("refuses a visitor the owner's local uploads, and leaves local callers as they were", async () => {
    const boundary = 'owner-boundary';
    const local = await raw({
      port: demo.server.port,
      path: '/gradio_api/upload',
      method: 'POST',
      headers: { host: `127.0.0.1:${demo.server.port}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="owner.txt"\r\nContent-Type: text/plain\r\n\r\nowner's file\r\n--${boundary}--\r\n`,
    });
    expect(local.status).toBe(200);
    const path = (JSON.parse(local.body) as string[])[0] ?? '';
    const erin = await cookieVia(fromB);
    expect((await readText(fromB, { cookie: erin }, path)).status).toBe(403);
    const owner = await raw({
      port: demo.server.port,
      path: '/gradio_api/run/readText',
      method: 'POST',
      headers: { host: `127.0.0.1:${demo.server.port}`, 'content-type': 'application/json' },
      body: JSON.stringify({ data: [fileData(path)] }),
    });
    expect(owner.status, owner.body).toBe(200);
    expect(owner.body).toContain("owner's file");
  });
});
