import type { IncomingMessage } from 'node:http';

/**
 * DNS-rebinding defence and Gradio's CORS rule. A page on evil.example whose name is rebound to
 * 127.0.0.1 still sends `Host: evil.example`, so only loopback names (with our port) and hosts
 * added on purpose (a share tunnel's public name) are served.
 */

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackName(hostname: string): boolean {
  return LOOPBACK_NAMES.has(hostname.toLowerCase());
}

/** Splits a Host header into name and port; IPv6 names keep their brackets. */
export function parseHost(host: string): { hostname: string; port: string | null } | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host.trim());
  if (!match) return null;
  return { hostname: (match[1] ?? '').toLowerCase(), port: match[2] ?? null };
}

export class HostGuard {
  private readonly extra = new Set<string>();

  constructor(
    private readonly port: () => number,
    allowedHosts: Iterable<string> = [],
  ) {
    for (const host of allowedHosts) this.allow(host);
  }

  /** Also accept this exact Host value (name, or name:port). Returns a function that revokes it. */
  allow(host: string): () => void {
    const key = host.trim().toLowerCase();
    this.extra.add(key);
    return () => void this.extra.delete(key);
  }

  isAllowed(hostHeader: string | undefined): boolean {
    if (!hostHeader) return false;
    const host = hostHeader.trim().toLowerCase();
    if (this.extra.has(host)) return true;
    const parsed = parseHost(host);
    if (!parsed || !isLoopbackName(parsed.hostname)) return false;
    const port = String(this.port());
    // Browsers omit the port only when it is the scheme default.
    return parsed.port === port || (parsed.port === null && port === '80');
  }
}

function originHostname(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.hostname.toLowerCase();
  } catch {
    return null;
  }
}

function isLocalOrigin(origin: string): boolean {
  const hostname = originHostname(origin);
  return hostname !== null && (isLoopbackName(hostname) || hostname === '0.0.0.0');
}

function isLocalHostHeader(host: string | undefined): boolean {
  const parsed = host ? parseHost(host) : null;
  return parsed !== null && (isLoopbackName(parsed.hostname) || parsed.hostname === '0.0.0.0');
}

/**
 * Gradio's rule: with a localhost Host, echo an Origin only if it is localhost too (CSRF
 * protection for local apps); with a public Host (tunnel), echo it. Null means "do not echo".
 */
export function allowedOrigin(req: IncomingMessage): string | null {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return null;
  if (isLocalHostHeader(req.headers.host)) return isLocalOrigin(origin) ? origin : null;
  return origin;
}

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = allowedOrigin(req);
  if (!origin) return { Vary: 'Origin' };
  return { Vary: 'Origin', 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' };
}

export function preflightHeaders(req: IncomingMessage): Record<string, string> {
  const base = corsHeaders(req);
  if (!('Access-Control-Allow-Origin' in base)) return base;
  const requested = req.headers['access-control-request-headers'];
  return {
    ...base,
    'Access-Control-Allow-Methods': 'GET, POST, HEAD, OPTIONS',
    ...(typeof requested === 'string' ? { 'Access-Control-Allow-Headers': requested } : {}),
    'Access-Control-Max-Age': '600',
  };
}

/**
 * A state-changing request from a page on another site. CORS alone does not stop "simple"
 * cross-site POSTs (forms, text/plain fetches) from reaching a local server and running a
 * model, so these are refused outright — stricter than Gradio, invisible to real clients
 * (Node/Python send no Origin, our renderer is same-origin).
 */
export function isForeignWrite(req: IncomingMessage): boolean {
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
  const origin = req.headers.origin;
  if (!origin) return false;
  return allowedOrigin(req) === null;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  const first = raw?.split(',')[0]?.trim();
  return first === '' ? undefined : first;
}

/**
 * The URL callers must use for every request after /config (Gradio's `root`): the forwarded
 * host when a proxy or tunnel says so, else the Host the request came to; no trailing slash.
 */
export function requestRoot(req: IncomingMessage): string {
  const forwardedHost = firstHeader(req.headers['x-forwarded-host']);
  const host = forwardedHost ?? firstHeader(req.headers.host) ?? '127.0.0.1';
  const proto = firstHeader(req.headers['x-forwarded-proto']) === 'https' ? 'https' : 'http';
  return `${proto}://${host}`.replace(/\/+$/, '');
}
