import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createLogger, type Logger } from '../../main/common/logger.js';
import type { RunRecord } from '../../main/store/history-types.js';

/** A fresh data folder per test, removed afterwards. */
export function useDataDirs(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dd-store-'));
    made.push(dir);
    return dir;
  };
}

/** A logger that keeps its lines, to check what the store said. */
export function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger('test', 'debug', (line) => lines.push(line)), lines };
}

let next = 0;

export function aRun(overrides: Partial<RunRecord> = {}): RunRecord {
  next++;
  return {
    id: `run-${next}-${Math.random().toString(16).slice(2)}`,
    project: '/projects/echo/project.json',
    eventIndex: 0,
    apiName: 'echo',
    sessionId: 'session-a',
    visitorId: null,
    caller: 'api',
    outcome: 'completed',
    error: null,
    queuedAt: 1_000 + next,
    startedAt: 1_010 + next,
    finishedAt: 1_020 + next,
    inputs: [`hello ${next}`],
    outputs: [`HELLO ${next}`],
    ...overrides,
  };
}
