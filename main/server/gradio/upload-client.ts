import type { IncomingMessage } from 'node:http';

/**
 * Who sent an upload, for the per-client limits and for the file's owner until a call uses it.
 * Gradio's upload request names no session, so it is the network address: the one thing a client
 * cannot choose per request. (Behind a tunnel every visitor shares the tunnel's address; the
 * per-server limits still hold then.)
 */
export function uploadClient(req: IncomingMessage): string {
  return `address:${req.socket.remoteAddress ?? 'unknown'}`;
}
