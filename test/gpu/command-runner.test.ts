import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCancelled } from '../../preload/shared/errors.js';
import { createExecFileRunner } from '../../main/gpu/command-runner.js';
import { detectDevices } from '../../main/gpu/detect-devices.js';
import { createNvidiaSmiProbe, NVIDIA_SMI_ARGS } from '../../main/gpu/nvidia-smi.js';
import { runProbe } from '../../main/gpu/device-probe.js';
import { findOnPath, fixture, MIB, tempDir, writeExecutable } from './support.js';

/**
 * The default CommandRunner with real child processes: a fake `nvidia-smi` first on PATH, a tool
 * that is not installed, one that hangs, one that fails and one whose background job keeps its
 * output pipe open. POSIX shells only.
 */

const posix = process.platform !== 'win32';

describe.runIf(posix)('createExecFileRunner (real child processes)', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let savedPath: string | undefined;

  beforeAll(async () => {
    dir = await tempDir('runner');
    const sleep = findOnPath('sleep');
    // The fake prints the captured output only when called with exactly the probe's arguments.
    const expected = NVIDIA_SMI_ARGS.join(' ');
    const csv = fixture('nvidia-smi-multi.txt').replace(/'/g, '');
    await writeExecutable(
      dir.path,
      'nvidia-smi',
      `if [ "$*" != '${expected}' ]; then echo "unexpected arguments: $*" >&2; exit 2; fi\nprintf '%s' '${csv}'`,
    );
    await writeExecutable(dir.path, 'hanging-smi', `exec ${sleep} 30`);
    await writeExecutable(
      dir.path,
      'broken-smi',
      'echo "NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver." >&2\nexit 9',
    );
    // A background job inherits stdout: without the close grace, execFile would wait 3 s for it.
    await writeExecutable(dir.path, 'leaky-smi', `${sleep} 30 &\necho $!`);
    savedPath = process.env.PATH;
    // Only the fakes are on PATH: a real nvidia-smi or rocm-smi on this machine cannot interfere.
    process.env.PATH = dir.path;
  });

  afterAll(async () => {
    process.env.PATH = savedPath;
    await dir.remove();
  });

  it('runs the fake nvidia-smi from PATH and the probe parses its output', async () => {
    const probe = createNvidiaSmiProbe({ runner: createExecFileRunner() });
    const result = await runProbe(probe, { timeoutMs: 5_000 });
    expect(result.reasons).toEqual([]);
    expect(result.devices.map((entry) => [entry.id, entry.memoryFreeBytes])).toEqual([
      ['cuda:0', 3079 * MIB],
      ['cuda:1', 81275 * MIB],
    ]);
  });

  it('detectDevices on linux with the default runner: fake nvidia-smi found, rocm-smi missing', async () => {
    const report = await detectDevices({ platform: 'linux', listBackends: () => [{ name: 'cpu', bundled: true }] });
    expect(report.devices.map((entry) => entry.id)).toEqual(['cuda:0', 'cuda:1']);
    expect(report.reasons).toEqual([expect.stringMatching(/^rocm-smi: rocm-smi is not installed or not on PATH \(ENOENT\)/)]);
  });

  it('reports a missing tool as not-found, without throwing', async () => {
    const outcome = await createExecFileRunner().run('no-such-gpu-tool', [], { timeoutMs: 2_000 });
    expect(outcome).toEqual({ kind: 'not-found', message: 'no-such-gpu-tool is not installed or not on PATH (ENOENT).' });
  });

  it('kills a tool that hangs and reports a timeout', async () => {
    const started = Date.now();
    const outcome = await createExecFileRunner().run('hanging-smi', [], { timeoutMs: 300 });
    expect(outcome.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(10_000); // the tool hangs for good: any end at all is the point
  });

  it('a probe over a hanging tool returns a reason instead of hanging', async () => {
    const probe = createNvidiaSmiProbe({ runner: createExecFileRunner(), command: 'hanging-smi', timeoutMs: 300 });
    const started = Date.now();
    const result = await runProbe(probe, { timeoutMs: 5_000 });
    expect(result.devices).toEqual([]);
    expect(result.reasons).toEqual([expect.stringContaining('did not answer within 300 ms')]);
    expect(Date.now() - started).toBeLessThan(10_000); // the tool hangs for good: any end at all is the point
  });

  it('reports a non-zero exit with the tool’s own message', async () => {
    const outcome = await createExecFileRunner().run('broken-smi', [], { timeoutMs: 2_000 });
    expect(outcome.kind).toBe('failed');
    if (outcome.kind === 'failed') {
      expect(outcome.exit).toBe(9);
      expect(outcome.message).toContain('exit code 9');
      expect(outcome.message).toContain('could not communicate with the NVIDIA driver');
    }
  });

  it('does not wait for a background job that holds the output pipe', async () => {
    const started = Date.now();
    const outcome = await createExecFileRunner({ closeGraceMs: 100 }).run('leaky-smi', [], { timeoutMs: 5_000 });
    // The background job runs 30 s: returning well before it is the point (generous for a loaded machine).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(outcome.kind).toBe('ok');
    // The background job printed its pid: end it here rather than leave it to finish on its own.
    const pid = outcome.kind === 'ok' ? Number(outcome.stdout.trim()) : NaN;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
  });

  it('stops a tool that prints far more than expected', async () => {
    const outcome = await createExecFileRunner({ maxBufferBytes: 64 }).run('nvidia-smi', NVIDIA_SMI_ARGS, { timeoutMs: 2_000 });
    expect(outcome).toMatchObject({ kind: 'failed', message: expect.stringContaining('more output than expected') });
  });

  it('rejects with CancelledError when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = createExecFileRunner().run('hanging-smi', [], { timeoutMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error: unknown = await pending.catch((caught: unknown) => caught);
    expect(isCancelled(error)).toBe(true);
  });
});
