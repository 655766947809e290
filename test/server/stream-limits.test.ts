/** StreamLimits without I/O: each stream is a label, and `ended` records which ones the limits closed. */
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../main/server/http-error.js';
import { StreamLimits, type StreamKind, type StreamSlot } from '../../main/server/gradio/stream-limits.js';

function setup(total = 10, perClient = 5, unknownHeartbeatsPerClient = 2, known: readonly string[] = []) {
  const knownSessions = new Set(known);
  const limits = new StreamLimits({ total, perClient, unknownHeartbeatsPerClient }, (hash) => knownSessions.has(hash));
  const ended: string[] = [];
  const open = (label: string, kind: StreamKind, client: string, session: string | null = null): StreamSlot =>
    limits.admit({ kind, client, session }, () => ended.push(label));
  const refusal = (run: () => unknown): { status: number; message: string } => {
    try {
      run();
    } catch (error) {
      if (error instanceof HttpError) return { status: error.status, message: error.message };
      throw error;
    }
    throw new Error('admitted, expected a refusal');
  };
  return { limits, ended, open, refusal, knownSessions };
}

describe('StreamLimits', () => {
  it('bounds one client address (429) and the server (503), and gives places back on release', () => {
    const { limits, open, refusal } = setup(6, 4);
    const mine = Array.from({ length: 4 }, (_, i) => open(`a${i}`, 'events', '10.0.0.1'));
    expect(refusal(() => open('a4', 'events', '10.0.0.1'))).toEqual({
      status: 429,
      message: expect.stringMatching(/^Too many open streams from 10\.0\.0\.1 \(limit 4 per client address\)/) as unknown,
    });
    open('b0', 'events', '10.0.0.2');
    open('b1', 'events', '10.0.0.2');
    expect(refusal(() => open('c0', 'events', '10.0.0.3'))).toEqual({
      status: 503,
      message: 'Too many open streams on this server (limit 6). Try again shortly.',
    });
    mine[0]?.release();
    mine[0]?.release();
    expect(limits.size).toBe(5);
    open('c0', 'events', '10.0.0.3');
    expect(limits.size).toBe(6);
  });

  it('admits few heartbeats of sessions that have not called yet, and any number of known ones', () => {
    const { open, refusal, knownSessions } = setup(100, 50, 2, ['k1', 'k2', 'k3']);
    open('u1', 'heartbeat', 'me', 'u1');
    open('u2', 'heartbeat', 'me', 'u2');
    const refused = refusal(() => open('u3', 'heartbeat', 'me', 'u3'));
    expect(refused.status).toBe(429);
    expect(refused.message).toMatch(/^Session u3 has not called this app yet, and me already holds 2 heartbeats of such sessions/);
    expect(refused.message).toMatch(/POST \/gradio_api\/queue\/join/);
    // Another address has its own allowance; known sessions need none.
    open('u3', 'heartbeat', 'other', 'u3');
    for (const hash of ['k1', 'k2', 'k3']) open(hash, 'heartbeat', 'me', hash);
    // A session that calls after opening its heartbeat stops counting as unknown.
    knownSessions.add('u1');
    open('u4', 'heartbeat', 'me', 'u4');
  });

  it("ends a session's older heartbeat when it opens a new one (a reconnect is never refused)", () => {
    const { limits, ended, open } = setup(100, 50, 1);
    open('first', 'heartbeat', 'me', 's');
    open('second', 'heartbeat', 'me', 's');
    open('third', 'heartbeat', 'elsewhere', 's');
    expect(ended).toEqual(['first', 'second']);
    expect(limits.size).toBe(1);
  });

  it('ends the oldest heartbeat to make room for a result stream, per client and on the server', () => {
    const { limits, ended, open, refusal } = setup(4, 3, 0, ['h1', 'h2', 'h3', 'h4']);
    open('h1', 'heartbeat', 'me', 'h1');
    open('e1', 'events', 'me');
    open('h2', 'heartbeat', 'me', 'h2');
    open('e2', 'events', 'me');
    expect(ended).toEqual(['h1']);
    open('e3', 'events', 'me');
    expect(ended).toEqual(['h1', 'h2']);
    // Only result streams left for this client: no heartbeat to end, so the next one is refused.
    expect(refusal(() => open('e4', 'events', 'me')).status).toBe(429);
    expect(refusal(() => open('h5', 'heartbeat', 'me', 'h4')).status).toBe(429);
    // The server is full with a heartbeat of another client: it yields to a result stream too.
    open('h4', 'heartbeat', 'you', 'h4');
    expect(refusal(() => open('h6', 'heartbeat', 'third', 'h1')).status).toBe(503);
    open('e5', 'events', 'third');
    expect(ended).toEqual(['h1', 'h2', 'h4']);
    expect(limits.size).toBe(4);
  });

  it('ends every stream on shutdown', () => {
    const { limits, ended, open } = setup(10, 10, 1, ['k']);
    open('a', 'events', 'x');
    open('b', 'heartbeat', 'y', 'k');
    limits.endAll();
    expect(ended).toEqual(['a', 'b']);
    expect(limits.size).toBe(0);
  });
});
