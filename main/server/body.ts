import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { HttpError } from './http-error.js';

/** Request body reading with a hard size limit, and JSON parsing that never throws anything but HttpError. */

/** JSON bodies (join, run, call) above this are refused with 413; files go through /upload instead. */
export const DEFAULT_JSON_LIMIT = 10 * 1024 * 1024;

export interface ReadBodyOptions {
  readonly limit: number;
  /** Builds the 413 error; lets /upload answer in Gradio's plain-text form. */
  readonly tooLarge?: () => HttpError;
}

function defaultTooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    `Request body too large: the limit is ${limit} bytes. Send files with POST /gradio_api/upload and pass the returned paths instead.`,
  );
}

export function readBody(req: IncomingMessage, options: ReadBodyOptions): Promise<Buffer> {
  const tooLarge = options.tooLarge ?? (() => defaultTooLarge(options.limit));
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.limit) {
    // Refuse before reading; drain what the client still sends so it can read our answer.
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const onData = (chunk: Buffer): void => {
      if (failed) return;
      size += chunk.length;
      if (size > options.limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    req.once('error', (error) => {
      if (failed) return;
      failed = true;
      reject(new HttpError(400, `Could not read the request body: ${error.message}`));
    });
    req.once('aborted', () => {
      if (failed) return;
      failed = true;
      reject(new HttpError(400, 'The request body was aborted.'));
    });
  });
}

/** Reads and parses a JSON body; an empty body is an empty object (some clients POST nothing). */
export async function readJson(req: IncomingMessage, limit = DEFAULT_JSON_LIMIT): Promise<unknown> {
  const body = await readBody(req, { limit });
  // toString would turn every invalid byte into U+FFFD and run the call on other text than was sent.
  if (!isUtf8(body)) throw new HttpError(400, 'The request body is not valid UTF-8: send JSON encoded as UTF-8 (RFC 8259).');
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, `Malformed JSON body: ${(error as Error).message}`);
  }
}

/**
 * A hand-written check for the one shape a hot route receives nearly always: the value the schema
 * would return, or undefined for anything else (the schema then decides, errors included). It
 * must accept only what the schema accepts and return what the schema would; a test holds each one
 * to its schema.
 */
export type QuickParse<T> = (json: unknown) => T | undefined;

/**
 * Reads JSON and validates it; schema failures answer 422 with the issues (FastAPI's status).
 * With `quick`, a body it recognises skips the schema (zod walks every value of a list, all 256
 * of a row).
 */
export async function readJsonAs<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
  limit = DEFAULT_JSON_LIMIT,
  quick?: QuickParse<z.infer<S>>,
): Promise<z.infer<S>> {
  const json = await readJson(req, limit);
  const known = quick?.(json);
  if (known !== undefined) return known;
  const result = schema.safeParse(json);
  if (!result.success) {
    const detail = result.error.issues.map((issue) => ({
      loc: ['body', ...issue.path.map(String)],
      msg: issue.message,
      type: issue.code,
    }));
    throw new HttpError(422, 'Invalid request body.', detail);
  }
  return result.data;
}
