import { Duplex } from 'node:stream';
import { encodeFrame, FrameDecoder, OPCODE, WebSocketProtocolError, type Frame } from './frames.js';

/**
 * A byte stream carried in a WebSocket's binary frames, over an already upgraded socket (HTTP or
 * TLS). What is written goes out as binary frames (masked on the client's side); what arrives in
 * binary frames is read. Pings are answered, a close frame is answered and ends the stream, and a
 * text frame or a broken frame closes the connection with the code RFC 6455 names. Back-pressure
 * passes through: a full read buffer pauses the socket. Made for SSH over WebSocket, where one
 * stream is one SSH connection: ending it (the SSH side ending) closes the WebSocket.
 */
export class WebSocketStream extends Duplex {
  private readonly decoder: FrameDecoder;
  private closeSent = false;

  constructor(
    private readonly socket: Duplex,
    private readonly role: 'client' | 'server',
    head: Buffer = Buffer.alloc(0),
  ) {
    super({ allowHalfOpen: false });
    this.decoder = new FrameDecoder(role === 'server');
    socket.on('data', (chunk: Buffer) => this.onBytes(chunk));
    socket.on('end', () => this.push(null));
    socket.on('error', (error: Error) => this.destroy(error));
    socket.on('close', () => this.destroy());
    if (head.length > 0) this.onBytes(head);
  }

  /** The peer's address, as ssh2's server reads it from a socket. */
  get remoteAddress(): string | undefined {
    return (this.socket as { remoteAddress?: string }).remoteAddress;
  }

  /** Passed to the socket: ssh2 asks for it so that small packets are not delayed. */
  setNoDelay(noDelay = true): this {
    (this.socket as { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(noDelay);
    return this;
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    // Done as soon as the socket takes the frame; only a full socket buffer holds the writer back.
    if (this.socket.write(encodeFrame(OPCODE.binary, chunk, this.role === 'client'))) {
      callback();
      return;
    }
    const done = (): void => {
      this.socket.off('drain', done);
      this.socket.off('close', done);
      callback();
    };
    this.socket.on('drain', done);
    this.socket.on('close', done);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.sendClose(1000);
    this.socket.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }

  private onBytes(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (error) {
      const code = error instanceof WebSocketProtocolError ? error.closeCode : 1002;
      this.sendClose(code);
      this.destroy(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    for (const frame of frames) this.onFrame(frame);
  }

  private onFrame(frame: Frame): void {
    if (this.destroyed) return;
    switch (frame.opcode) {
      case OPCODE.binary:
      case OPCODE.continuation:
        if (!this.push(frame.payload)) this.socket.pause();
        return;
      case OPCODE.ping:
        this.socket.write(encodeFrame(OPCODE.pong, frame.payload, this.role === 'client'));
        return;
      case OPCODE.pong:
        return;
      case OPCODE.close:
        this.sendClose(1000);
        this.push(null);
        this.socket.end();
        return;
      default:
        this.sendClose(1003);
        this.destroy(new WebSocketProtocolError(`unexpected frame opcode ${frame.opcode} (this stream carries binary frames only)`, 1003));
    }
  }

  private sendClose(code: number): void {
    if (this.closeSent || !this.socket.writable) return;
    this.closeSent = true;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code, 0);
    this.socket.write(encodeFrame(OPCODE.close, payload, this.role === 'client'));
  }
}
