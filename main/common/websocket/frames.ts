import { randomBytes } from 'node:crypto';

/** RFC 6455 opcodes this codec knows. */
export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface Frame {
  readonly fin: boolean;
  readonly opcode: number;
  readonly payload: Buffer;
}

/** A frame that breaks RFC 6455 (or this codec's limits); `closeCode` is what to answer with. */
export class WebSocketProtocolError extends Error {
  constructor(
    message: string,
    readonly closeCode: number,
  ) {
    super(message);
    this.name = 'WebSocketProtocolError';
  }
}

/**
 * XORs `data` with the 4-byte masking `key` in place (RFC 6455 5.3), a 32-bit word at a time where
 * the buffer is aligned (the bulk of SSH's traffic), then byte by byte.
 */
export function maskInPlace(data: Buffer, key: Buffer): void {
  const words = data.byteOffset % 4 === 0 ? data.length >> 2 : 0;
  if (words > 0) {
    const view = new Uint32Array(data.buffer, data.byteOffset, words);
    // The key read in the same (native) byte order as the data words, so each byte meets its key byte.
    const k = new Uint32Array(Uint8Array.from(key.subarray(0, 4)).buffer)[0] ?? 0;
    for (let i = 0; i < words; i++) view[i] = (view[i] ?? 0) ^ k;
  }
  for (let i = words * 4; i < data.length; i++) data[i] = (data[i] ?? 0) ^ (key[i & 3] ?? 0);
}

/**
 * One frame: a client masks (`mask` true, as RFC 6455 requires of clients), a server does not.
 * The payload is copied only when masked.
 */
export function encodeFrame(opcode: number, payload: Buffer, mask: boolean): Buffer {
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length <= 0xffff ? 2 : 8;
  const head = Buffer.alloc(2 + lengthBytes + (mask ? 4 : 0));
  head[0] = 0x80 | opcode;
  head[1] = (mask ? 0x80 : 0) | (lengthBytes === 0 ? length : lengthBytes === 2 ? 126 : 127);
  if (lengthBytes === 2) head.writeUInt16BE(length, 2);
  else if (lengthBytes === 8) head.writeBigUInt64BE(BigInt(length), 2);
  if (!mask) return Buffer.concat([head, payload]);
  const key = randomBytes(4);
  key.copy(head, 2 + lengthBytes);
  // A buffer of its own (Node aligns pooled slices to 8 bytes), so the mask runs by words.
  const masked = Buffer.allocUnsafe(length);
  payload.copy(masked);
  maskInPlace(masked, key);
  return Buffer.concat([head, masked]);
}

type Parsed = { readonly frame: Frame; readonly used: number } | { readonly need: number };

/**
 * Reads frames from a byte stream, however it is split. `expectMasked`: a server requires every
 * frame masked, a client requires none (RFC 6455 5.1). Control frames must be final and at most
 * 125 bytes; a frame over `maxPayload` is refused (1009) before it is buffered. Bytes wait in a
 * list until a whole frame is there, then are joined once.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private size = 0;
  private needed = 2;

  constructor(
    private readonly expectMasked: boolean,
    private readonly maxPayload = 16 * 1024 * 1024,
  ) {}

  /** Every whole frame the bytes so far complete; throws WebSocketProtocolError on a bad one. */
  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const frames: Frame[] = [];
    while (this.size >= this.needed) {
      const bytes = this.chunks.length === 1 ? (this.chunks[0] ?? Buffer.alloc(0)) : Buffer.concat(this.chunks, this.size);
      const parsed = this.parse(bytes);
      if ('need' in parsed) {
        this.chunks = [bytes];
        this.needed = parsed.need;
        break;
      }
      frames.push(parsed.frame);
      const rest = bytes.subarray(parsed.used);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.size = rest.length;
      this.needed = 2;
    }
    return frames;
  }

  private parse(bytes: Buffer): Parsed {
    const first = bytes[0] ?? 0;
    const second = bytes[1] ?? 0;
    const fin = (first & 0x80) !== 0;
    const opcode = first & 0x0f;
    if ((first & 0x70) !== 0) throw new WebSocketProtocolError('reserved bits set (no extension was agreed)', 1002);
    const masked = (second & 0x80) !== 0;
    if (masked !== this.expectMasked)
      throw new WebSocketProtocolError(masked ? 'a server frame was masked' : 'a client frame was not masked', 1002);
    let length = second & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (bytes.length < 4) return { need: 4 };
      length = bytes.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (bytes.length < 10) return { need: 10 };
      const big = bytes.readBigUInt64BE(2);
      if (big > BigInt(this.maxPayload)) throw new WebSocketProtocolError(`a frame of ${big} bytes is over the limit`, 1009);
      length = Number(big);
      offset = 10;
    }
    if (opcode >= 0x8 && (!fin || length > 125)) throw new WebSocketProtocolError('a control frame was fragmented or over 125 bytes', 1002);
    if (length > this.maxPayload) throw new WebSocketProtocolError(`a frame of ${length} bytes is over the limit`, 1009);
    const keyOffset = offset;
    if (masked) offset += 4;
    if (bytes.length < offset + length) return { need: offset + length };
    // A copy of its own: the caller keeps it while the rest of `bytes` moves on (and the mask runs by words).
    const payload = Buffer.allocUnsafe(length);
    bytes.copy(payload, 0, offset, offset + length);
    if (masked) maskInPlace(payload, bytes.subarray(keyOffset, keyOffset + 4));
    return { frame: { fin, opcode, payload }, used: offset + length };
  }
}
