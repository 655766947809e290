import type { z } from 'zod';
import {
  asInferMessage,
  asResultMessage,
  childMessage,
  describeProtocolError,
  parentMessage,
  type ChildMessage,
  type ParentMessage,
} from './worker-protocol.js';

/**
 * How worker-protocol.ts messages become what a transport's channel carries, and back, validated.
 * One codec per direction: the parent encodes `ParentMessage` and decodes `ChildMessage`, the
 * worker the other way round. Both ends of one channel must use the same codec.
 *
 * `structuredCloneCodec` is today's: Node's IPC channel with `serialization: 'advanced'` clones the
 * message itself (typed arrays and Buffers pass as raw bytes), so encoding hands the message over
 * as it is and decoding only validates. A channel of bytes (a socket to another machine) would pair
 * `v8.serialize` / `v8.deserialize` with the same validation.
 */

export type Decoded<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly problem: string };

export interface MessageCodec<Out, In> {
  /** What the channel carries for `message`. May throw for a value the format cannot hold. */
  encode(message: Out): unknown;
  /** A received message, checked against the protocol's schemas; `problem` says which field was wrong. */
  decode(wire: unknown): Decoded<In>;
}

export interface WorkerCodec {
  /** The parent's side: sends to the worker, reads from it. */
  readonly parent: MessageCodec<ParentMessage, ChildMessage>;
  /** The worker's side. */
  readonly worker: MessageCodec<ChildMessage, ParentMessage>;
}

/**
 * The message every request sends in this direction is checked by hand first (issue 17: no zod
 * copy of a tensor per request); anything else, or anything that fails the hand check, goes
 * through the schema, so what is rejected, and how, is the schema's.
 */
function validator<T>(hot: (raw: unknown) => T | undefined, schema: z.ZodType<T>): (wire: unknown) => Decoded<T> {
  return (wire) => {
    const fast = hot(wire);
    if (fast) return { ok: true, message: fast };
    const parsed = schema.safeParse(wire);
    return parsed.success ? { ok: true, message: parsed.data } : { ok: false, problem: describeProtocolError(parsed.error) };
  };
}

export const structuredCloneCodec: WorkerCodec = {
  parent: { encode: (message) => message, decode: validator(asResultMessage, childMessage) },
  worker: { encode: (message) => message, decode: validator(asInferMessage, parentMessage) },
};
