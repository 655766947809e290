import { isNoChange } from './dependencies.js';
import type { JobEvent, ProgressItem } from './job-state.js';

/**
 * Maps the Gradio client's `status` events (doc §1.7, §3) to job events. Only this module and
 * gradio-endpoint.ts know the client's snake_case shapes.
 */

/** The fields of @gradio/client's Status that the runner reads. */
export interface GradioStatus {
  readonly stage: 'pending' | 'error' | 'complete' | 'generating' | 'streaming';
  readonly queue?: boolean;
  readonly position?: number;
  readonly size?: number;
  readonly eta?: number;
  readonly title?: string;
  readonly message?: unknown;
  readonly original_msg?: string;
  readonly progress_data?: readonly Partial<ProgressItem>[];
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A readable message from what the client puts in `message`: a string or validation errors. */
export function errorMessage(message: unknown): string {
  if (typeof message === 'string' && message.trim() !== '') return message;
  if (Array.isArray(message)) {
    const parts = message
      .map((item: unknown) => {
        if (typeof item === 'string') return item;
        if (typeof item === 'object' && item !== null) {
          const { message: text, parameter_name: name } = item as { message?: unknown; parameter_name?: unknown };
          if (typeof text === 'string') return typeof name === 'string' && name !== '' ? `${name}: ${text}` : text;
        }
        return null;
      })
      .filter((part): part is string => part !== null && part !== '');
    if (parts.length > 0) return parts.join('\n');
  }
  return 'The function failed without an error message.';
}

export function progressItems(data: readonly Partial<ProgressItem>[]): ProgressItem[] {
  return data.map((p) => ({
    progress: numberOrNull(p.progress),
    index: numberOrNull(p.index),
    length: numberOrNull(p.length),
    unit: stringOrNull(p.unit),
    desc: stringOrNull(p.desc),
  }));
}

/** The job event for a status, or null for statuses that change nothing we show. */
export function statusToJobEvent(status: GradioStatus, at: number): JobEvent | null {
  switch (status.stage) {
    case 'pending':
      if (status.progress_data && status.progress_data.length > 0) {
        return { type: 'progress', at, progress: progressItems(status.progress_data) };
      }
      if (status.original_msg === 'process_starts') return { type: 'started', at, eta: numberOrNull(status.eta) };
      if (typeof status.position === 'number') {
        return { type: 'queued', at, position: status.position, size: numberOrNull(status.size), eta: numberOrNull(status.eta) };
      }
      // The client's own first "pending" (before the server answered): nothing new.
      return null;
    case 'generating':
    case 'streaming':
      return { type: 'generating', at };
    case 'complete':
      return { type: 'completed', at };
    case 'error':
      return { type: 'failed', message: errorMessage(status.message), title: stringOrNull(status.title) };
  }
}

/**
 * The server's answer to a cancel (main/server/gradio/messages.ts, cancelledMessage): one
 * `{__type__: "update"}` that sets nothing per output. A real result is never only that.
 */
export function isCancelAnswer(data: readonly unknown[]): boolean {
  return data.length > 0 && data.every(isNoChange);
}
