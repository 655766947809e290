/**
 * The real `@gradio/client`, typed by the little the tests use. Its published declarations pull in
 * DOM and Svelte types that this Node-only tsconfig does not have, so type-aware lint sees the
 * class as unresolved; one cast here keeps every test fully typed.
 */
import * as gradio from '@gradio/client';

export interface SubmitJob extends AsyncIterable<unknown> {
  cancel(): Promise<void>;
}

export interface GradioClient {
  predict(endpoint: string, data: unknown[] | Record<string, unknown>): Promise<{ data: unknown[] }>;
  /** `eventData` becomes the join's event_data (what a `select` chose); predict has no such argument at run time. */
  submit(endpoint: string, data: unknown[] | Record<string, unknown>, eventData?: unknown): SubmitJob;
  close(): void;
}

/** `headers` go with every request the client makes (a share link's `Authorization: Bearer <key>`). */
export interface ConnectOptions {
  events?: string[];
  headers?: Record<string, string>;
  /** Sent as `Authorization: Bearer <token>` (Hugging Face's token option; a share link's key works too). */
  token?: string;
}

interface GradioModule {
  Client: { connect(base: string, options?: ConnectOptions): Promise<GradioClient> };
  handle_file(path: string): unknown;
}

const typed = gradio as unknown as GradioModule;

/**
 * Node's fetch loses an abort once the `Request` that followed the caller's signal is garbage
 * collected (nodejs/node#55428, nodejs/undici#3644). @gradio/client's SSE stream keeps only the
 * request's signal, so on a busy heap `client.close()` aborted nothing and the socket stayed open:
 * the server never saw the client go away. Pinning each Request to the signal it follows keeps the
 * abort path alive for as long as that signal lives, as browsers do.
 */
class SignalPinnedRequest extends Request {
  constructor(input: ConstructorParameters<typeof Request>[0], init?: RequestInit) {
    super(input, init);
    const followed = init?.signal;
    if (followed && !followed.aborted) followed.addEventListener('abort', () => this.signal.aborted, { once: true });
  }
}
globalThis.Request = SignalPinnedRequest;

export const connect = (base: string, options?: ConnectOptions): Promise<GradioClient> => typed.Client.connect(base, options);
export const handleFile = (path: string): unknown => typed.handle_file(path);
