import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';

/**
 * A stand-in for the Hugging Face Hub on 127.0.0.1: serves local folders in the Hub's URL layout,
 * `/{repo}/resolve/{revision}/{file}` (any revision maps to the same folder), with HEAD, single
 * byte-range GETs (transformers.js probes file sizes with `Range: bytes=0-0`), content-length, and
 * 404 for unknown repos and files, or (`failWith`) one error status for everything. Every request
 * is logged so a test can assert that a run made none.
 */

export interface HubRequest {
  readonly method: string;
  readonly url: string;
  readonly repo: string | null;
  readonly revision: string | null;
  readonly file: string | null;
  readonly range: string | null;
  readonly status: number;
}

export interface HubServer {
  /** Base URL, e.g. "http://127.0.0.1:43123" (no trailing slash). */
  readonly url: string;
  /** Every request so far, in arrival order. */
  readonly requests: HubRequest[];
  close(): Promise<void>;
}

function parse(path: string): { repo: string; revision: string; file: string } | null {
  const marker = path.indexOf('/resolve/');
  if (marker <= 0) return null;
  const repo = path.slice(1, marker);
  const rest = path.slice(marker + '/resolve/'.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return null;
  return { repo, revision: rest.slice(0, slash), file: rest.slice(slash + 1) };
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return 'invalid';
  const [, from = '', to = ''] = match;
  let start: number;
  let end: number;
  if (from === '') {
    start = Math.max(0, size - Number(to));
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start > end || start >= size) return 'invalid';
  return { start, end };
}

export interface HubServerOptions {
  /** Answer every request with this HTTP status (a hub that is down behind its proxy, say). */
  readonly failWith?: number;
}

export async function startHubServer(repos: Readonly<Record<string, string>>, options: HubServerOptions = {}): Promise<HubServer> {
  const requests: HubRequest[] = [];

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const path = decodeURIComponent(new URL(url, 'http://hub.local').pathname);
    const target = parse(path);
    const range = request.headers.range ?? null;
    const log = (status: number): void => {
      requests.push({
        method,
        url,
        repo: target?.repo ?? null,
        revision: target?.revision ?? null,
        file: target?.file ?? null,
        range,
        status,
      });
    };
    const fail = (status: number, code: string): void => {
      log(status);
      response.writeHead(status, { 'content-type': 'text/plain', 'x-error-code': code });
      response.end(`${code}\n`);
    };
    if (options.failWith !== undefined) {
      fail(options.failWith, 'HubUnavailable');
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      fail(405, 'MethodNotAllowed');
      return;
    }
    const root = target ? repos[target.repo] : undefined;
    if (!target || !root) {
      fail(404, 'RepoNotFound');
      return;
    }
    const file = normalize(join(root, target.file));
    if (!file.startsWith(normalize(root) + sep)) {
      fail(404, 'EntryNotFound');
      return;
    }
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      fail(404, 'EntryNotFound');
      return;
    }

    const headers = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes', etag: `"${info.size}-${info.mtimeMs}"` };
    const byteRange = parseRange(range ?? undefined, info.size);
    if (byteRange === 'invalid') {
      log(416);
      response.writeHead(416, { 'content-range': `bytes */${info.size}` });
      response.end();
      return;
    }
    const { start, end } = byteRange ?? { start: 0, end: info.size - 1 };
    const status = byteRange ? 206 : 200;
    log(status);
    response.writeHead(status, {
      ...headers,
      'content-length': String(Math.max(0, end - start + 1)),
      ...(byteRange ? { 'content-range': `bytes ${start}-${end}/${info.size}` } : {}),
    });
    if (method === 'HEAD' || info.size === 0) {
      response.end();
      return;
    }
    createReadStream(file, { start, end }).pipe(response);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Clients keep connections alive; without this, close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}
