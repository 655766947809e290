/**
 * The real `@gradio/client`, typed by the little the bench uses (the idea of
 * test/server/support/gradio-client.ts, kept separate so bench/ never imports test/). Its
 * published declarations pull in DOM and Svelte types this Node-only code does not have.
 */
import * as gradio from '@gradio/client';

export interface GradioClient {
  predict(endpoint: string, data: unknown[] | Record<string, unknown>): Promise<{ data: unknown[] }>;
  close(): void;
}

interface GradioModule {
  Client: { connect(base: string, options?: { events?: string[] }): Promise<GradioClient> };
}

const typed = gradio as unknown as GradioModule;

export const connect = (base: string): Promise<GradioClient> => typed.Client.connect(base, { events: ['data', 'status'] });
