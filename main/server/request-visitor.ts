import type { IncomingMessage } from 'node:http';

/**
 * Which share-link visitor a request comes from, as the share gate named it: a browser's visitor
 * id from its signed cookie (`cookie:<id>`), or, for API clients with the key, the address the
 * tunnel reported for the connection (`address:<ip>`). The mark lives beside the request object,
 * not in a header, so only the gate can set it: a request to the local server never has one, and
 * nothing a visitor sends can choose or forge it. The Gradio layer uses it for per-visitor
 * fairness, sessions and uploads.
 */

const visitors = new WeakMap<IncomingMessage, string>();

export function markVisitor(req: IncomingMessage, visitor: string): void {
  visitors.set(req, visitor);
}

/** The visitor the share gate named for this request, or null for a request that did not come through a share link. */
export function requestVisitor(req: IncomingMessage): string | null {
  return visitors.get(req) ?? null;
}
