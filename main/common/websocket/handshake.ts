import { createHash, randomBytes } from 'node:crypto';

/** RFC 6455's fixed GUID, appended to the client's key to prove the server read the upgrade. */
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** A new `Sec-WebSocket-Key`: 16 random bytes, base64. */
export function newWebSocketKey(): string {
  return randomBytes(16).toString('base64');
}

/** The `Sec-WebSocket-Accept` that answers `key`. */
export function webSocketAccept(key: string): string {
  return createHash('sha1')
    .update(key + GUID)
    .digest('base64');
}

/** A well-formed `Sec-WebSocket-Key`: base64 of 16 bytes. */
export function isWebSocketKey(key: string | undefined): key is string {
  return typeof key === 'string' && /^[A-Za-z0-9+/]{22}==$/.test(key);
}
