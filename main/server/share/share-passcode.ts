import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddress } from '../client-address.js';
import { secretMatches } from '../secret.js';
import { CONTENT_SECURITY_POLICY } from '../static-files.js';

/**
 * The owner's alternative to a key in the link: a passcode page. A browser without the cookie gets
 * a small form; the right passcode earns the same visitor cookie as the key does. Wrong guesses are
 * throttled per address, so the passcode cannot be tried at network speed.
 */

export const PASSCODE_PATH = '/__share/passcode';
/** Wrong passcodes one address may send per window before it must wait. */
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 60_000;
const MAX_FORM_BYTES = 4096;
/** Addresses remembered with failures; past it the oldest are forgotten. */
const MAX_ADDRESSES = 10_000;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Only a path on this site: never `//elsewhere` or a full URL. */
export function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : '/';
}

export function sendPasscodePage(res: ServerResponse, next: string, wrong: boolean, status = 401): void {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>This demo is private</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:18vh auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}input,button{font:inherit;padding:.4rem .6rem}</style>
</head><body><h1>This demo is private</h1>
<p>${wrong ? 'That passcode is not right. ' : ''}Enter the passcode its owner gave you.</p>
<form method="post" action="${PASSCODE_PATH}">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<input type="password" name="passcode" autocomplete="off" autofocus aria-label="Passcode" required>
<button type="submit">Open the demo</button>
</form></body></html>
`;
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(html)),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; form-action 'self'`,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(res.req.method === 'HEAD' ? undefined : html);
}

/** The posted form (`application/x-www-form-urlencoded`), or null when it is too big or not a form. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) return null;
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export class PasscodeGuard {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private passcode: string | null,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.passcode !== null;
  }

  set(passcode: string | null): void {
    this.passcode = passcode === '' ? null : passcode;
  }

  /** 'ok', 'wrong', or 'wait' while this address has used up its tries. */
  check(req: IncomingMessage, sent: string | null): 'ok' | 'wrong' | 'wait' {
    const address = clientAddress(req);
    const now = this.now();
    const recent = (this.failures.get(address) ?? []).filter((at) => now - at < FAILURE_WINDOW_MS);
    if (recent.length >= MAX_FAILURES) return 'wait';
    if (this.passcode !== null && sent !== null && secretMatches(sent, this.passcode)) {
      this.failures.delete(address);
      return 'ok';
    }
    recent.push(now);
    this.failures.delete(address);
    this.failures.set(address, recent);
    if (this.failures.size > MAX_ADDRESSES) this.failures.delete(this.failures.keys().next().value as string);
    return 'wrong';
  }
}
