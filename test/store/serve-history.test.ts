/**
 * serveProject and the store: `--data-dir` puts the history database there, `--no-history` opens
 * none, a store handed in (the desk's) is shared and left open, and a database another process
 * holds locked does not stop the demo: history is off for the run and the log says why.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveProject } from '../../main/cli/serve-project.js';
import { silentLogger } from '../../main/common/logger.js';
import { HistoryRepository } from '../../main/store/history-repository.js';
import { openStore, STORE_FILE_NAME } from '../../main/store/open-store.js';
import { connect } from '../server/support/gradio-client.js';
import { REPO_ROOT } from '../runtimes/support.js';
import { recordingLogger, useDataDirs } from './support.js';

const dataDirs = useDataDirs();
const GREET = join(REPO_ROOT, 'examples', 'greet', 'project.json');
const settings = (dataDir: string, history = true) => ({
  file: GREET,
  host: '127.0.0.1',
  port: 0,
  explicitPort: true,
  environment: {},
  dataDir,
  history,
});

async function greet(url: string, name: string): Promise<void> {
  const client = await connect(url);
  await client.predict('/predict', [name]);
  client.close();
}

describe('serveProject and history', () => {
  it('records into <dataDir>/demo-desktop.sqlite3 and closes it with the server', async () => {
    const dataDir = await dataDirs();
    const served = await serveProject(settings(dataDir), { logger: silentLogger });
    await greet(served.url, 'Grace');
    await served.close();
    const store = openStore({ dataDir, logger: silentLogger });
    const [run] = new HistoryRepository(store).list({ project: GREET });
    expect(run).toMatchObject({ apiName: 'predict', inputs: ['Grace'], outputs: ['Hello Grace!'], caller: 'api', outcome: 'completed' });
    await store.close();
  });

  it('opens no database with history off (--no-history)', async () => {
    const dataDir = await dataDirs();
    const served = await serveProject(settings(dataDir, false), { logger: silentLogger });
    await greet(served.url, 'nobody');
    await served.close();
    expect(existsSync(join(dataDir, STORE_FILE_NAME))).toBe(false);
  });

  it('records into a store it is given, and leaves it open (the desk shares one)', async () => {
    const store = openStore({ dataDir: await dataDirs(), logger: silentLogger });
    const served = await serveProject(settings(await dataDirs()), { logger: silentLogger, store });
    await greet(served.url, 'shared');
    await served.close();
    await store.writer.flush();
    expect(new HistoryRepository(store).list({ project: GREET }).map((run) => run.inputs)).toEqual([['shared']]);
    await store.close();
  });

  it('serves without history when another process holds the database locked, and says so', async () => {
    const dataDir = await dataDirs();
    await openStore({ dataDir, logger: silentLogger }).close();
    const file = join(dataDir, STORE_FILE_NAME);
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(file)}); db.pragma('locking_mode = EXCLUSIVE'); db.exec('BEGIN EXCLUSIVE'); console.log('locked'); setInterval(() => {}, 1000);`,
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      const { logger, lines } = recordingLogger();
      const served = await serveProject(settings(dataDir), { logger });
      await greet(served.url, 'still served');
      await served.close();
      expect(
        lines.some(
          (line) => line.includes(`The database ${file} is locked by another process`) && line.includes('History is off for this run.'),
        ),
      ).toBe(true);
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
