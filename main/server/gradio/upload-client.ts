import type { IncomingMessage } from 'node:http';
import { clientAddress } from '../client-address.js';

/**
 * Who sent an upload, for the per-client limits and for the file's owner until a call uses it.
 * Gradio's upload request names no session, so it is the network address (clientAddress, the same
 * name the stream limits count): the one thing a client cannot choose per request. Behind a share
 * link it is the visitor's address as the tunnel reported it (share-gate.ts); which visitor owns a
 * file is kept apart (requestVisitor), so minting visitor cookies buys no more room.
 */
export function uploadClient(req: Pick<IncomingMessage, 'socket'>): string {
  return `address:${clientAddress(req)}`;
}
