/** Host/Origin checks, file-serving confinement, upload limits and page headers, with raw requests. */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from './support/demo-app.js';
import { raw } from './support/raw-http.js';

let demo: Demo;
let port: number;
let uploads: string;
const host = (): string => `127.0.0.1:${port}`;

beforeAll(async () => {
  demo = await startDemo(undefined, { maxFileSize: 2000 });
  port = demo.server.port;
  uploads = join(demo.dir, 'data', 'uploads');
});
afterAll(async () => demo.close());

function multipart(name: string, content: string | Buffer): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----test-boundary-42';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, Host: host() } };
}

async function upload(name: string, content: string | Buffer): Promise<string> {
  const { body, headers } = multipart(name, content);
  const response = await raw({ port, path: '/gradio_api/upload', method: 'POST', headers, body });
  expect(response.status).toBe(200);
  const [path] = JSON.parse(response.body) as string[];
  if (!path) throw new Error('no path');
  return path;
}

describe('Host header (DNS rebinding)', () => {
  it.each(['/config', '/gradio_api/info', '/', '/gradio_api/file=/etc/passwd'])('refuses a foreign Host on %s', async (path) => {
    const response = await raw({ port, path, headers: { Host: `evil.example:${port}` } });
    expect(response.status).toBe(403);
  });

  it('accepts loopback names with our port, and hosts allowed at run time', async () => {
    expect((await raw({ port, path: '/config', headers: { Host: `localhost:${port}` } })).status).toBe(200);
    expect((await raw({ port, path: '/config', headers: { Host: `localhost:1` } })).status).toBe(403);
    const revoke = demo.server.hostGuard.allow('share.example');
    try {
      expect((await raw({ port, path: '/config', headers: { Host: 'share.example' } })).status).toBe(200);
    } finally {
      revoke();
    }
    expect((await raw({ port, path: '/config', headers: { Host: 'share.example' } })).status).toBe(403);
  });

  it('computes root from X-Forwarded-Host and -Proto', async () => {
    const response = await raw({
      port,
      path: '/config',
      headers: { Host: host(), 'X-Forwarded-Host': 'demo.example.com', 'X-Forwarded-Proto': 'https' },
    });
    expect((JSON.parse(response.body) as { root: string }).root).toBe('https://demo.example.com');
  });
});

