/**
 * A multipart upload written to the socket piece by piece, as a browser streams a large file:
 * the test process never holds the file, so only the server's memory is measured, and a test can
 * stop half-way (an aborted upload) or send many files in one request.
 */
import { request } from 'node:http';

export interface StreamedFile {
  readonly name: string;
  /** Size in bytes; the content is a repeating pattern (different per `seed`, so files differ). */
  readonly bytes: number;
  readonly seed?: number;
}

export interface StreamedUpload {
  readonly port: number;
  readonly files: readonly StreamedFile[];
  /** Query string without `?`, e.g. `upload_id=abc`. */
  readonly query?: string;
  /** Stop after this many bytes of file content and destroy the socket (an aborted upload). */
  readonly abortAfter?: number;
  /** Called once the first `abortAfter` bytes are written, before the socket is destroyed. */
  readonly beforeAbort?: () => Promise<void>;
  /** After this many bytes of file content, wait for `until` before sending the rest (an upload held open). */
  readonly holdAfter?: { readonly bytes: number; readonly until: Promise<void> };
  /** Connect from this local address (another loopback address is another client). */
  readonly localAddress?: string;
  /** Send no Content-Length (chunked): the server learns the size only as the body arrives. */
  readonly chunked?: boolean;
}

export interface UploadAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const BOUNDARY = '----streamed-upload-7f3a';
const CHUNK = 64 * 1024;

function partHead(file: StreamedFile): Buffer {
  return Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
}

const TAIL = Buffer.from(`--${BOUNDARY}--\r\n`);

function declaredLength(files: readonly StreamedFile[]): number {
  return files.reduce((sum, file) => sum + partHead(file).length + file.bytes + 2, 0) + TAIL.length;
}

function chunkOf(seed: number): Buffer {
  const chunk = Buffer.alloc(CHUNK);
  for (let i = 0; i < CHUNK; i++) chunk[i] = (i * 31 + seed * 7) % 251;
  return chunk;
}

/** Sends the upload; resolves with the answer, or with status 0 when it was aborted on purpose. */
export function uploadStreamed(options: StreamedUpload): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: options.port,
      path: `/gradio_api/upload${options.query ? `?${options.query}` : ''}`,
      method: 'POST',
      headers: {
        Host: `127.0.0.1:${options.port}`,
        'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
        ...(options.chunked ? {} : { 'Content-Length': String(declaredLength(options.files)) }),
      },
      agent: false,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    let aborted = false;
    req.once('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body }));
    });
    req.once('error', (error) => (aborted ? resolve({ status: 0, contentType: '', body: '' }) : reject(error)));
    const write = (buffer: Buffer): Promise<void> =>
      req.write(buffer) ? Promise.resolve() : new Promise((done) => req.once('drain', () => done()));
    const send = async (): Promise<void> => {
      let sent = 0;
      for (const file of options.files) {
        await write(partHead(file));
        const chunk = chunkOf(file.seed ?? 0);
        for (let left = file.bytes; left > 0 && !req.destroyed; left -= CHUNK) {
          await write(left >= CHUNK ? chunk : chunk.subarray(0, left));
          sent += Math.min(left, CHUNK);
          if (options.holdAfter && sent >= options.holdAfter.bytes && sent - Math.min(left, CHUNK) < options.holdAfter.bytes) {
            await options.holdAfter.until;
          }
          if (options.abortAfter !== undefined && sent >= options.abortAfter) {
            await options.beforeAbort?.();
            aborted = true;
            req.destroy();
            resolve({ status: 0, contentType: '', body: '' });
            return;
          }
        }
        await write(Buffer.from('\r\n'));
      }
      req.end(TAIL);
    };
    // The server may answer (and stop reading) before the body is sent: that answer is the result.
    send().catch(() => undefined);
  });
}
