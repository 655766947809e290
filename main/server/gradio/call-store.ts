import type { SseWriter } from '../sse-writer.js';
import type { EventJob, JobSink } from './event-job.js';
import { serverStoppedMessage, type StreamMessage } from './messages.js';

/**
 * Events started by the two-step `/call` protocol (doc §1.13): POST starts one, GET streams its
 * result as named SSE events. Each event keeps its own buffer until a GET reads it to the end.
 */

/** An event nobody came to read is forgotten (and cancelled) after this long. */
const UNREAD_TTL_MS = 10 * 60 * 1000;

/** Protocol message → the /call stream's named event; other kinds are suppressed. */
export function callEvent(message: StreamMessage): { name: string; data: unknown; final: boolean } | null {
  switch (message.msg) {
    case 'process_generating':
      return { name: 'generating', data: message.output.data, final: false };
    case 'process_completed':
      if (message.success && 'data' in message.output) return { name: 'complete', data: message.output.data, final: true };
      if ('error' in message.output) return { name: 'error', data: message.output, final: true };
      // Not produced today (an unsuccessful completion always carries an error), but never silent.
      return { name: 'error', data: 'The event did not complete.', final: true };
    default:
      return null;
  }
}

export class CallRecord implements JobSink {
  private job: EventJob | null = null;
  private readonly messages: StreamMessage[] = [];
  private reader: SseWriter | null = null;
  private finished = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly apiName: string,
    private readonly forget: (record: CallRecord) => void,
    /** The share-link visitor who started it (null: a local caller): the only one who may read it. */
    readonly visitor: string | null = null,
  ) {
    this.timer = setTimeout(() => this.discard(), UNREAD_TTL_MS);
    this.timer.unref();
  }

  get id(): string | null {
    return this.job?.id ?? null;
  }

  begin(job: EventJob): void {
    this.job = job;
  }

  abandon(): void {
    this.discard();
  }

  /**
   * Until a GET reads the event, only what its stream would carry is kept, and of the generating
   * outputs only the latest: /call sends full values, so a later one holds all an earlier one did.
   * Kept whole, a chat history of 4 MB resent with each token of a reply that nobody read held
   * hundreds of MB for the 10 minutes an unread event lives.
   */
  emit(message: StreamMessage): void {
    if (this.reader) {
      this.write(this.reader, message);
      return;
    }
    if (callEvent(message) === null) return;
    const last = this.messages.length - 1;
    if (message.msg === 'process_generating' && this.messages[last]?.msg === 'process_generating') this.messages[last] = message;
    else this.messages.push(message);
  }

  /** Streams what is buffered, then live messages, to `writer`; one reader per event. */
  read(writer: SseWriter): void {
    this.reader?.end();
    this.reader = writer;
    writer.onDisconnect(() => this.discard());
    for (const message of this.messages.splice(0)) this.write(writer, message);
  }

  discard(): void {
    clearTimeout(this.timer);
    if (!this.finished) this.job?.cancel();
    this.finished = true;
    this.reader?.end();
    this.reader = null;
    this.forget(this);
  }

  /** Server shutdown: a reader still waiting gets the error event, not a stream that just ends. */
  stop(): void {
    const id = this.id;
    if (!this.finished && this.reader && id !== null) this.write(this.reader, serverStoppedMessage(id));
    this.discard();
  }

  private write(writer: SseWriter, message: StreamMessage): void {
    const event = callEvent(message);
    if (!event) return;
    writer.writeEvent(event.name, JSON.stringify(event.data));
    if (event.final) {
      this.finished = true;
      this.discard();
    }
  }
}

export class CallStore {
  private readonly records = new Map<string, CallRecord>();

  create(apiName: string, visitor: string | null = null): CallRecord {
    return new CallRecord(
      apiName,
      (record) => {
        if (record.id !== null && this.records.get(record.id) === record) this.records.delete(record.id);
      },
      visitor,
    );
  }

  /** Registers a record once its job has an id. */
  add(record: CallRecord): void {
    if (record.id !== null) this.records.set(record.id, record);
  }

  get(eventId: string): CallRecord | undefined {
    return this.records.get(eventId);
  }

  shutdown(): void {
    for (const record of [...this.records.values()]) record.stop();
  }
}
