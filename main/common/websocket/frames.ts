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
  const masked = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) masked[i] = (payload[i] ?? 0) ^ (key[i & 3] ?? 0);
  return Buffer.concat([head, masked]);
}

function unmask(payload: Buffer, key: Buffer): Buffer {
  for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (key[i & 3] ?? 0);
  return payload;
}

/**
 * Reads frames from a byte stream, however it is split. `expectMasked`: a server requires every
 * frame masked, a client requires none (RFC 6455 5.1). Control frames must be final and at most
 * 125 bytes; a frame over `maxPayload` is refused (1009) before it is buffered.
 */
export class FrameDecoder {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(
    private readonly expectMasked: boolean,
    private readonly maxPayload = 16 * 1024 * 1024,
  ) {}

  /** Every whole frame the bytes so far complete; throws WebSocketProtocolError on a bad one. */
  push(chunk: Buffer): Frame[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      const frame = this.next();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  private next(): Frame | undefined {
    const bytes = this.buffered;
    if (bytes.length < 2) return undefined;
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
      if (bytes.length < 4) return undefined;
      length = bytes.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (bytes.length < 10) return undefined;
      const big = bytes.readBigUInt64BE(2);
      if (big > BigInt(this.maxPayload)) throw new WebSocketProtocolError(`a frame of ${big} bytes is over the limit`, 1009);
      length = Number(big);
      offset = 10;
    }
    if (opcode >= 0x8 && (!fin || length > 125)) throw new WebSocketProtocolError('a control frame was fragmented or over 125 bytes', 1002);
    if (length > this.maxPayload) throw new WebSocketProtocolError(`a frame of ${length} bytes is over the limit`, 1009);
    const keyOffset = offset;
    if (masked) offset += 4;
    if (bytes.length < offset + length) return undefined;
    const payload = Buffer.from(bytes.subarray(offset, offset + length));
    this.buffered = bytes.subarray(offset + length);
    return { fin, opcode, payload: masked ? unmask(payload, bytes.subarray(keyOffset, keyOffset + 4)) : payload };
  }
}
