import { describe, expect, it } from 'vitest';
import type { EventJob } from '../../main/server/gradio/event-job.js';
import {
  completedMessage,
  estimationMessage,
  logMessage,
  processStartsMessage,
  type StreamMessage,
} from '../../main/server/gradio/messages.js';
import { DEFAULT_SESSION_TIMING, QueueSession } from '../../main/server/gradio/queue-session.js';
import { StatusHold } from '../../main/server/gradio/status-hold.js';
import type { SseWriter } from '../../main/server/sse-writer.js';

/**
 * Status messages (estimation, process_starts) wait up to `statusHoldMs` to leave with the
 * session's next message (issue 17: a call that finishes within it costs the client one read,
 * not two). Order is kept, nothing is lost, and nothing waits longer than the hold.
 */

/** The part of SseWriter a session uses, recording what it writes. */
class RecordingWriter {
  readonly sent: StreamMessage[] = [];
  private readonly waiters: (() => void)[] = [];
  ended = false;

  send(message: StreamMessage): void {
    this.sent.push(message);
    for (const wake of this.waiters.splice(0)) wake();
  }
  end(): void {
    this.ended = true;
  }
  onDisconnect(): void {
    /* the recording writer never disconnects */
  }
  /** Resolves once at least `count` messages were written. */
  async written(count: number): Promise<void> {
    while (this.sent.length < count) await new Promise<void>((wake) => this.waiters.push(wake));
  }
  get kinds(): string[] {
    return this.sent.map((message) => message.msg);
  }
}

function job(id: string): EventJob {
  return { id, eventIndex: 0, outputCount: 1, sessionId: 's', finished: Promise.resolve(), cancel: () => undefined };
}

const payload = {
  data: [1],
  is_generating: false,
  duration: 0.01,
  average_duration: 0.01,
  render_config: null,
  changed_state_ids: [],
  used_cache: null,
};

function openSession(statusHoldMs: number): { session: QueueSession; writer: RecordingWriter } {
  const session = new QueueSession('h', { ...DEFAULT_SESSION_TIMING, statusHoldMs, lingerMs: 60_000 });
  const writer = new RecordingWriter();
  session.attach(writer as unknown as SseWriter);
  return { session, writer };
}

describe('status messages held for the session’s next message', () => {
  it('a call that completes within the hold: its statuses leave with its completion, in order', () => {
    const { session, writer } = openSession(60_000);
    session.begin(job('a'));
    session.emit(estimationMessage('a', 0, 0, null));
    session.emit(processStartsMessage('a', 0.005));
    expect(writer.sent).toEqual([]);
    session.emit(completedMessage('a', payload));
    expect(writer.kinds).toEqual(['estimation', 'process_starts', 'process_completed']);
  });

  it('a longer call: its statuses leave once the hold is over, without waiting for the result', async () => {
    const { session, writer } = openSession(30);
    session.begin(job('b'));
    session.emit(estimationMessage('b', 0, 0, null));
    session.emit(processStartsMessage('b', null));
    await writer.written(2);
    expect(writer.kinds).toEqual(['estimation', 'process_starts']);
    session.emit(completedMessage('b', payload));
    expect(writer.kinds).toEqual(['estimation', 'process_starts', 'process_completed']);
  });

  it('any other message (a log line) releases what is held before it', () => {
    const { session, writer } = openSession(60_000);
    session.begin(job('c'));
    session.emit(estimationMessage('c', 0, 0, null));
    session.emit(logMessage('c', 'loading', 'info'));
    expect(writer.kinds).toEqual(['estimation', 'log']);
  });

  it('a held status of an event that was abandoned meanwhile is dropped', () => {
    const { session, writer } = openSession(60_000);
    const gone = job('d');
    session.begin(gone);
    session.begin(job('e'));
    session.emit(estimationMessage('d', 0, 1, null));
    session.abandon(gone);
    session.emit(completedMessage('e', payload));
    expect(writer.sent.map((message) => [message.msg, message.event_id])).toEqual([['process_completed', 'e']]);
  });

  it('on shutdown the held statuses go out before the error completion and close_stream', () => {
    const { session, writer } = openSession(60_000);
    session.begin(job('f'));
    session.emit(estimationMessage('f', 0, 0, null));
    session.shutdown();
    expect(writer.kinds).toEqual(['estimation', 'process_completed', 'close_stream']);
    expect(writer.ended).toBe(true);
  });

  it('a held estimation replaced by a newer one of the same event is dropped; the others keep their order', () => {
    const { session, writer } = openSession(60_000);
    session.begin(job('h'));
    session.begin(job('i'));
    session.emit(estimationMessage('h', 2, 3, 0.02));
    session.emit(estimationMessage('i', 3, 4, 0.03));
    session.emit(estimationMessage('h', 1, 3, 0.01));
    session.emit(estimationMessage('h', 0, 3, null));
    session.emit(processStartsMessage('h', 0.005));
    session.emit(estimationMessage('i', 2, 3, 0.02));
    session.emit(completedMessage('h', payload));
    expect(writer.sent.map((message) => [message.msg, message.event_id, 'rank' in message ? message.rank : null])).toEqual([
      ['estimation', 'h', 0],
      ['process_starts', 'h', null],
      ['estimation', 'i', 2],
      ['process_completed', 'h', null],
    ]);
  });

  it('an estimation after its event’s process_starts does not replace the one before it', () => {
    const { session, writer } = openSession(60_000);
    session.begin(job('k'));
    session.emit(estimationMessage('k', 0, 1, null));
    session.emit(processStartsMessage('k', null));
    session.emit(estimationMessage('k', 0, 1, null));
    session.emit(completedMessage('k', payload));
    expect(writer.kinds).toEqual(['estimation', 'process_starts', 'estimation', 'process_completed']);
  });

  it('statusHoldMs 0 sends each status at once', () => {
    const { session, writer } = openSession(0);
    session.begin(job('g'));
    session.emit(estimationMessage('g', 0, 0, null));
    expect(writer.kinds).toEqual(['estimation']);
  });
});

describe('StatusHold', () => {
  it('keeps only statuses, and re-arms one timer for each held group', async () => {
    const released: string[][] = [];
    let wake: () => void = () => undefined;
    const hold = new StatusHold(20, (held) => {
      released.push(held.map((message) => message.msg));
      wake();
    });
    expect(hold.keep(completedMessage('x', payload))).toBe(false);
    expect(hold.keep(estimationMessage('x', 0, 0, null))).toBe(true);
    await new Promise<void>((resolve) => (wake = resolve));
    expect(hold.keep(processStartsMessage('x', null))).toBe(true);
    await new Promise<void>((resolve) => (wake = resolve));
    expect(released).toEqual([['estimation'], ['process_starts']]);
    hold.keep(estimationMessage('y', 0, 0, null));
    hold.drop();
    hold.flush();
    expect(released).toHaveLength(2);
  });
});
