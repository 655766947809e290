/**
 * Flags (issue 16, item 3): stored with their run in a real SQLite file (migration 002), listed by
 * the "flagged" filter, deleted with their run, and exported as CSV, JSONL and a Hugging Face
 * `datasets` folder, each read back by an independent reader (Python's csv and json modules; the
 * `datasets` package itself cannot be installed here: there is no PyPI).
 */
import { execFileSync } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { flagExportRow } from '../../main/store/flag-export.js';
import { FlagRepository } from '../../main/store/flag-repository.js';
import { flagsCsv, flagsJsonl, writeFlagsFolder } from '../../main/store/flag-writers.js';
import { HistoryRepository } from '../../main/store/history-repository.js';
import { openStore } from '../../main/store/open-store.js';
import { loadProject } from '../../main/project/load.js';
import { normalize } from '../../preload/shared/project/normalize.js';
import type { HistoryQuery, RunRecord } from '../../main/store/history-types.js';
import { aRun, useDataDirs } from './support.js';

const dataDir = useDataDirs();

function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}
const PROJECT = aRun().project;

/** Python's csv reader: the CSV as rows of fields. */
function pythonCsv(file: string): string[][] {
  const script = 'import csv, json, sys\nprint(json.dumps(list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as string[][];
}

/** Python's json module, line by line. */
function pythonJsonl(file: string): Record<string, unknown>[] {
  const script = 'import json, sys\nprint(json.dumps([json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as Record<string, unknown>[];
}

async function storeWithRuns() {
  const dir = await dataDir();
  const store = openStore({ dataDir: dir, logger: silentLogger });
  const history = new HistoryRepository(store);
  const flags = new FlagRepository(store.db);
  const picture = await store.files.putBytes(new TextEncoder().encode('not really a png'));
  const file = { $file: picture.sha256, name: 'cat "1".png', mime: 'image/png', size: picture.size };
  const tricky = 'line one\nline "two", with a comma\r\nand Ünïcödé';
  const runs: [RunRecord, RunRecord, RunRecord] = [
    aRun({ inputs: [tricky, file], outputs: ['plain'] }),
    aRun({ inputs: ['second'], outputs: [[file, file]], sessionId: 'session-b' }),
    aRun({ inputs: ['unflagged'], outputs: ['x'] }),
  ];
  history.record(runs[0], [picture]);
  history.record(runs[1], [picture]);
  history.record(runs[2]);
  await store.writer.flush();
  return { dir, store, history, flags, runs, file, tricky };
}

const flagOf = (runId: string, reason: string | null, note: string | null = null) => ({
  runId,
  reason,
  note,
  sessionId: 'session-a',
  visitorId: null,
  caller: 'page' as const,
  createdAt: Date.UTC(2026, 11, 6, 12, 0, 0),
});

