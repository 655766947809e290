import type { IncomingMessage } from 'node:http';

/**
 * The address a request came from, as the per-client limits count it: the socket's remote address
 * (never a forwarding header, which any caller can write), with IPv4-mapped IPv6 addresses
 * (`::ffff:127.0.0.1`) written as plain IPv4 so one client has one name on a dual-stack socket.
 */
export function clientAddress(req: Pick<IncomingMessage, 'socket'>): string {
  const address = req.socket.remoteAddress;
  if (address === undefined) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}
