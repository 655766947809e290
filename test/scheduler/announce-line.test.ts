import { describe, expect, it } from 'vitest';
import type { QueuePosition } from '../../main/engine/types.js';
import { announceLine } from '../../main/scheduler/announce-line.js';
import { ConcurrencyGroup } from '../../main/scheduler/concurrency-group.js';
import { rankEtas } from '../../main/scheduler/eta.js';
import type { Group, Job, Run } from '../../main/scheduler/line-types.js';
import { RunStats } from '../../main/scheduler/run-stats.js';
import type { JobEventSink, LineJob } from '../../main/scheduler/scheduler-types.js';

function job(group: Group, id: string, event: string, batch: number | null, sessionId = id): Job {
  const data = { id, event, batch: batch === null ? null : { key: event, maxSize: batch } } as unknown as LineJob;
  return { data, group, sessionId, priority: 'normal', state: 'queued', run: undefined, announced: undefined };
}

function recorder(): { sink: JobEventSink; heard: [string, QueuePosition][] } {
  const heard: [string, QueuePosition][] = [];
  return { heard, sink: { event: () => undefined, position: (id, position) => void heard.push([id, position]) } };
}

describe('announceLine', () => {
  const stats = new RunStats();
  stats.record('b', 40);
  stats.record('u', 100);

  it('tells a joiner of a batched line, behind a full group, the ETA of the whole formula, and nobody else', () => {
    const group: Group = new ConcurrencyGroup<Job, Run>('g', 1);
    group.running.add({ startedAt: 0, statsKey: 'u' } as Run);
    const line = [job(group, 'a', 'b', 3), job(group, 'b', 'b', 3), job(group, 'c', 'b', 3), job(group, 'd', 'u', null)];
    const { sink, heard } = recorder();
    for (const member of line.slice(0, 3)) group.waiting.push(member);
    announceLine(sink, stats, 30, group, false);
    heard.length = 0;
    group.waiting.push(line[3] as Job);
    expect(announceLine(sink, stats, 30, group, false)).toBe(4);
    const etas = rankEtas({
      now: 30,
      limit: 1,
      running: [{ startedAt: 0, meanMs: 100 }],
      waitingMeans: [40, 40, 40, 100],
      batchSizes: [3, 3, 3, 1],
    });
    expect(heard).toEqual([['d', { rank: 3, queueSize: 4, etaMs: etas[3] }]]);
    expect(etas[3]).toBe(70 + 40 + 100);
  });

  it('re-tells every job whose place changed when the line moved, after the walk (a sink may change the line)', () => {
    const group: Group = new ConcurrencyGroup<Job, Run>('g', 2);
    const line = [job(group, 'a', 'u', null), job(group, 'b', 'u', null), job(group, 'c', 'u', null)];
    for (const member of line) group.waiting.push(member);
    const first = recorder();
    announceLine(first.sink, stats, 0, group, false);
    expect(first.heard.map(([id, position]) => [id, position.rank, position.etaMs])).toEqual([
      ['a', 0, 100],
      ['b', 1, 150],
      ['c', 2, 200],
    ]);
    group.waiting.serve(line[0] as Job);
    const heard: string[] = [];
    const sink: JobEventSink = {
      event: () => undefined,
      position: (id) => {
        heard.push(id);
        if (id === 'b') group.waiting.remove(line[2] as Job); // leaves while the line is being told
      },
    };
    expect(announceLine(sink, stats, 0, group, true)).toBe(2);
    expect(heard).toEqual(['b', 'c']);
  });
});
