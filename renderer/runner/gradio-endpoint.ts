import { Client } from '@gradio/client';
import type { SelectData } from '../components/blocks/shared/select-data.js';
import type { Dependency } from './config.js';
import type { EndpointRunner, RunHandle, RunHandlers } from './controller.js';
import { toWireEventData } from './event-data.js';
import { isCancelAnswer, statusToJobEvent } from './gradio-status.js';

/**
 * Runs dependencies through the official @gradio/client, the same door every other caller uses.
 * One Client per page (one session, one shared event stream). This is the only module that
 * imports the client.
 */

export type ConnectFn = (baseUrl: string) => Promise<Client>;

/**
 * The page labels its requests so the server's history tells its runs from other API clients'
 * (CLIENT_KIND_HEADER in main/server/gradio/context.ts): a label, not a credential.
 */
const PAGE_HEADERS = { 'x-demo-desktop-client': 'page' };

const connectClient: ConnectFn = (baseUrl) => Client.connect(baseUrl, { events: ['data', 'status'], headers: PAGE_HEADERS });

/** EventSource.CLOSED, the state the client's stream object ends in (`EventSource` is not in every runtime). */
const CLOSED = 2;

/** What a run reports when the client's stream is gone; "Connection errored out" makes the page reconnect. */
export const STREAM_LOST_MESSAGE = 'Connection errored out. The connection to the server was lost; reconnecting.';

/**
 * Whether the client's event stream died under it. @gradio/client 2.7 marks its stream closed only
 * when it reads `close_stream`; when the connection drops instead (the server was killed, the
 * network went), `stream_status.open` stays true, no later call opens a new stream, and each
 * waits forever, even once the server is back (issue 12, item 8; docs/api.md). Its stream object
 * does know that it closed.
 */
export function streamLost(client: Pick<Client, 'stream_status' | 'stream_instance'>): boolean {
  return client.stream_status.open && client.stream_instance?.readyState === CLOSED;
}

export class GradioEndpoint implements EndpointRunner {
  private client: Promise<Client> | null = null;
  private session: string | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly connect: ConnectFn = connectClient,
  ) {}

  /** Connects now (the page calls it at start so the first click is fast); retried after a failure. */
  ready(): Promise<Client> {
    if (!this.client) {
      const attempt = this.connect(this.baseUrl);
      this.client = attempt;
      attempt.then(
        (client) => {
          if (this.client === attempt) this.session = client.session_hash;
        },
        () => {
          if (this.client === attempt) this.client = null;
        },
      );
    }
    return this.client;
  }

  sessionHash(): string | undefined {
    return this.session;
  }

  /** Closes the client's event stream (the page replaces this endpoint after a reconnect). */
  close(): void {
    const client = this.client;
    this.client = null;
    this.session = undefined;
    client?.then(
      (c) => c.close(),
      () => undefined,
    );
  }

  run(dep: Dependency, data: readonly unknown[], handlers: RunHandlers, eventData?: SelectData): RunHandle {
    const cancelled = new AbortController();
    // A function, so the check after an await is not narrowed away by the one before it.
    const cancelRequested = (): boolean => cancelled.signal.aborted;
    let job: ReturnType<Client['submit']> | null = null;
    const done = (async (): Promise<void> => {
      const client = await this.ready();
      if (cancelled.signal.aborted) return;
      // The page then reconnects: a fresh client, and the config of the server that is back.
      if (streamLost(client)) throw new Error(STREAM_LOST_MESSAGE);
      job = client.submit(`/${dep.apiName}`, [...data], eventData ? toWireEventData(eventData) : null);
      // After our cancel the server completes the event with "no change" for every output: the page
      // keeps what the run showed, and the run ends cancelled, not completed.
      let cancelAnswered = false;
      for await (const message of job) {
        if (message.type === 'data') {
          if (cancelRequested() && isCancelAnswer(message.data)) cancelAnswered = true;
          else handlers.onData(message.data);
        } else if (message.type === 'status') {
          const event =
            cancelAnswered && message.stage === 'complete' ? { type: 'cancelled' as const } : statusToJobEvent(message, Date.now());
          if (event) handlers.onStatus(event);
        }
      }
    })();
    return {
      done,
      cancel: async () => {
        cancelled.abort();
        if (job) await job.cancel();
      },
    };
  }
}
