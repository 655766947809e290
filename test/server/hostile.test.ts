/**
 * Hostile input at the HTTP level, with raw node:http requests (any Host, broken or oversize
 * bodies sent without waiting for them to be read, paths exactly as written). After all of it, a
 * real @gradio/client must still get its answer.
 */
import { mkdir, realpath, symlink } from 'node:fs/promises';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { connect as connectSocket } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, fnIndex, type Demo } from './support/demo-app.js';
import { connect } from './support/gradio-client.js';
import { raw, type RawResponse } from './support/raw-http.js';

const MAX_BODY = 64 * 1024;
const MAX_STREAMS = 30;
/**
 * How long the stream-limit tests wait for answers that need a worker (its start, a 300 ms run): only
 * so a broken server fails instead of hanging; no bound is the point there, and on a loaded 2-core
 * machine a JS worker's start alone has taken seconds.
 */
const STREAM_WAIT_MS = 30_000;
const MiB = 1024 * 1024;

let demo: Demo;
let port: number;
const host = (): string => `127.0.0.1:${port}`;

beforeAll(async () => {
  demo = await startDemo(undefined, { maxFileSize: 4096, maxBodyBytes: MAX_BODY, maxStreams: MAX_STREAMS, heartbeatMs: 200 });
  port = demo.server.port;
});
afterAll(async () => demo.close());

function post(path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<RawResponse> {
  return raw({ port, path, method: 'POST', headers: { Host: host(), 'Content-Type': 'application/json', ...headers }, body });
}

const detail = (response: RawResponse): unknown => (JSON.parse(response.body) as { detail: unknown }).detail;

/** An open request whose body the test writes by hand; `response` settles when the server answers. */
interface OpenRequest {
  readonly req: ClientRequest;
  readonly response: Promise<{ res: IncomingMessage; body: Promise<string> }>;
}

function openRequest(path: string, method: string, headers: Record<string, string>): OpenRequest {
  const req = request({ host: '127.0.0.1', port, path, method, headers: { Host: host(), ...headers }, agent: false });
  const response = new Promise<{ res: IncomingMessage; body: Promise<string> }>((resolve, reject) => {
    req.once('response', (res) => {
      const body = new Promise<string>((done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.once('end', () => done(text));
        res.once('close', () => done(text));
      });
      resolve({ res, body });
    });
    req.once('error', reject);
  });
  // Once we give up on a request the socket is destroyed; its late errors are expected.
  response.catch(() => undefined);
  return { req, response };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms))]);
}

