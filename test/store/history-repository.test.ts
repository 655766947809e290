import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { HistoryRepository } from '../../main/store/history-repository.js';
import { openStore } from '../../main/store/open-store.js';
import { aRun, useDataDirs } from './support.js';

const dataDir = useDataDirs();
const PROJECT = aRun().project;

async function historyWith(runs: ReturnType<typeof aRun>[]) {
  const store = openStore({ dataDir: await dataDir(), logger: silentLogger });
  const history = new HistoryRepository(store);
  for (const run of runs) history.record(run);
  await store.writer.flush();
  return { store, history };
}

describe('HistoryRepository', () => {
  it('reads a run back as it was recorded, with its files', async () => {
    const { store, history } = await historyWith([]);
    const file = { $file: 'a'.repeat(64), name: 'cat.png', mime: 'image/png', size: 3 };
    const run = aRun({ inputs: [file, 'a cat'], outputs: [{ label: 'cat' }], visitorId: 'v1', caller: 'visitor' });
    history.record(run, [{ sha256: file.$file, size: 3 }]);
    expect(history.get(run.id)).toBeNull(); // queued, not yet written
    await store.writer.flush();
    const row = history.get(run.id);
    expect(row).toMatchObject({ ...run, files: [file.$file] });
    expect(row?.seq).toBeGreaterThan(0);
    await store.close();
  });

  it('lists newest first, filtered by session, visitor, event, outcome, caller and time', async () => {
    const runs = [
      aRun({ sessionId: 's1', queuedAt: 100 }),
      aRun({ sessionId: 's2', queuedAt: 200, outcome: 'failed', error: 'boom', outputs: null }),
      aRun({ sessionId: 's1', queuedAt: 300, eventIndex: 1, apiName: 'shout', caller: 'window' }),
      aRun({ sessionId: 's3', queuedAt: 400, visitorId: 'v9', caller: 'visitor' }),
      aRun({ project: '/other/project.json', queuedAt: 500 }),
    ];
    const { store, history } = await historyWith(runs);
    const ids = (query: Partial<Parameters<HistoryRepository['list']>[0]>): string[] =>
      history.list({ project: PROJECT, ...query }).map((row) => row.id);
    expect(ids({})).toEqual([runs[3]?.id, runs[2]?.id, runs[1]?.id, runs[0]?.id]);
    expect(ids({ sessionId: 's1' })).toEqual([runs[2]?.id, runs[0]?.id]);
    expect(ids({ visitorId: 'v9' })).toEqual([runs[3]?.id]);
    expect(ids({ event: 1 })).toEqual([runs[2]?.id]);
    expect(ids({ event: '/shout' })).toEqual([runs[2]?.id]);
    expect(ids({ outcome: 'failed' })).toEqual([runs[1]?.id]);
    expect(ids({ caller: 'window' })).toEqual([runs[2]?.id]);
    expect(ids({ since: 200, until: 400 })).toEqual([runs[2]?.id, runs[1]?.id]);
    expect(history.count({ project: PROJECT, sessionId: 's1' })).toBe(2);
    await store.close();
  });

  it('searches the text of inputs, outputs and errors, case-insensitively, taking % and _ literally', async () => {
    const runs = [
      aRun({ inputs: ['The Quick brown fox'], outputs: ['ok'] }),
      aRun({ inputs: ['lazy dog'], outputs: [{ text: 'Über 100% sure' }] }),
      aRun({ inputs: ['x'], outputs: null, outcome: 'failed', error: 'CUDA out of memory' }),
      aRun({ inputs: [{ $file: 'b'.repeat(64), name: 'holiday_photo.jpg', mime: 'image/jpeg', size: 1 }] }),
    ];
    const { store, history } = await historyWith(runs);
    const search = (text: string): string[] => history.list({ project: PROJECT, text }).map((row) => row.id);
    expect(search('quick BROWN')).toEqual([runs[0]?.id]);
    expect(search('über')).toEqual([runs[1]?.id]);
    expect(search('100%')).toEqual([runs[1]?.id]);
    expect(search('0% s')).toEqual([runs[1]?.id]);
    expect(search('_photo')).toEqual([runs[3]?.id]);
    expect(search('memory')).toEqual([runs[2]?.id]);
    expect(search('bbbb')).toEqual([]); // a file's hash is not its text
    await store.close();
  });

  it('pages with beforeId and uses its indexes', async () => {
    const runs = Array.from({ length: 25 }, () => aRun());
    const { store, history } = await historyWith(runs);
    const first = history.list({ project: PROJECT, limit: 10 });
    const second = history.list({ project: PROJECT, limit: 10, beforeId: first.at(-1)?.id ?? '' });
    const third = history.list({ project: PROJECT, limit: 10, beforeId: second.at(-1)?.id ?? '' });
    expect([...first, ...second, ...third].map((row) => row.id)).toEqual(runs.map((run) => run.id).reverse());
    const plan = store.db
      .prepare("EXPLAIN QUERY PLAN SELECT seq FROM runs WHERE project = 'p' AND session_id = 's' ORDER BY seq DESC LIMIT 10")
      .all()
      .map((row) => (row as { detail: string }).detail)
      .join(' ');
    expect(plan).toMatch(/USING (COVERING )?INDEX runs_session/);
    await store.close();
  });

  it('removes runs and their file references', async () => {
    const run = aRun();
    const { store, history } = await historyWith([]);
    history.record(run, [{ sha256: 'c'.repeat(64), size: 9 }]);
    await store.writer.flush();
    expect(history.remove([run.id, 'no-such-run'])).toBe(1);
    expect(history.get(run.id)).toBeNull();
    expect(store.db.prepare('SELECT count(*) FROM run_files').pluck().get()).toBe(0);
    await store.close();
  });
});
