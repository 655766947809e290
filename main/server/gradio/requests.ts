import { z } from 'zod';
import { wireEventData } from './event-data.js';

/** Request bodies of the queue routes. `session_hash` and `fn_index` are checked by hand for Gradio's exact 400 messages. */

/** Client-chosen session ids: base-36 from JS, uuid4 from Python. Anything else is refused. */
export const SESSION_HASH = /^[A-Za-z0-9_-]{1,128}$/;

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

export const cancelBody = z.object({
  event_id: z.string().nullable().optional(),
  session_hash: z.string().nullable().optional(),
  fn_index: z.number().int().nullable().optional(),
});

export const resetBody = z.object({ event_id: z.string().nullable().optional() });
