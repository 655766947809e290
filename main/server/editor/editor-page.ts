import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

/**
 * The editor's page: `editor.html` of the built renderer (dist/renderer), served only by the
 * editor's server and only with a session. Its CSP is the runner's plus one frame source, the
 * live preview's origin (another port of 127.0.0.1), and it may not be framed itself.
 */

/** The editor's page in the built renderer; demo servers never serve it (start-server.ts hides it). */
export const EDITOR_HTML = 'editor.html';

export function editorPageCsp(previewOrigin: string | null): string {
  return [
    "default-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
    `frame-src ${previewOrigin ?? "'none'"}`,
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Content-Type': 'text/html; charset=utf-8',
};

function sendHtml(res: ServerResponse, status: number, html: string, csp: string): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Security-Policy': csp, 'Content-Length': String(Buffer.byteLength(html)) });
  res.end(res.req.method === 'HEAD' ? undefined : html);
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>demo-desktop editor</title></head>
<body><h1>The editor page is not built</h1>
<p>The editor's API is running. Build the renderer (<code>npm run build</code>) and start <code>demo-desktop edit</code> again.</p>
</body></html>
`;

export async function sendEditorPage(res: ServerResponse, rendererDir: string | undefined, previewOrigin: string | null): Promise<void> {
  await sendBuiltPage(res, rendererDir, EDITOR_HTML, editorPageCsp(previewOrigin), NOT_BUILT);
}

/** One page of the built renderer (editor.html, home.html), or `notBuilt` when the renderer was not built. */
export async function sendBuiltPage(
  res: ServerResponse,
  rendererDir: string | undefined,
  file: string,
  csp: string,
  notBuilt: string,
): Promise<void> {
  const html = rendererDir ? await readFile(path.join(rendererDir, file), 'utf8').catch(() => undefined) : undefined;
  sendHtml(res, 200, html ?? notBuilt, csp);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What a sign-in page says: which page it is and where its one-time link comes from (HTML, trusted). */
export interface LoginHelp {
  readonly title: string;
  readonly heading: string;
  readonly howHtml: string;
}

export const EDITOR_LOGIN_HELP: LoginHelp = {
  title: 'demo-desktop editor: sign-in needed',
  heading: 'Open the editor from your terminal',
  howHtml: `Open the URL that <code>demo-desktop edit</code> printed (<code>http://127.0.0.1:PORT/editor?token=...</code>).
Each link works once and for 5 minutes; press Enter in the terminal where <code>demo-desktop edit</code> runs for a new one.`,
};

/**
 * The sign-in page's look, as the app's pages (renderer/styles.css palette): the system font, light
 * or dark as the OS is, readable on a phone. The CSP allows this one inline style by its hash.
 */
const LOGIN_STYLE =
  ':root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;' +
  'background:light-dark(#f7f7f8,#141417);color:light-dark(#1d1d22,#e9e9ee)}' +
  'body{max-width:40rem;margin:0 auto;padding:2.5rem 1rem}h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}' +
  'code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:0.9em;overflow-wrap:anywhere}';
const LOGIN_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(LOGIN_STYLE).digest('base64')}'; frame-ancestors 'none'`;

/** 401: no session. Says how to get one; never echoes the token. */
export function sendLoginPage(res: ServerResponse, reason: string, help: LoginHelp = EDITOR_LOGIN_HELP): void {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${help.title}</title><style>${LOGIN_STYLE}</style></head>
<body><h1>${help.heading}</h1>
<p>${escapeHtml(reason)}</p>
<p>${help.howHtml}</p>
</body></html>
`;
  sendHtml(res, 401, html, LOGIN_CSP);
}
