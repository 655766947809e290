/** Session state across calls, and close(): streams end, jobs are cancelled, nothing stays open. */
import { describe, expect, it } from 'vitest';
import type { ProjectInput } from '../../preload/shared/project/schema.js';
import { startDemo } from './support/demo-app.js';
import { SERVER_STOPPED_MESSAGE } from '../../preload/shared/server-stopped.js';
import { readSse, sseData } from './support/raw-http.js';

const STATE_APP: Omit<ProjectInput, 'version' | 'name'> = {
  functions: { tally: { kind: 'js', module: './fns.js', export: 'tally' }, slow: { kind: 'js', module: './fns.js', export: 'slow' } },
  ui: {
    type: 'blocks',
    children: [
      { type: 'state', id: 'count', value: 0 },
      { type: 'textbox', id: 'word' },
      { type: 'textbox', id: 'out' },
      { type: 'number', id: 'ms' },
    ],
    events: [
      { trigger: 'word.submit', fn: 'tally', inputs: ['count', 'word'], outputs: ['count', 'out'] },
      { trigger: 'word.submit', fn: 'slow', inputs: ['ms'], outputs: ['out'] },
    ],
  },
};

const post = (url: string, body: unknown): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('session state', () => {
  it('keeps State per session, hides it from /info and asks for the heartbeat', async () => {
    const demo = await startDemo(STATE_APP);
    try {
      const config = (await (await fetch(`${demo.base}config`)).json()) as { connect_heartbeat: boolean };
      expect(config.connect_heartbeat).toBe(true);
      const info = (await (await fetch(`${demo.base}gradio_api/info`)).json()) as {
        named_endpoints: Record<string, { parameters: { parameter_name: string }[] }>;
      };
      expect(info.named_endpoints['/tally']?.parameters.map((p) => p.parameter_name)).toEqual(['word']);
      const run = async (session: string): Promise<unknown[]> => {
        const response = await post(`${demo.base}gradio_api/run/tally`, { data: [null, 'n'], session_hash: session });
        return ((await response.json()) as { data: unknown[] }).data;
      };
      expect(await run('one')).toEqual([1, 'n 1']);
      expect(await run('one')).toEqual([2, 'n 2']);
      expect(await run('two')).toEqual([1, 'n 1']);
      // /call may leave the State input out.
      const { event_id } = (await (await post(`${demo.base}gradio_api/call/tally`, { data: ['c'], session_hash: 'one' })).json()) as {
        event_id: string;
      };
      expect(await readSse(await fetch(`${demo.base}gradio_api/call/tally/${event_id}`))).toContain('data: [3,"c 3"]');
    } finally {
      await demo.close();
    }
  });
});

describe('close()', () => {
  it('ends open streams, cancels running jobs and refuses new connections', async () => {
    const demo = await startDemo(STATE_APP);
    let closed = false;
    try {
      const api = `${demo.base}gradio_api`;
      expect((await post(`${api}/queue/join`, { data: [60_000], fn_index: 1, session_hash: 'stay' })).status).toBe(200);
      await expect.poll(() => demo.engine.queueStatus().running).toBe(1);
      // Headers arrive when a stream opens, so both are connected before close().
      const stream = readSse(await fetch(`${api}/queue/data?session_hash=stay`));
      const heartbeat = readSse(await fetch(`${api}/heartbeat/stay`));
      const started = Date.now();
      await demo.server.close();
      closed = true;
      expect(Date.now() - started).toBeLessThan(15_000); // far below the 60 s job it cancels
      // The running event is answered (it failed because the server stopped), then close_stream:
      // without it @gradio/client would wait on this stream forever (issue 12, item 8).
      const messages = sseData(await stream) as { msg: string; success?: boolean; output?: { error?: string } }[];
      expect(messages.map((m) => m.msg).filter((m) => m !== 'heartbeat')).toEqual([
        'estimation',
        'process_starts',
        'process_completed',
        'close_stream',
      ]);
      expect(messages.find((m) => m.msg === 'process_completed')).toMatchObject({
        success: false,
        output: { error: SERVER_STOPPED_MESSAGE },
      });
      expect(await heartbeat).toContain('ALIVE');
      expect(demo.engine.queueStatus()).toEqual({ queued: 0, running: 0 });
      await expect(fetch(`${demo.base}config`)).rejects.toThrow();
      // close() is idempotent.
      await demo.server.close();
    } finally {
      await (closed ? demo.engine.dispose() : demo.close());
    }
  });
});
