import { duplexPair } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, maskInPlace, OPCODE } from '../../main/common/websocket/frames.js';
import { isWebSocketKey, webSocketAccept } from '../../main/common/websocket/handshake.js';
import { WebSocketStream } from '../../main/common/websocket/websocket-stream.js';

/** The WebSocket codec that carries SSH over the share server's HTTP(S) port (RFC 6455). */

describe('frames', () => {
  it("answers RFC 6455's own handshake example", () => {
    expect(webSocketAccept('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(isWebSocketKey('dGhlIHNhbXBsZSBub25jZQ==')).toBe(true);
    expect(isWebSocketKey('short')).toBe(false);
  });

  it.each([0, 1, 125, 126, 65_535, 65_536, 200_000])('round-trips %i bytes, masked and not, however the bytes are split', (size) => {
    const payload = Buffer.alloc(size);
    for (let i = 0; i < size; i++) payload[i] = (i * 7) & 255;
    for (const mask of [true, false]) {
      const wire = Buffer.concat([encodeFrame(OPCODE.binary, payload, mask), encodeFrame(OPCODE.ping, Buffer.from('p'), mask)]);
      const decoder = new FrameDecoder(mask);
      const frames = [];
      const step = Math.max(1, Math.floor(wire.length / 13));
      for (let at = 0; at < wire.length; at += step) frames.push(...decoder.push(wire.subarray(at, at + step)));
      expect(frames.map((f) => f.opcode)).toEqual([OPCODE.binary, OPCODE.ping]);
      expect(frames[0]?.payload.equals(payload)).toBe(true);
      expect(frames[1]?.payload.toString()).toBe('p');
    }
  });

  it('masks by words where aligned and by bytes elsewhere, alike', () => {
    const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
    const plain = Buffer.from(Array.from({ length: 103 }, (_, i) => (i * 31) & 255));
    const byBytes = Buffer.from(plain.map((byte, i) => byte ^ (key[i & 3] ?? 0)));
    const aligned = Buffer.from(plain);
    maskInPlace(aligned, key);
    const backing = Buffer.alloc(plain.length + 1);
    const unaligned = backing.subarray(1);
    plain.copy(unaligned);
    maskInPlace(unaligned, key);
    expect(aligned.equals(byBytes)).toBe(true);
    expect(unaligned.equals(byBytes)).toBe(true);
    maskInPlace(aligned, key);
    expect(aligned.equals(plain)).toBe(true);
  });

  it('refuses an unmasked client frame, a masked server frame, a long control frame and an oversized frame', () => {
    expect(() => new FrameDecoder(true).push(encodeFrame(OPCODE.binary, Buffer.from('x'), false))).toThrow('not masked');
    expect(() => new FrameDecoder(false).push(encodeFrame(OPCODE.binary, Buffer.from('x'), true))).toThrow('was masked');
    expect(() => new FrameDecoder(false).push(encodeFrame(OPCODE.ping, Buffer.alloc(126), false))).toThrow('control frame');
    // Refused from the header alone: nothing of the 1 MiB payload has to arrive.
    expect(() => new FrameDecoder(false, 1024).push(encodeFrame(OPCODE.binary, Buffer.alloc(1 << 20), false).subarray(0, 10))).toThrow(
      'over the limit',
    );
  });
});

describe('WebSocketStream', () => {
  it('carries bytes both ways, answers pings, and ends both sides with a close frame', async () => {
    const [clientSide, serverSide] = duplexPair();
    const client = new WebSocketStream(clientSide, 'client');
    const server = new WebSocketStream(serverSide, 'server');
    const received: Buffer[] = [];
    server.on('data', (chunk: Buffer) => received.push(chunk));
    client.write(Buffer.from('hello '));
    client.write(Buffer.alloc(100_000, 1));
    const echoed = new Promise<Buffer>((resolve) => client.once('data', resolve));
    server.write(Buffer.from('back'));
    expect((await echoed).toString()).toBe('back');
    // A ping from the peer is answered with a pong carrying the same bytes.
    const pong = new Promise<Buffer>((resolve) => clientSide.once('data', resolve));
    serverSide.write(encodeFrame(OPCODE.ping, Buffer.from('are you there'), false));
    expect((await pong).subarray(-13).length).toBe(13);
    const serverEnded = new Promise((resolve) => server.once('end', resolve));
    client.end();
    await serverEnded;
    expect(Buffer.concat(received).length).toBe(6 + 100_000);
    expect(Buffer.concat(received).subarray(0, 6).toString()).toBe('hello ');
  });

  it('closes with 1003 on a text frame', async () => {
    const [clientSide, serverSide] = duplexPair();
    const server = new WebSocketStream(serverSide, 'server');
    const failed = new Promise<Error>((resolve) => server.once('error', resolve));
    const answer = new Promise<Buffer>((resolve) => clientSide.once('data', resolve));
    clientSide.write(encodeFrame(OPCODE.text, Buffer.from('hi'), true));
    expect((await failed).message).toContain('binary frames only');
    const frame = new FrameDecoder(false).push(await answer)[0];
    expect(frame?.opcode).toBe(OPCODE.close);
    expect(frame?.payload.readUInt16BE(0)).toBe(1003);
  });
});
