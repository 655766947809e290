import type { ServerResponse } from 'node:http';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}code{background:#f3f3f3;padding:0 .2em}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>
`;
}

export interface ErrorPage {
  readonly status: number;
  readonly title: string;
  readonly text: string;
  readonly headers?: Record<string, string>;
}

export const PAGES = {
  notFound: (host: string): ErrorPage => ({
    status: 404,
    title: 'No such share',
    text: `Nothing is shared at ${host}. Check the link; a share that was not used for a while expires.`,
  }),
  offline: (): ErrorPage => ({
    status: 502,
    title: "The demo's computer is not connected",
    text: "This link is right, but the demo's computer is not connected to the share server now. It may be asleep, offline or reconnecting: try again in a minute.",
  }),
  notAnswering: (): ErrorPage => ({
    status: 502,
    title: 'The demo is not answering',
    text: "The demo's computer is connected, but the demo did not answer. Try again in a minute.",
  }),
  tooMany: (reason: 'connections' | 'rate', retryAfterS: number): ErrorPage => ({
    status: 429,
    title: 'Too many requests',
    text:
      reason === 'rate'
        ? 'This demo gets more requests than it can take: try again shortly.'
        : 'This demo has too many visitors at once: try again shortly.',
    headers: { 'retry-after': String(retryAfterS) },
  }),
  badRequest: (): ErrorPage => ({ status: 400, title: 'Bad request', text: 'The request has no Host header.' }),
} as const;

/** Writes a small HTML error page (never cached: the same URL works once the demo is back). */
export function sendPage(res: ServerResponse, error: ErrorPage): void {
  const body = page(error.title, `<p>${escapeHtml(error.text)}</p>`);
  res.writeHead(error.status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...error.headers });
  res.end(body);
}

/** The same page as a raw HTTP/1.1 response, for an upgrade request (a bare socket, no ServerResponse). */
export function rawPage(error: ErrorPage): string {
  const body = page(error.title, `<p>${escapeHtml(error.text)}</p>`);
  const extra = Object.entries(error.headers ?? {})
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return `HTTP/1.1 ${error.status} ${error.title}\r\ncontent-type: text/html; charset=utf-8\r\ncache-control: no-store\r\n${extra}content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}

export function landingPage(domain: string): string {
  return page(
    `${domain}: a demo-desktop share server`,
    `<p>This server gives demos running in demo-desktop on someone's computer a public link,
<code>https://&lt;name&gt;.${escapeHtml(domain)}</code>, through an SSH tunnel that their computer opens. Links are private by default: a
visitor needs the key in the link the demo's owner shared.</p>
<p>Anyone can run a server like this one: <code>demo-desktop share-server --domain ${escapeHtml(domain)}</code>.</p>`,
  );
}
