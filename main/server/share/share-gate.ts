import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { TypedEvents } from '../../common/typed-events.js';
import { API_PREFIX } from '../gradio/config-schema.js';
import { clientAddress } from '../client-address.js';
import { APP_TOKEN_HEADER } from '../gradio/context.js';
import { HostGuard, parseHost, requestRoot } from '../host-guard.js';
import { createRequestHandler } from '../request-handler.js';
import { markVisitor } from '../request-visitor.js';
import { Router, splitUrl } from '../router.js';
import type { ShareSurface } from '../start-server.js';
import { readCredentials, shareCookie } from './share-credentials.js';
import { KEY_HOLDER, ShareAccess, type Verdict } from './share-access.js';
import { sendRefusal } from './share-pages.js';
import { PASSCODE_PATH, PasscodeGuard, readForm, safeNext, sendPasscodePage } from './share-passcode.js';
import { VisitorFiles } from './visitor-files.js';

/**
 * The only way into a demo from a share link. Each connection a tunnel hands over is served by
 * this gate's own HTTP server (never listening anywhere) whose router holds the demo's public
 * routes only, registered by the same functions as the local server's: there is no editor, home,
 * desk or admin route to reach, whatever Host, Origin, X-Forwarded-* or app-token header a request
 * carries. Before routing, the access key is checked (share-access.ts); a visitor's request never
 * runs with the app window's priority, and downloads only files handed to that visitor. Each
 * granted request is marked with its visitor (request-visitor.ts, see visitorOf), which the Gradio
 * layer uses for per-visitor fairness, sessions and file inputs.
 */

export interface ShareGateOptions {
  /** The running demo server's public half (`RunningServer.share`). */
  readonly server: ShareSurface;
  /**
   * The link's public URL (the tunnel's), e.g. `https://x1y2.share.example.com`. Its host is then
   * the only Host served, and https makes the cookie Secure. Settable later with setPublicUrl.
   */
  readonly publicUrl?: string;
  /** Link lifetime in ms from now; null never expires. Default 72 h. */
  readonly lifetimeMs?: number | null;
  /**
   * The owner's choice: a passcode page for browsers without the cookie, instead of only the key
   * in the link (the key link and Bearer key keep working). Default none.
   */
  readonly passcode?: string | null;
  /** A clock, for tests of expiry. */
  readonly now?: () => number;
}

export interface ShareRequestEvent {
  /** The visitor (see visitorOf): `cookie:<id>` for browsers, `address:<ip>` for API clients with the key; null when refused. */
  readonly visitor: string | null;
  readonly method: string;
  /** Path only: the query (which may hold the key) is never reported. */
  readonly path: string;
  readonly status: number;
  readonly at: number;
  /** From the request's headers to the end of its response (a stream: its whole life). */
  readonly durationMs: number;
}

export interface ShareGateEvents extends Record<string, unknown> {
  request: ShareRequestEvent;
  /** The key or the expiry changed (revoke, setExpiry). */
  access: { readonly expiresAt: number | null };
}

export interface ShareGate {
  /** Serves one public connection (an ssh2 channel, a socket): what a tunnel calls per visitor connection. */
  accept(stream: Duplex, info?: { readonly remoteAddress?: string }): void;
  readonly key: string;
  /** `<publicUrl>/?key=<key>`, or null while no public URL is known. */
  readonly link: string | null;
  /** When the link expires (ms since the epoch), or null for never. */
  readonly expiresAt: number | null;
  setPublicUrl(url: string): void;
  /** A new key: old links and cookies stop working at once. Returns the new key. */
  revoke(lifetimeMs?: number | null): string;
  setExpiry(lifetimeMs: number | null): void;
  /** Turns the passcode page on (a passcode) or off (null). */
  setPasscode(passcode: string | null): void;
  readonly events: TypedEvents<ShareGateEvents>;
  /** Ends every connection this gate serves (the demo server itself stays up). */
  close(): Promise<void>;
}

/** Paths answered as JSON (API callers), never as a page. */
function isApiPath(path: string): boolean {
  return ['/config', API_PREFIX, '/api', '/metrics', '/queue', '/call', '/run', '/upload', '/file='].some(
    (prefix) => path === prefix || path.startsWith(`${prefix}/`) || (prefix === '/file=' && path.startsWith(prefix)),
  );
}

