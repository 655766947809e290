/**
 * `demo-desktop flags export` (issue 16, item 3) as a user runs it: the real CLI in a child
 * process, over a data folder whose database holds runs and flags of the project. Each export is
 * read back by Python (csv, json); `datasets` itself cannot be installed here (no PyPI).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { FlagRepository } from '../../main/store/flag-repository.js';
import { HistoryRepository } from '../../main/store/history-repository.js';
import { openStore } from '../../main/store/open-store.js';
import { runCli } from './run-cli.js';

let dir: string;
let projectFile: string;
let dataDir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'flags-cli-'));
  projectFile = path.join(dir, 'project.json');
  await writeFile(path.join(dir, 'fns.js'), 'export const caption = ([image, hint]) => hint;');
  await writeFile(
    projectFile,
    JSON.stringify({
      version: 1,
      name: 'captioner',
      functions: { caption: { kind: 'js', module: './fns.js', export: 'caption' } },
      ui: {
        type: 'interface',
        fn: 'caption',
        inputs: [
          { type: 'image', id: 'photo' },
          { type: 'textbox', id: 'hint' },
        ],
        outputs: [{ type: 'textbox', id: 'caption' }],
      },
      flagging: { options: ['wrong', 'offensive'] },
    }),
  );
  dataDir = path.join(dir, 'data');
  const store = openStore({ dataDir, logger: silentLogger });
  const photo = await store.files.putBytes(new TextEncoder().encode('PNG bytes'));
  const ref = { $file: photo.sha256, name: 'dog.png', mime: 'image/png', size: photo.size };
  const history = new HistoryRepository(store);
  const base = {
    project: await realpath(projectFile),
    eventIndex: 0,
    apiName: 'predict',
    sessionId: 's',
    visitorId: null,
    caller: 'page' as const,
    error: null,
  };
  history.record(
    {
      ...base,
      id: 'run-1',
      outcome: 'completed',
      queuedAt: 1,
      startedAt: 2,
      finishedAt: 3,
      inputs: [ref, 'a "dog",\nrunning'],
      outputs: ['A cat.'],
    },
    [photo],
  );
  history.record({
    ...base,
    id: 'run-2',
    outcome: 'completed',
    queuedAt: 4,
    startedAt: 5,
    finishedAt: 6,
    inputs: [null, 'plain'],
    outputs: ['Fine.'],
  });
  await store.writer.flush();
  const flags = new FlagRepository(store.db);
  flags.add({ runId: 'run-1', reason: 'wrong', note: 'it is a dog', sessionId: 's', visitorId: null, caller: 'page', createdAt: 10 });
  flags.add({ runId: 'run-2', reason: null, note: null, sessionId: 's', visitorId: null, caller: 'page', createdAt: 11 });
  await store.close();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const python = (script: string, file: string): unknown => JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));

describe('demo-desktop flags export', () => {
  it('writes a CSV that a CSV reader reads back', async () => {
    const out = path.join(dir, 'flags.csv');
    const result = await runCli(['flags', 'export', projectFile, '--format', 'csv', '--out', out, '--data-dir', dataDir]);
    expect(result.stdout, result.stderr).toContain('Wrote 2 flag(s)');
    const rows = python('import csv, json, sys\nprint(json.dumps(list(csv.DictReader(open(sys.argv[1], newline="")))))', out) as Record<
      string,
      string
    >[];
    expect(rows[0]).toMatchObject({
      photo: 'dog.png',
      hint: 'a "dog",\nrunning',
      caption: 'A cat.',
      flag: 'wrong',
      note: 'it is a dog',
      run_id: 'run-1',
    });
    expect(rows[1]).toMatchObject({ photo: '', hint: 'plain', flag: '', run_id: 'run-2' });
  });

  it('writes JSONL, and a datasets folder whose data.jsonl names the copied files by relative path', async () => {
    const jsonl = path.join(dir, 'flags.jsonl');
    expect((await runCli(['flags', 'export', projectFile, '--format', 'jsonl', '--out', jsonl, '--data-dir', dataDir])).code).toBe(0);
    const lines = python('import json, sys\nprint(json.dumps([json.loads(l) for l in open(sys.argv[1])]))', jsonl) as Record<
      string,
      unknown
    >[];
    expect(lines[0]).toMatchObject({ photo: { file: 'dog.png', mime: 'image/png' }, flag: 'wrong' });
    const folder = path.join(dir, 'dataset');
    const result = await runCli(['flags', 'export', projectFile, '--format', 'hf', '--out', folder, '--data-dir', dataDir]);
    expect(result.stdout, result.stderr).toContain('Wrote 2 flag(s) and 1 file(s)');
    const records = python(
      'import json, sys\nprint(json.dumps([json.loads(l) for l in open(sys.argv[1])]))',
      path.join(folder, 'data.jsonl'),
    ) as Record<string, unknown>[];
    const photo = records[0]?.photo as string;
    expect(photo).toMatch(/^files\/[0-9a-f]{64}\/dog\.png$/);
    expect(await readFile(path.join(folder, photo), 'utf8')).toBe('PNG bytes');
    expect(await readFile(path.join(folder, 'README.md'), 'utf8')).toContain('data_files: data.jsonl');
  });

  it('explains itself, and refuses a missing format, an existing output and a folder without history', async () => {
    const help = await runCli(['flags', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--format <f>');
    const noFormat = await runCli(['flags', 'export', projectFile, '--out', path.join(dir, 'x.csv'), '--data-dir', dataDir]);
    expect(noFormat.code).toBe(2);
    expect(noFormat.stderr).toContain('--format must be one of csv, jsonl, hf');
    const exists = await runCli(['flags', 'export', projectFile, '--format', 'csv', '--out', projectFile, '--data-dir', dataDir]);
    expect(exists.stderr).toContain('already exists');
    const empty = await runCli([
      'flags',
      'export',
      projectFile,
      '--format',
      'csv',
      '--out',
      path.join(dir, 'y.csv'),
      '--data-dir',
      path.join(dir, 'none'),
    ]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toBe(
      `No history in ${path.join(dir, 'none')} (no demo-desktop.sqlite3): run the demo with this data folder first, or check --data-dir.\n`,
    );
  });

  it('refuses an --out in a folder that does not exist, and reports a write that fails in one line', async () => {
    for (const format of ['csv', 'hf']) {
      const out = path.join(dir, 'missing', 'deeper', `export-${format}`);
      const missing = await runCli(['flags', 'export', projectFile, '--format', format, '--out', out, '--data-dir', dataDir]);
      expect(missing.code, missing.stderr).toBe(2);
      expect(missing.stderr).toContain(`--out ${out}: ${path.dirname(out)} is not a folder that exists; create it first`);
      expect(existsSync(path.join(dir, 'missing'))).toBe(false); // nothing created on the way
    }
    // /proc is a folder nobody can create files in, root included.
    for (const format of ['jsonl', 'hf']) {
      const failed = await runCli([
        'flags',
        'export',
        projectFile,
        '--format',
        format,
        '--out',
        '/proc/flags-export',
        '--data-dir',
        dataDir,
      ]);
      expect(failed.code, failed.stderr).toBe(1);
      expect(failed.stderr).toMatch(/^Cannot write \/proc\/flags-export: .*Choose a path in a folder you can write \(--out\)\.\n$/);
    }
  });
});
