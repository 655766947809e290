/**
 * One client must not block everyone (issue 12, item 2). Before the stream limits, 1,000 idle
 * heartbeat streams from one machine (no session needed) took the server's whole stream budget and
 * every later call failed. Here the floods come from this machine, as does the real
 * @gradio/client that must still get its answer: loopback callers share one address.
 */
import { request, type ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fnIndex, startDemo, type Demo } from './support/demo-app.js';
import { connect } from './support/gradio-client.js';

/** The defaults of startServer, which these tests exercise. */
const PER_CLIENT = 200;
const UNKNOWN_HEARTBEATS = 32;

let demo: Demo;

beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => demo.close());

interface HeldStream {
  readonly req: ClientRequest;
  /** The status, once the headers are in. */
  readonly status: Promise<number>;
  /** Settles when the server ends the response (true) or the socket goes (false). */
  readonly ended: Promise<boolean>;
}

/** A GET whose response the test never reads to the end; the socket stays open until destroyed. */
function hold(path: string): HeldStream {
  const req = request({ host: '127.0.0.1', port: demo.server.port, path, agent: false });
  let onEnd: (byServer: boolean) => void = () => undefined;
  const ended = new Promise<boolean>((resolve) => (onEnd = resolve));
  const status = new Promise<number>((resolve, reject) => {
    req.once('response', (res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      res.once('end', () => onEnd(true));
      res.once('close', () => onEnd(false));
    });
    req.once('error', reject);
  });
  // Destroying the socket at the end of a test makes these fail; that is expected.
  status.catch(() => undefined);
  req.end();
  return { req, status, ended };
}

async function predictGreeting(name: string): Promise<unknown> {
  const client = await connect(demo.base);
  try {
    return (await client.predict('/greet', [name])).data;
  } finally {
    client.close();
  }
}

const count = (statuses: readonly number[], status: number): number => statuses.filter((s) => s === status).length;

describe('a flood of idle streams from this machine', () => {
  it('1,050 heartbeats of made-up sessions: a few are held, the rest refused, and a predict still completes', async () => {
    const flood = Array.from({ length: 1_050 }, (_, i) => hold(`/gradio_api/heartbeat/flood${i}`));
    try {
      const statuses = await Promise.all(flood.map((stream) => stream.status));
      expect(await predictGreeting('during the flood')).toEqual(['Hello during the flood!']);
      expect(count(statuses, 200)).toBe(UNKNOWN_HEARTBEATS);
      expect(count(statuses, 429)).toBe(1_050 - UNKNOWN_HEARTBEATS);
    } finally {
      for (const stream of flood) stream.req.destroy();
    }
  });

  it(`heartbeats of ${PER_CLIENT + 20} real sessions: ${PER_CLIENT} held, and a predict's stream takes the oldest one's place`, async () => {
    const sessions = Array.from({ length: PER_CLIENT + 20 }, (_, i) => `real${i}`);
    // Each session calls once, so the server knows it.
    await Promise.all(
      sessions.map(async (session_hash) => {
        const body = JSON.stringify({ data: ['x'], fn_index: fnIndex(demo.engine, 'greet'), session_hash });
        const joined = await fetch(`${demo.base}gradio_api/queue/join`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
        });
        expect(joined.status).toBe(200);
      }),
    );
    const held: HeldStream[] = [];
    try {
      // One at a time, so "oldest" is well defined.
      for (const session of sessions) {
        const stream = hold(`/gradio_api/heartbeat/${session}`);
        held.push(stream);
        await stream.status;
      }
      const statuses = await Promise.all(held.map((stream) => stream.status));
      expect(count(statuses, 200)).toBe(PER_CLIENT);
      expect(count(statuses, 429)).toBe(20);
      expect(await predictGreeting('next to them')).toEqual(['Hello next to them!']);
      // The predict's /queue/data stream ended the oldest heartbeat to take its place.
      expect(await held[0]?.ended).toBe(true);
    } finally {
      for (const stream of held) stream.req.destroy();
    }
  });

  it("keeps one heartbeat per session: a session's new heartbeat ends its older one", async () => {
    const session = 'reconnecting';
    const first = hold(`/gradio_api/heartbeat/${session}`);
    expect(await first.status).toBe(200);
    const second = hold(`/gradio_api/heartbeat/${session}`);
    try {
      expect(await second.status).toBe(200);
      expect(await first.ended).toBe(true);
    } finally {
      first.req.destroy();
      second.req.destroy();
    }
  });
});