/**
 * Who a granted request is, as no visitor can choose: a browser is the visitor its signed cookie
 * names (a random id the gate drew when the key was exchanged); an API client with the bare key is
 * the address the tunnel reported for its connection (the SSH forwarded-tcpip originator, which
 * the share server fills in from the visitor's TCP socket), never an X-Forwarded-For header.
 */
function visitorOf(holder: string, req: IncomingMessage): string {
  return holder === KEY_HOLDER ? `address:${clientAddress(req)}` : holder;
}

/** The request URL without its `key` parameter. */
function withoutKey(url: string | undefined): string {
  const { path, query } = splitUrl(url);
  query.delete('key');
  const rest = query.toString();
  return rest === '' ? path : `${path}?${rest}`;
}

class Gate implements ShareGate {
  readonly events = new TypedEvents<ShareGateEvents>();
  private readonly access: ShareAccess;
  private readonly http: Server;
  private readonly streams = new Set<Duplex>();
  private readonly files: VisitorFiles;
  private readonly passcode: PasscodeGuard;
  private publicUrl: string | null = null;
  private hostGuard = new HostGuard(() => 0);
  private readonly inner: (req: IncomingMessage, res: ServerResponse) => void;

  constructor(options: ShareGateOptions) {
    const surface = options.server;
    this.access = new ShareAccess({
      ...(options.lifetimeMs !== undefined ? { lifetimeMs: options.lifetimeMs } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    this.passcode = new PasscodeGuard(options.passcode ?? null, options.now);
    this.files = new VisitorFiles([surface.files.uploadRoot, surface.files.outputRoot]);
    const router = new Router();
    surface.registerRoutes(router);
    this.inner = createRequestHandler({
      router,
      // Read per request: setPublicUrl replaces it.
      hostGuard: { isAllowed: (host) => this.isAllowedHost(host) },
      staticFiles: surface.staticFiles,
      apiPrefixes: [API_PREFIX, '/api'],
      logger: surface.logger.child('share'),
      bodyGuard: surface.bodyGuard,
    });
    this.http = createServer(surface.serverOptions, (req, res) => this.handle(req, res));
    // Node starts cutting slow headers (headersTimeout) on 'listening'; this server never listens.
    this.http.emit('listening');
    if (options.publicUrl !== undefined) this.setPublicUrl(options.publicUrl);
  }

  get key(): string {
    return this.access.key;
  }

  get link(): string | null {
    return this.publicUrl === null ? null : `${this.publicUrl}/?key=${this.access.key}`;
  }

  get expiresAt(): number | null {
    return this.access.expiresAt;
  }

  setPublicUrl(url: string): void {
    const parsed = new URL(url);
    this.publicUrl = parsed.origin;
    this.hostGuard = new HostGuard(() => 0, [parsed.host]);
  }

  revoke(lifetimeMs?: number | null): string {
    const key = this.access.revoke(lifetimeMs);
    this.events.emit('access', { expiresAt: this.access.expiresAt });
    return key;
  }

  setExpiry(lifetimeMs: number | null): void {
    this.access.setExpiry(lifetimeMs);
    this.events.emit('access', { expiresAt: this.access.expiresAt });
  }

  setPasscode(passcode: string | null): void {
    this.passcode.set(passcode);
  }

  accept(stream: Duplex, info: { readonly remoteAddress?: string } = {}): void {
    // What the per-client limits count (client-address.ts): the visitor's address as the tunnel saw it.
    if (info.remoteAddress !== undefined && !('remoteAddress' in stream && stream.remoteAddress)) {
      Object.defineProperty(stream, 'remoteAddress', { value: info.remoteAddress, configurable: true });
    }
    this.streams.add(stream);
    stream.once('close', () => this.streams.delete(stream));
    this.http.emit('connection', stream);
  }

  close(): Promise<void> {
    for (const stream of this.streams) stream.destroy();
    this.streams.clear();
    // Stops the slow-header check; as nothing listens, the callback's "not running" is expected.
    return new Promise((resolve) => this.http.close(() => resolve()));
  }

  /** Without a public URL yet, any Host (the key still guards); then only the public host. */
  private isAllowedHost(host: string | undefined): boolean {
    if (this.publicUrl === null) return host !== undefined && parseHost(host) !== null;
    return this.hostGuard.isAllowed(host);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    // A visitor is never the app window, whatever they send.
    req.headers[APP_TOKEN_HEADER] = undefined;
    const started = performance.now();
    const { path } = splitUrl(req.url);
    const hostAllowed = this.isAllowedHost(req.headers.host);
    const verdict: Verdict = hostAllowed ? this.access.judgeAny(readCredentials(req)) : { kind: 'denied' };
    const visitor = verdict.kind === 'granted' ? visitorOf(verdict.visitor, req) : null;
    res.once('finish', () =>
      this.events.emit('request', {
        visitor,
        method: req.method ?? 'GET',
        path,
        status: res.statusCode,
        at: Date.now(),
        durationMs: performance.now() - started,
      }),
    );
    if (!hostAllowed) {
      this.inner(req, res); // its Host check answers 403
      return;
    }
    if (visitor === null) {
      this.refuse(req, res, verdict.kind === 'expired' ? 'expired' : 'denied', path);
      return;
    }
    this.serveGranted(req, res, visitor, path);
  }

  private refuse(req: IncomingMessage, res: ServerResponse, kind: 'denied' | 'expired', path: string): void {
    const asHtml = (req.method === 'GET' || req.method === 'HEAD') && !isApiPath(path);
    if (kind === 'denied' && this.passcode.enabled && path === PASSCODE_PATH && req.method === 'POST') {
      this.signIn(req, res).catch(() => res.destroy());
      return;
    }
    req.resume();
    if (kind === 'denied' && this.passcode.enabled && asHtml && !this.access.expired) sendPasscodePage(res, withoutKey(req.url), false);
    else sendRefusal(res, kind === 'expired' ? 'expired' : 'private', asHtml);
  }

  /** The passcode form's answer: the visitor cookie and back to the page, or the form again. */
  private async signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    req.resume();
    const next = safeNext(form?.get('next') ?? null);
    if (this.access.expired) {
      sendRefusal(res, 'expired', true);
      return;
    }
    const result = this.passcode.check(req, form?.get('passcode') ?? null);
    if (result === 'ok') {
      this.redirectWithCookie(req, res, next);
      return;
    }
    if (result === 'wait') res.setHeader('Retry-After', '60');
    sendPasscodePage(res, next, true, result === 'wait' ? 429 : 401);
  }

  /**
   * A 303 to `location` that leaves the browser with a visitor cookie: its own if it already holds
   * a valid one (a second click on the link keeps the visitor's files), else a new one.
   */
  private redirectWithCookie(req: IncomingMessage, res: ServerResponse, location: string): void {
    const cookies = readCredentials(req).filter((credential) => credential.kind === 'cookie');
    const known = this.access.judgeAny(cookies).kind === 'granted';
    const secure = (this.publicUrl ?? requestRoot(req)).startsWith('https:');
    res.writeHead(303, {
      Location: location,
      ...(known ? {} : { 'Set-Cookie': shareCookie(this.access.issueCookie().value, secure) }),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    });
    res.end();
  }

  private serveGranted(req: IncomingMessage, res: ServerResponse, visitor: string, path: string): void {
    const keyInUrl = splitUrl(req.url).query.has('key');
    if (keyInUrl && (req.method === 'GET' || req.method === 'HEAD') && !isApiPath(path)) {
      // First visit of a link: the key becomes this browser's cookie, and leaves the address bar.
      req.resume();
      this.redirectWithCookie(req, res, withoutKey(req.url));
      return;
    }
    req.url = withoutKey(req.url);
    this.fillForwarded(req);
    const file = new RegExp(`^${API_PREFIX}/file[=/](?<path>.+)$`).exec(path)?.groups?.path;
    if (file !== undefined && !this.fileAllowed(visitor, file)) {
      req.resume();
      res.writeHead(403, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ detail: 'This file does not belong to your session.' }));
      return;
    }
    this.files.watch(visitor, res);
    markVisitor(req, visitor);
    this.inner(req, res);
  }

  /**
   * `/config`'s root must be the public URL: the share server's X-Forwarded-Host/Proto say it, and
   * where it sent none the known public URL fills them in (access never depends on them).
   */
  private fillForwarded(req: IncomingMessage): void {
    if (this.publicUrl === null || req.headers['x-forwarded-host'] !== undefined) return;
    const url = new URL(this.publicUrl);
    req.headers['x-forwarded-host'] = url.host;
    req.headers['x-forwarded-proto'] = url.protocol.replace(':', '');
  }

  private fileAllowed(visitor: string, raw: string): boolean {
    try {
      return this.files.allows(visitor, decodeURIComponent(raw));
    } catch {
      return false;
    }
  }
}

export function createShareGate(options: ShareGateOptions): ShareGate {
  return new Gate(options);
}
