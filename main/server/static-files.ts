import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { isInside } from './path-guard.js';
import { mimeFromName } from './mime.js';

/**
 * Serves the built renderer. Strict CSP: the UI loads only its own scripts and talks only to
 * this server, so a model output rendered as HTML cannot pull in or send anything elsewhere.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'";

const PAGE_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>demo-desktop</title></head>
<body><h1>The demo UI is not built</h1>
<p>The API is running: point <code>@gradio/client</code> or <code>gradio_client</code> at this address.
To get the web UI, build the renderer (<code>npm run build</code>) and start the server again.</p>
</body></html>
`;

function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    ...PAGE_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(html)),
    'Cache-Control': 'no-store',
  });
  res.end(html);
}

async function regularFile(file: string): Promise<{ real: string; size: number } | null> {
  try {
    const real = await realpath(file);
    const info = await stat(real);
    return info.isFile() ? { real, size: info.size } : null;
  } catch {
    return null;
  }
}

export class StaticFiles {
  /** The resolved renderer folder, or null when there is none. */
  private constructor(private readonly root: string | null) {}

  static async open(dir: string | undefined): Promise<StaticFiles> {
    if (!dir) return new StaticFiles(null);
    try {
      return new StaticFiles(await realpath(dir));
    } catch {
      return new StaticFiles(null);
    }
  }

  async serve(res: ServerResponse, rawPath: string): Promise<void> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      sendPage(res, 400, '<!doctype html><title>Bad request</title><p>Bad request.</p>');
      return;
    }
    const index = this.root ? await regularFile(path.join(this.root, 'index.html')) : null;
    if (!this.root || !index) {
      sendPage(res, 200, NOT_BUILT_PAGE);
      return;
    }
    const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
    const target = path.resolve(this.root, relative);
    const found = !decoded.includes('\0') && isInside(this.root, target) ? await regularFile(target) : null;
    if (!found || !isInside(this.root, found.real)) {
      sendPage(res, 404, '<!doctype html><title>Not found</title><p>Not found.</p>');
      return;
    }
    res.writeHead(200, {
      ...PAGE_HEADERS,
      'Content-Type': mimeFromName(found.real) ?? 'application/octet-stream',
      'Content-Length': String(found.size),
      // index.html must revalidate so a rebuilt UI is picked up; hashed assets could be cached longer.
      'Cache-Control': 'no-cache',
    });
    if (res.req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(found.real)
      .on('error', () => res.destroy())
      .pipe(res);
  }
}
