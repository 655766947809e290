import type { ServerResponse } from 'node:http';
import { sendJson } from '../responses.js';
import { CONTENT_SECURITY_POLICY } from '../static-files.js';

/**
 * What a share link answers someone it does not let in: a short page for browsers, `{detail}` JSON
 * (Gradio's error shape) for API callers. Neither says anything about the demo behind it.
 */

export type Refusal = 'private' | 'expired';

const TEXT: Record<Refusal, { status: number; title: string; message: string }> = {
  private: {
    status: 401,
    title: 'This demo is private',
    message: 'This demo is private: ask its owner for the link.',
  },
  expired: {
    status: 410,
    title: 'This link has expired',
    message: 'This share link has expired: ask the demo’s owner for a new link.',
  },
};

function page(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:18vh auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}</style>
</head><body><h1>${title}</h1><p>${message}</p></body></html>
`;
}

export function sendRefusal(res: ServerResponse, refusal: Refusal, asHtml: boolean): void {
  const { status, title, message } = TEXT[refusal];
  // A Bearer challenge tells API clients how the key is sent.
  const challenge: Record<string, string> = refusal === 'private' ? { 'WWW-Authenticate': 'Bearer realm="demo-desktop share"' } : {};
  if (!asHtml) {
    sendJson(res, status, { detail: { error: message, auth_message: message } }, challenge);
    return;
  }
  const html = page(title, message);
  res.writeHead(status, {
    ...challenge,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(html)),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(res.req.method === 'HEAD' ? undefined : html);
}
