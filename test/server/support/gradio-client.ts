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

export const connect = (base: string, options?: ConnectOptions): Promise<GradioClient> => typed.Client.connect(base, options);
export const handleFile = (path: string): unknown => typed.handle_file(path);
