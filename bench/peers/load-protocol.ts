import type { LoadOptions, Sample } from '../load.js';

/**
 * What the harness (run.ts) and a client process (load-process.ts) say over the IPC channel. One
 * client process per cell: its CPU is that client's alone.
 */

/**
 * How a cell's callers talk to its server: `plain`, the bench's keep-alive Gradio-protocol client
 * (ours and Gradio); `official`, the real @gradio/client (ours and Gradio); `post`, a keep-alive
 * JSON POST (Ray Serve's route).
 */
export type ClientKind = 'plain' | 'official' | 'post';

export type LoadRequest =
  | { readonly type: 'open'; readonly kind: ClientKind; readonly url: string; readonly width: number; readonly clients: number }
  /** One call with `row`; the reply carries the output values. */
  | { readonly type: 'check'; readonly endpoint: string; readonly row: readonly number[] }
  | { readonly type: 'run'; readonly id: number; readonly endpoint: string; readonly clients: number; readonly load: LoadOptions }
  | { readonly type: 'close' };

export type LoadReply =
  | { readonly type: 'opened'; readonly pid: number }
  | { readonly type: 'checked'; readonly values: readonly number[] }
  /** `completed`: every call that answered during the run, warm-up and stragglers included (what the CPU was spent on). */
  | { readonly type: 'sample'; readonly id: number; readonly sample: Sample; readonly completed: number }
  | { readonly type: 'failed'; readonly message: string };