describe('Host header', () => {
  it('refuses a foreign Host with 403 and goes on serving everyone else', async () => {
    const foreign = await Promise.all(
      ['evil.example', `evil.example:${port}`, '127.0.0.1.evil.example', `localhost:${port}@evil.example`].map((value) =>
        raw({ port, path: '/config', headers: { Host: value } }),
      ),
    );
    expect(foreign.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    // No Host at all (HTTP/1.0 allows that): refused too.
    const bare = await new Promise<string>((resolve, reject) => {
      const socket = connectSocket(port, '127.0.0.1', () => socket.end('GET /config HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.once('close', () => resolve(text));
      socket.once('error', reject);
    });
    expect(bare).toMatch(/^HTTP\/1\.[01] 403 /);
    expect((await raw({ port, path: '/config', headers: { Host: host() } })).status).toBe(200);
  });
});

describe('request bodies', () => {
  it('answers 413 for a declared 50 MB join body after reading none of it', async () => {
    const open = openRequest('/gradio_api/queue/join', 'POST', { 'Content-Type': 'application/json', 'Content-Length': String(50 * MiB) });
    open.req.write(Buffer.alloc(MiB, 0x20));
    // We stop sending after 1 MiB: only a server that refuses on the header alone answers at all.
    const { res, body } = await within(open.response, 5_000, '413');
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(await body)).toEqual({ detail: expect.stringMatching(/too large: the limit is 65536 bytes.*\/upload/) as unknown });
    open.req.destroy();
  });

  it('answers 413 for an undeclared (chunked) body once it passes the limit, without waiting for the rest', async () => {
    const open = openRequest('/gradio_api/queue/join', 'POST', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    let sent = 0;
    const state = { answered: false };
    void open.response.then(() => (state.answered = true));
    while (!state.answered && sent < 50 * MiB) {
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      sent += chunk.length;
      if (!open.req.write(chunk)) await new Promise((resolve) => open.req.once('drain', resolve));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const { res } = await within(open.response, 5_000, '413');
    expect(res.statusCode).toBe(413);
    expect(sent).toBeLessThan(50 * MiB);
    open.req.destroy();
  });

  it('answers 413 for a declared oversize upload, fast, in plain text', async () => {
    const open = openRequest('/gradio_api/upload', 'POST', {
      'Content-Type': 'multipart/form-data; boundary=xyz',
      'Content-Length': String(50 * MiB),
    });
    open.req.write('--xyz\r\n');
    const { res, body } = await within(open.response, 5_000, '413');
    expect(res.statusCode).toBe(413);
    expect(await body).toMatch(/Maximum file size exceeded/);
    open.req.destroy();
  });

  it('answers 400 for a non-multipart upload and for a broken multipart body', async () => {
    const plain = await post('/gradio_api/upload', 'hello', { 'Content-Type': 'text/plain' });
    expect(plain.status).toBe(400);
    expect(detail(plain)).toMatch(/multipart\/form-data/);
    const broken = await post('/gradio_api/upload', 'no boundary here', { 'Content-Type': 'multipart/form-data; boundary=xyz' });
    expect(broken.status).toBe(400);
    expect(detail(broken)).toMatch(/Malformed multipart/);
  });

  it.each([
    ['a NUL in the file name', '--X\r\nContent-Disposition: form-data; name="files"; filename="a\u0000b.txt"\r\n\r\nhi\r\n--X--\r\n'],
    [
      'a header line without a colon',
      '--X\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\nbroken\r\n\r\nhi\r\n--X--\r\n',
    ],
  ])('answers 400 for a malformed part header (%s) and stays up', async (_what, body) => {
    // busboy reports the header, then once more "Unexpected end of form" when the parser is
    // destroyed mid-body: that second error, unheard, took the whole server down.
    const response = await post('/gradio_api/upload', Buffer.from(body, 'latin1'), { 'Content-Type': 'multipart/form-data; boundary=X' });
    expect(response.status).toBe(400);
    expect(detail(response)).toMatch(/Malformed multipart body/);
    expect((await raw({ port, path: '/gradio_api/app_id', headers: { Host: host() } })).status).toBe(200);
  });

  it.each([
    ['{"data": [', /Malformed JSON body/],
    ['{"data": ["x"], "fn_index": 0, "session_hash": "abc"', /Malformed JSON body/],
    ["{'data': []}", /Malformed JSON body/],
    ['\u0000\u0001', /Malformed JSON body/],
  ])('answers 400 with a message for malformed JSON: %j', async (body, message) => {
    const response = await post('/gradio_api/queue/join', body);
    expect(response.status).toBe(400);
    expect(detail(response)).toMatch(message);
  });

  it('says what to send when the upload\'s "files" part is a field, not a file', async () => {
    const body = '--X\r\nContent-Disposition: form-data; name="files"\r\n\r\nhi\r\n--X--\r\n';
    const response = await post('/gradio_api/upload', body, { 'Content-Type': 'multipart/form-data; boundary=X' });
    expect(response.status).toBe(400);
    expect(detail(response)).toMatch(/no file in a part named "files".*filename="<its name>"/);
  });

  it('answers 405 with the Allow header (RFC 9110) and a detail that names the methods', async () => {
    const get = await raw({ port, path: '/gradio_api/queue/join', headers: { Host: host() } });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST, OPTIONS');
    expect(detail(get)).toBe('Method GET is not allowed on /gradio_api/queue/join; use POST, OPTIONS.');
    const del = await raw({ port, path: '/config', method: 'DELETE', headers: { Host: host() } });
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  it('answers 400 for a JSON body that is not UTF-8, instead of running it on replaced text', async () => {
    const body = Buffer.concat([Buffer.from('{"data": ["'), Buffer.from([0xff, 0xfe]), Buffer.from('"], "session_hash": "utf"}')]);
    const response = await post('/gradio_api/run/greet', body);
    expect(response.status).toBe(400);
    expect(detail(response)).toMatch(/not valid UTF-8/);
    const good = await post('/gradio_api/run/greet', JSON.stringify({ data: ['é 😀'], session_hash: 'utf' }));
    expect(JSON.parse(good.body)).toMatchObject({ data: ['Hello é 😀!'] });
  });

  it('answers 422 naming the JSON path for wrong types in a join body', async () => {
    const response = await post('/gradio_api/queue/join', JSON.stringify({ data: 'x', fn_index: '0', session_hash: 7 }));
    expect(response.status).toBe(422);
    const issues = detail(response) as { loc: string[]; msg: string }[];
    expect(issues.map((issue) => issue.loc.join('.')).sort()).toEqual(['body.data', 'body.fn_index', 'body.session_hash']);
    expect(issues.every((issue) => issue.msg.length > 0)).toBe(true);
    for (const body of ['null', '[1, 2]', '"join"', '42']) expect((await post('/gradio_api/queue/join', body)).status).toBe(422);
    const negative = await post('/gradio_api/queue/join', JSON.stringify({ data: [], fn_index: -1, session_hash: 'abc' }));
    expect(negative.status).toBe(422);
    expect((detail(negative) as { loc: string[] }[])[0]?.loc).toEqual(['body', 'fn_index']);
  });

  it('answers 404 for an unknown fn_index and 400 for a hostile session hash', async () => {
    for (const fn of [99, 2 ** 31, Number.MAX_SAFE_INTEGER]) {
      const response = await post('/gradio_api/queue/join', JSON.stringify({ data: ['x'], fn_index: fn, session_hash: 'abc' }));
      expect(response.status).toBe(404);
      expect(detail(response)).toMatch(/No function with fn_index/);
    }
    for (const hash of ['../../etc', 'a'.repeat(129), 'a b', '']) {
      const response = await post('/gradio_api/queue/join', JSON.stringify({ data: ['x'], fn_index: 0, session_hash: hash }));
      expect(response.status).toBe(400);
    }
  });

  it('refuses a malformed session_hash on /run and /call as join does, instead of running without the session', async () => {
    for (const path of ['/gradio_api/run/greet', '/gradio_api/call/greet']) {
      for (const hash of ['../../etc', 'a b', 'a'.repeat(129)]) {
        const response = await post(path, JSON.stringify({ data: ['x'], session_hash: hash }));
        expect(response.status, `${path} ${hash}`).toBe(400);
        expect(detail(response)).toBe('Invalid session hash: use 1-128 letters, digits, "_" or "-".');
      }
      // No session at all is still fine there (the anonymous lane).
      for (const body of [{ data: ['x'] }, { data: ['x'], session_hash: null }, { data: ['x'], session_hash: '' }]) {
        expect((await post(path, JSON.stringify(body))).status, `${path} ${JSON.stringify(body)}`).toBe(200);
      }
    }
    const v2 = await post('/gradio_api/call/v2/greet', JSON.stringify({ name: 'x', session_hash: 'a b' }));
    expect(v2.status).toBe(400);
  });

  it('survives deeply nested JSON', async () => {
    const depth = 20_000;
    const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const body = `{"data": [${nested}], "fn_index": 0, "session_hash": "deep"}`;
    const response = await post('/gradio_api/queue/join', body);
    expect(response.status).toBeLessThan(500);
    expect((await raw({ port, path: '/config', headers: { Host: host() } })).status).toBe(200);
  });
});

describe('stream limits', () => {
  /** Opens a GET and resolves with its status once the headers are in; the socket stays open. */
  function openStream(path: string): OpenRequest {
    const open = openRequest(path, 'GET', {});
    open.req.end();
    return open;
  }

  it('lets one session hold 4 /queue/data streams and answers 429 to the others', async () => {
    const session = 'twentystreams';
    const joined = await post(
      '/gradio_api/queue/join',
      JSON.stringify({ data: [300], fn_index: fnIndex(demo.engine, 'slow'), session_hash: session }),
    );
    expect(joined.status).toBe(200);
    const opens = Array.from({ length: 20 }, () => openStream(`/gradio_api/queue/data?session_hash=${session}`));
    const answers = await Promise.all(opens.map((open) => within(open.response, STREAM_WAIT_MS, 'stream answer')));
    const statuses = answers.map(({ res }) => res.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(16);
    const refused = answers.find(({ res }) => res.statusCode === 429);
    expect(JSON.parse((await refused?.body) ?? '{}')).toEqual({
      detail: expect.stringMatching(/Too many open streams for session/) as unknown,
    });
    // Every accepted stream gets the event's messages and the closing close_stream.
    const texts = await Promise.all(
      answers.filter(({ res }) => res.statusCode === 200).map(({ body }) => within(body, STREAM_WAIT_MS, 'stream end')),
    );
    for (const text of texts) {
      expect(text).toMatch(/"msg":"process_completed".*"success":true/);
      expect(text).toMatch(/"msg":"close_stream"/);
    }
  });

  it(`refuses stream number ${MAX_STREAMS + 1} on the server with 503, and accepts again once some close`, async () => {
    // Result streams (heartbeats would yield their place to them): /call GETs of slow events.
    const ids = await Promise.all(
      Array.from({ length: MAX_STREAMS }, async () => {
        const started = await post('/gradio_api/call/slow', JSON.stringify({ data: [60_000] }));
        return (JSON.parse(started.body) as { event_id: string }).event_id;
      }),
    );
    const opens = ids.map((id) => openStream(`/gradio_api/call/slow/${id}`));
    const answers = await Promise.all(opens.map((open) => within(open.response, STREAM_WAIT_MS, 'call stream')));
    expect(answers.every(({ res }) => res.statusCode === 200)).toBe(true);
    const extra = await raw({ port, path: '/gradio_api/queue/data?session_hash=late', headers: { Host: host() } });
    expect(extra.status).toBe(503);
    expect(extra.headers['retry-after']).toBe('5');
    expect(JSON.parse(extra.body)).toEqual({ detail: expect.stringMatching(/Too many open streams on this server/) as unknown });
    for (const open of opens) open.req.destroy();
    const deadline = Date.now() + STREAM_WAIT_MS;
    let again = extra;
    while (again.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      again = await raw({ port, path: '/gradio_api/queue/data?session_hash=late', headers: { Host: host() } });
    }
    expect(again.status).toBe(200);
  });
});

describe('file paths', () => {
  let uploadRoot: string;
  let uploaded: string;

  beforeAll(async () => {
    const boundary = 'b0undary';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="hello.txt"\r\n\r\nhello\r\n--${boundary}--\r\n`;
    const response = await post('/gradio_api/upload', body, { 'Content-Type': `multipart/form-data; boundary=${boundary}` });
    expect(response.status).toBe(200);
    [uploaded = ''] = JSON.parse(response.body) as string[];
    uploadRoot = dirname(dirname(uploaded));
    await mkdir(join(uploadRoot, 'evil'), { recursive: true });
    await symlink('/etc/passwd', join(uploadRoot, 'evil', 'passwd'));
    await symlink('/etc', join(uploadRoot, 'evil', 'etc'));
  });

  const traversals = (): string[] => [
    '..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    '%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '%252e%252e%252f%252e%252e%252fetc%252fpasswd',
    '..%5c..%5c..%5cetc%5cpasswd',
    '/etc/passwd',
    '%2fetc%2fpasswd',
    '//etc/passwd',
    `${uploadRoot}/../../../../../etc/passwd`,
    `${encodeURIComponent(uploadRoot)}%2f..%2f..%2f..%2f..%2fetc%2fpasswd`,
    `${uploadRoot}/evil/passwd`,
    `${uploadRoot}/evil/etc/passwd`,
    `${uploaded}%00.txt`,
    uploadRoot,
  ];

  it('answers 403 (or 404/400) and never the file for traversal variants, on both file routes', async () => {
    for (const variant of traversals()) {
      for (const route of ['/gradio_api/file=', '/gradio_api/file/']) {
        const response = await raw({ port, path: `${route}${variant}`, headers: { Host: host() } });
        expect([400, 403, 404], `${route}${variant}`).toContain(response.status);
        expect(response.body).not.toMatch(/root:/);
      }
    }
    expect((await raw({ port, path: `/gradio_api/file=${uploaded}`, headers: { Host: host() } })).body).toBe('hello');
  });

  it('never serves files above the UI folder either', async () => {
    for (const path of ['/..%2f..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/../../../../etc/passwd']) {
      const response = await raw({ port, path, headers: { Host: host() } });
      expect(response.body).not.toMatch(/root:/);
    }
  });

  it('refuses a symlinked or outside path as a file input', async () => {
    const realUpload = await realpath(uploaded);
    for (const path of [`${uploadRoot}/evil/passwd`, '/etc/passwd', `${uploadRoot}/../outputs/x`]) {
      const response = await post(
        '/gradio_api/run/readText',
        JSON.stringify({ data: [{ path, meta: { _type: 'gradio.FileData' } }], session_hash: 'files' }),
      );
      expect(response.status, path).toBe(400);
      expect(response.body).not.toMatch(/root:/);
    }
    const ok = await post(
      '/gradio_api/run/readText',
      JSON.stringify({ data: [{ path: realUpload, orig_name: 'hello.txt', meta: { _type: 'gradio.FileData' } }] }),
    );
    expect(JSON.parse(ok.body)).toMatchObject({ data: ['hello.txt -> hello'] });
  });
});

describe('after all of it', () => {
  it('still answers a normal @gradio/client predict', async () => {
    const client = await connect(demo.base);
    try {
      expect((await client.predict('/greet', ['after'])).data).toEqual(['Hello after!']);
    } finally {
      client.close();
    }
  });
});
