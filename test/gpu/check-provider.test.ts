import { describe, expect, it } from 'vitest';
import { isCancelled } from '../../preload/shared/errors.js';
import { checkProvider, tinyModelPath } from '../../main/gpu/check-provider.js';
import { detectDevices } from '../../main/gpu/detect-devices.js';
import { providerStatus } from '../../main/gpu/device-report.js';
import { scriptedRunner, tempDir, writeExecutable } from './support.js';

/**
 * The active provider check in a real child process: cpu must be usable; webgpu (no GPU adapter on
 * a CI machine) must come back as a well-formed status, usable or not, within the timeout; a child
 * that crashes or hangs must be reported, never take the test process down.
 */

const posix = process.platform !== 'win32';

describe('checkProvider (child process)', () => {
  it('finds the committed tiny model', () => {
    expect(tinyModelPath()).toMatch(/models[\\/]tiny[\\/]cost[\\/]model\.onnx$/);
  });

  it('cpu is usable', async () => {
    const result = await checkProvider('cpu', { timeoutMs: 30_000 });
    expect(result).toMatchObject({ usable: true, reason: 'cpu: a test session ran.' });
  });

  it('webgpu returns a well-formed status within the timeout (usable or not)', async () => {
    const started = Date.now();
    const result = await checkProvider('webgpu', { timeoutMs: 30_000 });
    expect(Date.now() - started).toBeLessThan(35_000);
    expect(typeof result.usable).toBe('boolean');
    expect(result.reason).toMatch(/^webgpu: /);
    // The reason is onnxruntime's sentence, not its C++ source location.
    expect(result.reason).not.toMatch(/\.cc:\d+/);
  });

  it('a provider this build lacks is unusable with onnxruntime’s reason', async () => {
    const result = await checkProvider('no-such-ep', { timeoutMs: 30_000 });
    expect(result.usable).toBe(false);
    expect(result.reason).toContain('no-such-ep');
  });

  it('a missing model is a reason, not a throw', async () => {
    const result = await checkProvider('cpu', { modelPath: '/nonexistent/model.onnx', timeoutMs: 30_000 });
    expect(result.usable).toBe(false);
  });

  it.runIf(posix)('a child that crashes natively is reported unusable', async () => {
    const dir = await tempDir('crash');
    try {
      const fakeNode = await writeExecutable(dir.path, 'crashing-node', 'kill -SEGV $$');
      const result = await checkProvider('webgpu', { nodePath: fakeNode, timeoutMs: 5_000 });
      expect(result.usable).toBe(false);
      expect(result.reason).toMatch(/^webgpu: the check process failed \(killed by SIGSEGV\)/);
    } finally {
      await dir.remove();
    }
  });

  it.runIf(posix)('a child that hangs is killed and reported unusable', async () => {
    const dir = await tempDir('hang');
    try {
      const fakeNode = await writeExecutable(dir.path, 'hanging-node', 'exec sleep 30');
      const started = Date.now();
      const result = await checkProvider('webgpu', { nodePath: fakeNode, timeoutMs: 300 });
      expect(Date.now() - started).toBeLessThan(10_000); // the fake child sleeps 30 s
      expect(result).toMatchObject({ usable: false, reason: 'webgpu: the test session did not finish within 300 ms.' });
    } finally {
      await dir.remove();
    }
  });

  it('rejects with CancelledError when aborted', async () => {
    const controller = new AbortController();
    const pending = checkProvider('cpu', { signal: controller.signal });
    controller.abort();
    expect(isCancelled(await pending.catch((error: unknown) => error))).toBe(true);
  });

  it('detectDevices with activeCheck reports real statuses for cpu and webgpu', async () => {
    const report = await detectDevices({ runner: scriptedRunner({}), platform: 'linux', activeCheck: ['cpu', 'webgpu'] });
    const cpu = report.providers.find((status) => status.name === 'cpu');
    const webgpu = report.providers.find((status) => status.name === 'webgpu');
    expect(cpu?.usable).toBe(true);
    expect(webgpu && providerStatus.safeParse(webgpu).success).toBe(true);
    expect(typeof webgpu?.usable).toBe('boolean');
  });
});
