import type { IncomingMessage } from 'node:http';
import { clientAddress } from '../client-address.js';

/**
 * Who sent an upload, for the per-client limits and for the file's owner until a call uses it.
 * Gradio's upload request names no session, so it is the network address (clientAddress, the same
 * name the stream limits count): the one thing a client cannot choose per request. (Behind a tunnel
 * every visitor shares the tunnel's address; the per-server limits still hold then.)
 */
export function uploadClient(req: Pick<IncomingMessage, 'socket'>): string {
  return `address:${clientAddress(req)}`;
}
