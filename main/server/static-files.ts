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

export interface StaticFilesOptions {
  /**
   * Origins that may show these pages in a frame (CSP `frame-ancestors`; the editor's preview).
   * Default none: X-Frame-Options DENY.
   */
  readonly frameAncestors?: readonly string[];
  /** Files (relative to the folder) never served from here, e.g. the editor's page on a demo server. */
  readonly hidden?: readonly string[];
}

/** The headers of every page and file: framing only by the origins named, if any. */
function pageHeaders(frameAncestors: readonly string[]): Record<string, string> {
  if (frameAncestors.length === 0) return PAGE_HEADERS;
  const { 'X-Frame-Options': _deny, ...rest } = PAGE_HEADERS;
  return { ...rest, 'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors ${frameAncestors.join(' ')}` };
}

function sendPage(res: ServerResponse, status: number, html: string, headers: Record<string, string> = PAGE_HEADERS): void {
  res.writeHead(status, {
    ...headers,
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
  private readonly headers: Record<string, string>;
  private readonly hidden: ReadonlySet<string>;

  /** `root`: the resolved renderer folder, or null when there is none. */
  private constructor(
    private readonly root: string | null,
    options: StaticFilesOptions,
  ) {
    this.headers = pageHeaders(options.frameAncestors ?? []);
    this.hidden = new Set((options.hidden ?? []).map((file) => path.normalize(file)));
  }

  static async open(dir: string | undefined, options: StaticFilesOptions = {}): Promise<StaticFiles> {
    if (!dir) return new StaticFiles(null, options);
    try {
      return new StaticFiles(await realpath(dir), options);
    } catch {
      return new StaticFiles(null, options);
    }
  }

  async serve(res: ServerResponse, rawPath: string): Promise<void> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      sendPage(res, 400, '<!doctype html><title>Bad request</title><p>Bad request.</p>', this.headers);
      return;
    }
    const index = this.root ? await regularFile(path.join(this.root, 'index.html')) : null;
    if (!this.root || !index) {
      sendPage(res, 200, NOT_BUILT_PAGE, this.headers);
      return;
    }
    const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
    const target = path.resolve(this.root, relative);
    const visible = !this.hidden.has(path.relative(this.root, target));
    const found = visible && !decoded.includes('\0') && isInside(this.root, target) ? await regularFile(target) : null;
    if (!found || !isInside(this.root, found.real)) {
      sendPage(res, 404, '<!doctype html><title>Not found</title><p>Not found.</p>', this.headers);
      return;
    }
    res.writeHead(200, {
      ...this.headers,
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