describe('CORS (Gradio rule: localhost origins only on a localhost Host)', () => {
  it('echoes a localhost origin and not a foreign one', async () => {
    const local = await raw({ port, path: '/config', headers: { Host: host(), Origin: 'http://localhost:5173' } });
    expect(local.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(local.headers['access-control-allow-credentials']).toBe('true');
    const foreign = await raw({ port, path: '/config', headers: { Host: host(), Origin: 'https://evil.example' } });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses cross-site writes and answers preflights', async () => {
    const join = await raw({
      port,
      path: '/gradio_api/queue/join',
      method: 'POST',
      headers: { Host: host(), Origin: 'https://evil.example', 'Content-Type': 'text/plain' },
      body: JSON.stringify({ data: ['x'], fn_index: 0, session_hash: 'abc' }),
    });
    expect(join.status).toBe(403);
    const preflight = await raw({
      port,
      path: '/gradio_api/queue/join',
      method: 'OPTIONS',
      headers: { Host: host(), Origin: 'http://127.0.0.1:9999', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type');
    expect(preflight.headers['access-control-max-age']).toBe('600');
  });
});

describe('file serving', () => {
  it('serves uploads, with Range and safe disposition', async () => {
    const path = await upload('hello.txt', 'hello range');
    expect(path.startsWith(uploads)).toBe(true);
    const whole = await raw({ port, path: `/gradio_api/file=${path}`, headers: { Host: host() } });
    expect(whole).toMatchObject({ status: 200, body: 'hello range' });
    expect(whole.headers['content-disposition']).toMatch(/^inline/);
    const head = await raw({ port, path: `/gradio_api/file=${path}`, method: 'HEAD', headers: { Host: host() } });
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe('11');
    const part = await raw({ port, path: `/gradio_api/file=${path}`, headers: { Host: host(), Range: 'bytes=6-10' } });
    expect(part).toMatchObject({ status: 206, body: 'range' });
    expect(part.headers['content-range']).toBe('bytes 6-10/11');
    const html = await upload('page.html', '<script>alert(1)</script>');
    const page = await raw({ port, path: `/gradio_api/file=${encodeURI(html)}`, headers: { Host: host() } });
    expect(page.headers['content-type']).toBe('application/octet-stream');
    expect(page.headers['content-disposition']).toMatch(/^attachment/);
  });

  it.each([
    '/gradio_api/file=/etc/passwd',
    '/gradio_api/file=etc/passwd',
    '/gradio_api/file/etc/passwd',
    '/gradio_api/file=%2Fetc%2Fpasswd',
  ])('answers 403 for %s', async (path) => {
    expect((await raw({ port, path, headers: { Host: host() } })).status).toBe(403);
  });

  it('answers 403 for traversal out of the upload folder, raw or encoded', async () => {
    for (const escape of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2f..%2fetc%2fpasswd']) {
      const response = await raw({ port, path: `/gradio_api/file=${uploads}${escape}`, headers: { Host: host() } });
      expect(response.status, escape).toBe(403);
    }
  });

  it('does not follow a symlink out of the upload folder', async () => {
    await mkdir(join(uploads, 'trap'), { recursive: true });
    await writeFile(join(demo.dir, 'secret.txt'), 'secret');
    await symlink(join(demo.dir, 'secret.txt'), join(uploads, 'trap', 'link.txt'));
    const response = await raw({ port, path: `/gradio_api/file=${uploads}/trap/link.txt`, headers: { Host: host() } });
    expect(response.status).toBe(403);
  });

  it('refuses uploads over max_file_size with 413', async () => {
    const { body, headers } = multipart('big.bin', Buffer.alloc(5000, 1));
    const response = await raw({ port, path: '/gradio_api/upload', method: 'POST', headers, body });
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('refuses a non-multipart upload with 400', async () => {
    const response = await raw({
      port,
      path: '/gradio_api/upload',
      method: 'POST',
      headers: { Host: host(), 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(400);
  });

  it('accepts file inputs only from the upload folder', async () => {
    const response = await raw({
      port,
      path: '/gradio_api/queue/join',
      method: 'POST',
      headers: { Host: host(), 'Content-Type': 'application/json' },
      body: JSON.stringify({
        data: [{ path: '/etc/passwd', meta: { _type: 'gradio.FileData' } }],
        fn_index: demo.engine.app.events.findIndex((e) => e.apiName === 'readText'),
        session_hash: 'filecheck',
      }),
    });
    expect(response.status).toBe(400);
    expect((JSON.parse(response.body) as { detail: string }).detail).toMatch(/not an uploaded file.*upload/);
  });
});

describe('the page', () => {
  it('serves a "not built" page with a strict CSP when there is no renderer', async () => {
    const response = await raw({ port, path: '/', headers: { Host: host() } });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toMatch(/not built/);
  });

  it('serves a built renderer and its assets, never files above it', async () => {
    const renderer = join(demo.dir, 'renderer');
    await mkdir(join(renderer, 'assets'), { recursive: true });
    await writeFile(join(renderer, 'index.html'), '<!doctype html><title>runner</title>');
    await writeFile(join(renderer, 'assets', 'app.js'), 'console.log(1)');
    const other = await startDemo(undefined, { rendererDir: renderer });
    try {
      const otherHost = `127.0.0.1:${other.server.port}`;
      const index = await raw({ port: other.server.port, path: '/', headers: { Host: otherHost } });
      expect(index.body).toContain('runner');
      expect(index.headers['content-security-policy']).toBeDefined();
      const asset = await raw({ port: other.server.port, path: '/assets/app.js', headers: { Host: otherHost } });
      expect(asset.headers['content-type']).toMatch(/javascript/);
      const escape = await raw({ port: other.server.port, path: '/../project.json', headers: { Host: otherHost } });
      expect(escape.status).toBe(404);
      const encoded = await raw({ port: other.server.port, path: '/%2e%2e/project.json', headers: { Host: otherHost } });
      expect(encoded.status).toBe(404);
    } finally {
      await other.close();
    }
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const response = await raw({ port, path: '/gradio_api/nope', headers: { Host: host() } });
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body)).toEqual({ detail: 'Not Found' });
  });
});
