import { z } from 'zod';
import type { LogLevel, ProgressUpdate } from '../../runtimes/runtime.js';
import { SERVER_STOPPED_MESSAGE } from '../../../preload/shared/server-stopped.js';

/**
 * Messages on GET /gradio_api/queue/data (doc §1.7). Every message carries an `event_id` key
 * (null for session-wide ones): the Python client indexes it unconditionally.
 */

const eventId = z.string().nullable();

export const progressUnit = z.object({
  index: z.number().nullable(),
  length: z.number().nullable(),
  unit: z.string().nullable(),
  progress: z.number().nullable(),
  desc: z.string().nullable(),
});

export const outputPayload = z.object({
  data: z.array(z.unknown()),
  is_generating: z.boolean(),
  duration: z.number().nullable(),
  average_duration: z.number().nullable(),
  render_config: z.null(),
  changed_state_ids: z.array(z.number().int()),
  used_cache: z.null(),
});
export type OutputPayload = z.infer<typeof outputPayload>;

export const errorPayload = z.object({
  error: z.string().nullable(),
  visible: z.boolean().optional(),
  duration: z.number().optional(),
  title: z.string().optional(),
});
export type ErrorPayload = z.infer<typeof errorPayload>;

export const streamMessage = z.discriminatedUnion('msg', [
  z.object({
    msg: z.literal('estimation'),
    event_id: eventId,
    rank: z.number().int().nullable(),
    queue_size: z.number().int(),
    rank_eta: z.number().nullable(),
  }),
  z.object({ msg: z.literal('process_starts'), event_id: eventId, eta: z.number().nullable() }),
  z.object({ msg: z.literal('progress'), event_id: eventId, progress_data: z.array(progressUnit) }),
  z.object({
    msg: z.literal('log'),
    event_id: eventId,
    log: z.string(),
    level: z.enum(['info', 'warning', 'success', 'error']),
    title: z.string(),
    duration: z.number(),
    visible: z.boolean(),
  }),
  z.object({
    msg: z.literal('process_generating'),
    event_id: eventId,
    output: outputPayload,
    success: z.literal(true),
    time_limit: z.null(),
  }),
  z.object({
    msg: z.literal('process_completed'),
    event_id: eventId,
    output: z.union([outputPayload, errorPayload]),
    success: z.boolean(),
    title: z.string().nullable(),
    used_cache: z.null(),
    cache_duration: z.null(),
    avg_time: z.number().nullable(),
  }),
  z.object({ msg: z.literal('heartbeat'), event_id: z.null() }),
  z.object({ msg: z.literal('close_stream'), event_id: z.null() }),
  z.object({
    msg: z.literal('unexpected_error'),
    event_id: eventId,
    message: z.string(),
    session_not_found: z.boolean(),
    success: z.literal(false),
  }),
]);
export type StreamMessage = z.infer<typeof streamMessage>;

export const heartbeatMessage = (): StreamMessage => ({ msg: 'heartbeat', event_id: null });
export const closeStreamMessage = (): StreamMessage => ({ msg: 'close_stream', event_id: null });

export function estimationMessage(id: string, rank: number | null, queueSize: number, rankEta: number | null): StreamMessage {
  return { msg: 'estimation', event_id: id, rank, queue_size: queueSize, rank_eta: rankEta };
}

export function processStartsMessage(id: string, eta: number | null): StreamMessage {
  return { msg: 'process_starts', event_id: id, eta };
}

export function progressMessage(id: string, update: ProgressUpdate): StreamMessage {
  return {
    msg: 'progress',
    event_id: id,
    progress_data: [
      {
        index: update.index ?? null,
        length: update.length ?? null,
        unit: update.unit ?? null,
        progress: update.progress,
        desc: update.desc ?? null,
      },
    ],
  };
}

const LOG_TITLES: Readonly<Record<LogLevel, string>> = { info: 'Info', warning: 'Warning', success: 'Success', error: 'Error' };

export function logMessage(id: string, log: string, level: LogLevel): StreamMessage {
  return { msg: 'log', event_id: id, log, level, title: LOG_TITLES[level], duration: 10, visible: true };
}

export function generatingMessage(id: string, output: OutputPayload): StreamMessage {
  return { msg: 'process_generating', event_id: id, output, success: true, time_limit: null };
}

export function completedMessage(id: string, output: OutputPayload): StreamMessage {
  return {
    msg: 'process_completed',
    event_id: id,
    output,
    success: true,
    title: null,
    used_cache: null,
    cache_duration: null,
    avg_time: output.average_duration,
  };
}

export function failedMessage(id: string, error: ErrorPayload): StreamMessage {
  return {
    msg: 'process_completed',
    event_id: id,
    output: error,
    success: false,
    title: error.title ?? null,
    used_cache: null,
    cache_duration: null,
    avg_time: null,
  };
}

/** Gradio's "leave this output as it is" (`gr.skip()`): an update that sets nothing. */
export const NO_CHANGE = Object.freeze({ __type__: 'update' });

/**
 * The answer to /cancel for an event still pending: completed, with every output left as it is.
 * Gradio sends `output: {}` here, on which @gradio/client throws and aborts the session's shared
 * stream, so every other job of that client is lost (doc §1.10). This deviation keeps them: the
 * client reads one data event of no-change updates (Gradio's own frontend and ours change
 * nothing, so a stopped generation keeps its partial output) and then `complete`.
 */
export function cancelledMessage(id: string, outputCount: number): StreamMessage {
  return {
    msg: 'process_completed',
    event_id: id,
    output: {
      data: Array.from({ length: outputCount }, () => NO_CHANGE),
      is_generating: false,
      duration: null,
      average_duration: null,
      render_config: null,
      changed_state_ids: [],
      used_cache: null,
    },
    success: true,
    title: null,
    used_cache: null,
    cache_duration: null,
    avg_time: null,
  };
}

/** The answer for an event the server could not finish because it is shutting down. */
export function serverStoppedMessage(id: string): StreamMessage {
  return failedMessage(id, { error: SERVER_STOPPED_MESSAGE, visible: true, title: 'Server stopped' });
}

/** What an event's client gets when it left the event's output unread past the session's limit (queue-session.ts). */
export const UNREAD_MESSAGE =
  'This call was stopped: its client did not read its results (GET /gradio_api/queue/data?session_hash=...) ' +
  'while more than 32 MB of them waited. Open the stream right after joining, and read it.';

export function unreadMessage(id: string): StreamMessage {
  return failedMessage(id, { error: UNREAD_MESSAGE, visible: true, title: 'Results not read' });
}

export function sessionNotFoundMessage(): StreamMessage {
  return { msg: 'unexpected_error', event_id: null, message: '404: Not Found', session_not_found: true, success: false };
}
