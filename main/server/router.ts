import type { IncomingMessage, ServerResponse } from 'node:http';

/** A tiny method + path router. Patterns are regular expressions over the raw (still percent-encoded) path. */

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The raw path, percent-encoding kept, without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Named groups of the matched pattern, raw. */
  readonly params: Readonly<Record<string, string>>;
  /** The caller-visible root URL (see requestRoot). */
  readonly root: string;
}

export type Handler = (ctx: RequestContext) => Promise<void> | void;

interface Route {
  readonly methods: ReadonlySet<string>;
  readonly pattern: RegExp;
  readonly handler: Handler;
}

export interface RouteMatch {
  readonly handler: Handler;
  readonly params: Record<string, string>;
}

export class Router {
  private readonly routes: Route[] = [];

  /** GET routes answer HEAD as well; Node drops the body of a HEAD response for us. */
  add(methods: string | readonly string[], pattern: RegExp, handler: Handler): void {
    const list = typeof methods === 'string' ? [methods] : methods;
    const set = new Set(list.map((m) => m.toUpperCase()));
    if (set.has('GET')) set.add('HEAD');
    this.routes.push({ methods: set, pattern, handler });
  }

  /** The matching route, 'method' when the path exists under another method, or null. */
  match(method: string, path: string): RouteMatch | 'method' | null {
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (!route.methods.has(method)) continue;
      return { handler: route.handler, params: { ...found.groups } };
    }
    return pathMatched ? 'method' : null;
  }

  /** The methods `path` answers, for a 405's `Allow` header (RFC 9110 requires it). */
  allowedMethods(path: string): string[] {
    const allowed = new Set<string>();
    for (const route of this.routes) if (route.pattern.test(path)) for (const method of route.methods) allowed.add(method);
    if (allowed.size > 0) allowed.add('OPTIONS');
    return [...allowed];
  }
}

/** Splits `req.url` by hand: `new URL('//x/y', base)` would treat a leading `//` as a host. */
export function splitUrl(rawUrl: string | undefined): { path: string; query: URLSearchParams } {
  const url = rawUrl ?? '/';
  const mark = url.indexOf('?');
  const path = mark === -1 ? url : url.slice(0, mark);
  const query = new URLSearchParams(mark === -1 ? '' : url.slice(mark + 1));
  return { path: path.startsWith('/') ? path : `/${path}`, query };
}