describe('flags', () => {
  it('are stored with their run, listed by the flagged filter and deleted with the run', async () => {
    const { store, history, flags, runs } = await storeWithRuns();
    expect(flags.add(flagOf('no-such-run', 'wrong'))).toBeNull();
    const first = flags.add(flagOf(runs[0].id, 'wrong', 'the cat is a dog'));
    flags.add(flagOf(runs[1].id, null));
    expect(first?.id).toBeGreaterThan(0);
    const flagged = (query: Omit<HistoryQuery, 'flagged'>): string[] => history.list({ ...query, flagged: true }).map((run) => run.id);
    expect(flagged({ project: PROJECT })).toEqual([runs[1].id, runs[0].id]);
    expect(flagged({ project: PROJECT, sessionId: 'session-a' })).toEqual([runs[0].id]);
    expect(flagged({ project: PROJECT, text: 'LINE "TWO"' })).toEqual([runs[0].id]);
    expect(flagged({ project: '/another/project.json' })).toEqual([]);
    expect(history.count({ project: PROJECT, flagged: true })).toBe(2);
    // flagged: false is no filter (every run), as absent is.
    expect(history.list({ project: PROJECT, flagged: false })).toHaveLength(runs.length);
    expect(
      flags
        .forRuns([runs[0].id])
        .get(runs[0].id)
        ?.map((f) => f.note),
    ).toEqual(['the cat is a dog']);
    history.remove([runs[0].id]);
    expect(flags.allFlags(PROJECT).map((f) => f.runId)).toEqual([runs[1].id]);
    await store.close();
  });

  it('export as CSV that a CSV reader reads back, quotes and line breaks in values included', async () => {
    const { dir, store, history, flags, runs, tricky } = await storeWithRuns();
    flags.add(flagOf(runs[0].id, 'wrong, "very"', 'note\non two lines'));
    flags.add(flagOf(runs[1].id, null));
    const rows = flags.allFlags(PROJECT).map((flag) => flagExportRow(flag, must(history.get(flag.runId)), null));
    const file = path.join(dir, 'flags.csv');
    await writeFile(file, flagsCsv(rows));
    const [header, ...lines] = pythonCsv(file);
    expect(lines).toHaveLength(2);
    const record = (line: string[]) => Object.fromEntries(must(header).map((name, i) => [name, line[i]]));
    expect(record(must(lines[0]))).toMatchObject({
      input_0: tricky,
      input_1: 'cat "1".png',
      output_0: 'plain',
      flag: 'wrong, "very"',
      note: 'note\non two lines',
      run_id: runs[0].id,
      outcome: 'completed',
      flagged_at: '2026-12-06T12:00:00.000Z',
    });
    expect(record(must(lines[1]))).toMatchObject({ input_0: 'second', output_0: '["cat \\"1\\".png","cat \\"1\\".png"]', flag: '' });
    await store.close();
  });

  it('export as JSONL with each file named by content hash', async () => {
    const { dir, store, history, flags, runs, file, tricky } = await storeWithRuns();
    flags.add(flagOf(runs[0].id, 'wrong'));
    const rows = flags.allFlags(PROJECT).map((flag) => flagExportRow(flag, must(history.get(flag.runId)), null));
    const target = path.join(dir, 'flags.jsonl');
    await writeFile(target, flagsJsonl(rows));
    const [record] = pythonJsonl(target);
    expect(record).toMatchObject({
      input_0: tricky,
      input_1: { file: file.name, sha256: file.$file, mime: 'image/png', size: file.size },
      flag: 'wrong',
      run_id: runs[0].id,
    });
    await store.close();
  });

  it('export as a datasets folder: data.jsonl, the files at the relative paths it names, a dataset card', async () => {
    const { dir, store, history, flags, runs, file } = await storeWithRuns();
    flags.add(flagOf(runs[0].id, 'wrong'));
    flags.add(flagOf(runs[1].id, 'good'));
    const rows = flags.allFlags(PROJECT).map((flag) => flagExportRow(flag, must(history.get(flag.runId)), null));
    const target = path.join(dir, 'export');
    const written = await writeFlagsFolder(target, rows, (sha) => store.files.path(sha), 'echo');
    expect(written.files).toBe(1); // one content, one name: copied once
    expect((await readdir(target)).sort()).toEqual(['README.md', 'data.jsonl', 'files']);
    const records = pythonJsonl(path.join(target, 'data.jsonl'));
    expect(records.map((r) => r.flag)).toEqual(['wrong', 'good']);
    const relative = must(records[0]).input_1 as string;
    expect(relative).toBe(`files/${file.$file}/cat _1_.png`);
    expect((must(records[1]).output_0 as string[])[0]).toBe(relative);
    expect(await readFile(path.join(target, relative), 'utf8')).toBe('not really a png');
    const card = await readFile(path.join(target, 'README.md'), 'utf8');
    expect(card).toMatch(/^---\nconfigs:\n {2}- config_name: default\n {4}data_files: data\.jsonl\n/);
    expect(card).toContain('`input_1`');
    await store.close();
  });

  it('name the columns after the event components when the project is known', async () => {
    const { dir, store, history, flags, runs } = await storeWithRuns();
    await writeFile(path.join(dir, 'fns.js'), 'export const echo = ([text]) => text;');
    await writeFile(
      path.join(dir, 'project.json'),
      JSON.stringify({
        version: 1,
        name: 'cols',
        functions: { echo: { kind: 'js', module: './fns.js', export: 'echo' } },
        ui: {
          type: 'interface',
          fn: 'echo',
          inputs: [
            { type: 'textbox', id: 'prompt' },
            { type: 'image', id: 'photo' },
          ],
          outputs: [{ type: 'textbox', id: 'answer' }],
        },
      }),
    );
    const app = normalize((await loadProject(path.join(dir, 'project.json'))).project);
    flags.add(flagOf(runs[0].id, 'wrong'));
    const [row] = flags.allFlags(PROJECT).map((flag) => flagExportRow(flag, must(history.get(flag.runId)), app));
    expect(Object.keys(must(row).values).slice(0, 4)).toEqual(['prompt', 'photo', 'answer', 'flag']);
    await store.close();
  });
});
