import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export interface ForwardingPolicy {
  /** Keep X-Forwarded-* sent by a reverse proxy in front of this server (append to For); else replace them. */
  readonly trustProxy: boolean;
}

/** Headers about one connection hop, never passed on (RFC 9110 7.6.1). Transfer-Encoding stays: it frames the body we pass on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade']);
const FORWARDED = new Set(['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto']);

function connectionTokens(value: string | string[] | undefined): Set<string> {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return new Set(
    text
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean),
  );
}

/**
 * The request's headers as passed to the demo: hop-by-hop headers dropped (kept for an upgrade,
 * which needs Connection and Upgrade), and X-Forwarded-For/Host/Proto set by this server, so the
 * demo can build its public root URL and see the visitor's address. A visitor's own X-Forwarded-*
 * are dropped unless a trusted proxy is in front.
 */
export function requestHeaders(req: IncomingMessage, policy: ForwardingPolicy, upgrade: boolean): [string, string][] {
  const listed = upgrade ? new Set<string>() : connectionTokens(req.headers.connection);
  const out: [string, string][] = [];
  const incoming = new Map<string, string>();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    const value = raw[i + 1] ?? '';
    const lower = name.toLowerCase();
    if (FORWARDED.has(lower)) {
      if (!incoming.has(lower)) incoming.set(lower, value);
      continue;
    }
    if (!upgrade && (HOP_BY_HOP.has(lower) || listed.has(lower))) continue;
    out.push([name, value]);
  }
  const trusted = (name: string): string | undefined => (policy.trustProxy ? incoming.get(name) : undefined);
  const remote = req.socket.remoteAddress ?? '';
  const earlier = trusted('x-forwarded-for');
  const secure = 'encrypted' in req.socket && req.socket.encrypted === true;
  out.push(['X-Forwarded-For', earlier ? `${earlier}, ${remote}` : remote]);
  out.push(['X-Forwarded-Host', trusted('x-forwarded-host') ?? req.headers.host ?? '']);
  out.push(['X-Forwarded-Proto', trusted('x-forwarded-proto') ?? (secure ? 'https' : 'http')]);
  return out;
}

/** The demo's response headers as passed to the visitor (flat name, value list), hop-by-hop ones dropped. */
export function responseHeaders(res: IncomingMessage): string[] {
  const listed = connectionTokens(res.headers.connection);
  const out: string[] = [];
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const lower = (raw[i] ?? '').toLowerCase();
    if (HOP_BY_HOP.has(lower) || listed.has(lower)) continue;
    out.push(raw[i] ?? '', raw[i + 1] ?? '');
  }
  return out;
}

/**
 * The visitor's address, as the tunnel's channel reports it to the demo (the SSH originator, which
 * the demo's share gate uses to tell API clients apart): the socket's peer; behind a trusted proxy
 * (`trustProxy`), the address that proxy appended last to X-Forwarded-For (entries left of it are
 * whatever the visitor sent), when it is an IP address.
 */
export function visitorAddress(req: IncomingMessage, policy: ForwardingPolicy): { address: string; port: number } {
  const socket = { address: req.socket.remoteAddress ?? '0.0.0.0', port: req.socket.remotePort ?? 0 };
  if (!policy.trustProxy) return socket;
  const header = req.headers['x-forwarded-for'];
  const last = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').pop()?.trim() ?? '';
  return isIP(last) === 0 ? socket : { address: last, port: 0 };
}
