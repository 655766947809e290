import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../main/common/logger.js';
import { WorkerHost } from '../../main/runtimes/worker-host.js';
import { costModel, tempDir } from './support.js';

/**
 * `device: "auto"` takes the best usable provider and, when that is the CPU, says why in the app's
 * log (not only in the load info), through a real worker process and onnxruntime session.
 */

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('fallback-log');
});
afterAll(async () => dir.remove());

describe('device auto', () => {
  it('logs the reason of a fallback to the CPU as a warning naming the model', async () => {
    const lines: string[] = [];
    const logger = createLogger('app', 'info', (line) => lines.push(line));
    const host = new WorkerHost({ spec: { kind: 'model', model: await costModel(dir.path, 'auto-model', 8, { device: 'auto' }) }, logger });
    try {
      const info = await host.load({ signal: new AbortController().signal });
      if (info.device === 'cpu') {
        expect(info.fallbackReason).toMatch(/not usable here|no GPU execution provider/);
        const warning = lines.find((line) => line.startsWith('[warn]') && line.includes('running on cpu'));
        expect(warning, lines.join('\n')).toContain(info.fallbackReason);
        expect(warning).toContain('auto-model');
      } else {
        // A machine with a usable GPU provider: no fallback, nothing to warn about.
        expect(info.fallbackReason).toBeUndefined();
        expect(lines.filter((line) => line.startsWith('[warn]'))).toEqual([]);
      }
    } finally {
      await host.dispose();
    }
  });
});
