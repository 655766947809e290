import { z } from 'zod';
import { HttpError } from '../http-error.js';
import { wireEventData } from './event-data.js';

/** Request bodies of the queue routes. `session_hash` and `fn_index` are checked by hand for Gradio's exact 400 messages. */

/** Client-chosen session ids: base-36 from JS, uuid4 from Python. Anything else is refused. */
export const SESSION_HASH = /^[A-Za-z0-9_-]{1,128}$/;

/** The session_hash of join and the session stream: required, and well formed (Gradio's 400 messages). */
export function sessionHash(value: string | null | undefined): string {
  if (!value) throw new HttpError(400, 'Session hash not found.');
  if (!SESSION_HASH.test(value)) throw new HttpError(400, 'Invalid session hash: use 1-128 letters, digits, "_" or "-".');
  return value;
}

/**
 * The session_hash of /run and /call, which may have none (their calls then share the anonymous
 * lane). One that is sent but malformed is refused as join refuses it, not dropped: dropped, the
 * call ran without its session (no State, another lane, history under no session) and said nothing.
 */
export function optionalSessionHash(value: string | null | undefined): string | null {
  return value ? sessionHash(value) : null;
}

/**
 * The fairness lane of calls without a session_hash (/run, /call): one lane for all of them, so a
 * script firing anonymous calls takes one turn of the round-robin, not one turn per call. The
 * space keeps it apart from every real session_hash.
 */
export const ANONYMOUS_LANE = 'anonymous caller';

/**
 * The server's name for a session: the client's session_hash, except for a share-link visitor,
 * whose hashes live in a space of their own (the space and the visitor keep it apart from every
 * real hash): a visitor who sends another visitor's session_hash gets a fresh session of their
 * own, never the other's results, State, uploads or cancel.
 */
export function sessionKey(hash: string, visitor: string | null): string {
  return visitor === null ? hash : `${hash} of visitor ${visitor}`;
}

/**
 * The fairness lane of a share-link visitor: all their calls, whatever session_hash each names,
 * so a visitor with 50 sessions takes one turn of the round-robin, as a visitor with one does.
 */
export function visitorLane(visitor: string): string {
  return `visitor ${visitor}`;
}

export const joinBody = z.object({
  data: z.array(z.unknown()).default([]),
  fn_index: z.number().int().min(0).nullable().optional(),
  session_hash: z.string().nullable().optional(),
  event_data: wireEventData.nullable().optional(),
  trigger_id: z.number().int().nullable().optional(),
});
export type JoinBody = z.infer<typeof joinBody>;

const nullish = (value: unknown): value is null | undefined => value === null || value === undefined;

/**
 * joinBody's result for the body clients send on every call (`data` a list; `fn_index` a whole
 * number ≥ 0, null or absent; `session_hash` a string, null or absent; `event_data` and
 * `trigger_id` null, absent or, for the trigger, a whole number), without zod's walk over every
 * value of `data`. Anything else is undefined and goes to joinBody, which stays the definition of
 * a valid join and of its errors (test/server/quick-join-body.test.ts holds the two together).
 */
export function quickJoinBody(json: unknown): JoinBody | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { data, fn_index, session_hash, event_data, trigger_id } = json as Record<string, unknown>;
  if (!Array.isArray(data) || !nullish(event_data)) return undefined;
  if (!nullish(fn_index) && !(Number.isSafeInteger(fn_index) && (fn_index as number) >= 0)) return undefined;
  if (!nullish(session_hash) && typeof session_hash !== 'string') return undefined;
  if (!nullish(trigger_id) && !Number.isSafeInteger(trigger_id)) return undefined;
  return {
    data: data as unknown[],
    ...(fn_index !== undefined ? { fn_index: fn_index as number | null } : {}),
    ...(session_hash !== undefined ? { session_hash } : {}),
    ...(event_data !== undefined ? { event_data: null } : {}),
    ...(trigger_id !== undefined ? { trigger_id: trigger_id as number | null } : {}),
  };
}

export const cancelBody = z.object({
  event_id: z.string().nullable().optional(),
  session_hash: z.string().nullable().optional(),
  fn_index: z.number().int().nullable().optional(),
});

export const resetBody = z.object({ event_id: z.string().nullable().optional() });
