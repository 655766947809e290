import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isCancelled } from '../../preload/shared/errors.js';
import { createLogger } from '../../main/common/logger.js';
import { createEngine } from '../../main/engine/create-engine.js';
import type { Engine } from '../../main/engine/types.js';
import { loadProject } from '../../main/project/load.js';
import { tempDir } from '../runtimes/support.js';

/**
 * `retryOnCrash` with real workers that really die: a job whose worker died runs once more on the
 * restarted worker, only with the option, never twice, and never after a cancel.
 */

const MODULE = `
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';

/** Every call appends its worker's pid to calls-<tag>.txt, so the test can count the runs. */
function count(dir, tag) { appendFileSync(dir + '/calls-' + tag + '.txt', process.pid + '\\n'); }

/** The first call (no marker file yet) kills its own worker; later calls answer. */
export function crashOnce([dir, tag]) {
  count(dir, tag);
  const marker = dir + '/crashed-' + tag;
  if (!existsSync(marker)) {
    writeFileSync(marker, String(process.pid));
    process.kill(process.pid, 'SIGKILL');
  }
  return 'answered by ' + process.pid;
}

/** Every call exits its worker. */
export function crashAlways([dir, tag]) {
  count(dir, tag);
  process.exit(7);
}

/** Runs until cancelled, and then dies instead of stopping. */
export async function dieOnCancel([dir, tag], ctx) {
  count(dir, tag);
  writeFileSync(dir + '/running-' + tag, '');
  await new Promise(() => {
    ctx.signal.addEventListener('abort', () => process.kill(process.pid, 'SIGKILL'));
  });
}
`;

let dir: { path: string; remove: () => Promise<void> };
const engines: Engine[] = [];
const lines: string[] = [];

beforeAll(async () => {
  dir = await tempDir('retry');
  await writeFile(join(dir.path, 'fns.js'), MODULE);
});
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.dispose()));
});
afterAll(async () => dir.remove());

async function engineFor(fn: string, retryOnCrash: boolean | undefined): Promise<Engine> {
  const path = join(dir.path, `${fn}-${String(retryOnCrash)}.json`);
  const project = {
    version: 1,
    name: 'retry',
    functions: { [fn]: { kind: 'js', module: './fns.js', export: fn } },
    ui: {
      type: 'interface',
      fn,
      inputs: [{ type: 'textbox' }, { type: 'textbox' }],
      outputs: [{ type: 'textbox' }],
      ...(retryOnCrash === undefined ? {} : { retryOnCrash }),
    },
  };
  await writeFile(path, JSON.stringify(project));
  const logger = createLogger('test', 'info', (line) => lines.push(line));
  const engine = await createEngine({ loaded: await loadProject(path), environment: { offline: true }, logger, gpu: false });
  engines.push(engine);
  return engine;
}

const calls = (tag: string): string[] => {
  const file = join(dir.path, `calls-${tag}.txt`);
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
};
const signal = (): AbortSignal => new AbortController().signal;

describe('retryOnCrash', () => {
  it('runs a job whose worker died once more, on the restarted worker, and says so', async () => {
    const engine = await engineFor('crashOnce', true);
    const [answer] = (await engine.run({ eventIndex: 0, inputs: [dir.path, 'retried'], signal: signal() })) as [string];
    const [first, second] = calls('retried');
    expect(calls('retried')).toHaveLength(2);
    expect(second).not.toBe(first);
    expect(answer).toBe(`answered by ${String(second)}`);
    expect(lines.some((line) => /Running "predict" once more \(retryOnCrash\) after its worker died/.test(line))).toBe(true);
  });

  it('is off by default: the job fails with WORKER_CRASHED and runs once', async () => {
    const engine = await engineFor('crashOnce', undefined);
    await expect(engine.run({ eventIndex: 0, inputs: [dir.path, 'default'], signal: signal() })).rejects.toMatchObject({
      code: 'WORKER_CRASHED',
      message: expect.stringMatching(/JS module "fns\.js" crashed \(killed by signal SIGKILL\); it is being restarted/) as unknown,
    });
    expect(calls('default')).toHaveLength(1);
    // The restarted worker serves the next call.
    await expect(engine.run({ eventIndex: 0, inputs: [dir.path, 'default'], signal: signal() })).resolves.toHaveLength(1);
  });

  it('never retries twice: a worker that dies on every call fails the job after the second run', async () => {
    const engine = await engineFor('crashAlways', true);
    await expect(engine.run({ eventIndex: 0, inputs: [dir.path, 'twice'], signal: signal() })).rejects.toMatchObject({
      code: 'WORKER_CRASHED',
      message: expect.stringContaining('exit code 7') as unknown,
    });
    expect(calls('twice')).toHaveLength(2);
  });

  it('never retries a cancelled job, even when its worker dies of the cancel', async () => {
    const engine = await engineFor('dieOnCancel', true);
    const controller = new AbortController();
    const job = engine.run({ eventIndex: 0, inputs: [dir.path, 'cancelled'], signal: controller.signal });
    await expect.poll(() => existsSync(join(dir.path, 'running-cancelled')), { timeout: 20_000 }).toBe(true);
    controller.abort();
    await expect(job).rejects.toSatisfy(isCancelled);
    // A retry would have started by the time the restarted worker serves a new call; there was none.
    const probe = new AbortController();
    const restarted = engine.run({ eventIndex: 0, inputs: [dir.path, 'probe'], signal: probe.signal });
    await expect.poll(() => calls('probe').length, { timeout: 20_000 }).toBe(1);
    expect(calls('cancelled')).toHaveLength(1);
    probe.abort();
    await expect(restarted).rejects.toSatisfy(isCancelled);
  });
});
