/** Helpers for the GPU tests: fixtures, a scripted CommandRunner, fake executables, reports. */
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandOutcome, CommandRunner } from '../../main/gpu/command-runner.js';
import type { DetectedDevice, DeviceReport, ProviderStatus } from '../../main/gpu/device-report.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function ok(stdout: string): CommandOutcome {
  return { kind: 'ok', stdout, stderr: '' };
}

export const NOT_FOUND = (file: string): CommandOutcome => ({
  kind: 'not-found',
  message: `${file} is not installed or not on PATH (ENOENT).`,
});

/** A runner answering by executable name; unknown executables are "not installed". Records calls. */
export function scriptedRunner(answers: Readonly<Record<string, CommandOutcome | (() => Promise<CommandOutcome>)>>): CommandRunner & {
  calls: { file: string; args: readonly string[] }[];
} {
  const calls: { file: string; args: readonly string[] }[] = [];
  return {
    calls,
    run(file, args) {
      calls.push({ file, args });
      const answer = answers[file];
      if (answer === undefined) return Promise.resolve(NOT_FOUND(file));
      return typeof answer === 'function' ? answer() : Promise.resolve(answer);
    },
  };
}

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `demo-desktop-gpu-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Writes an executable /bin/sh script. */
export async function writeExecutable(dir: string, name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

export function device(overrides: Partial<DetectedDevice> & Pick<DetectedDevice, 'id'>): DetectedDevice {
  return {
    vendor: 'nvidia',
    name: 'Test GPU',
    memoryTotalBytes: null,
    memoryFreeBytes: null,
    utilization: null,
    driver: null,
    ...overrides,
  };
}

export function provider(name: string, usable: boolean | null, reason = `${name}: test status.`): ProviderStatus {
  return { name, bundled: true, installed: usable !== false, usable, reason };
}

export function report(devices: DetectedDevice[], providers: ProviderStatus[]): DeviceReport {
  return { devices, providers, reasons: [] };
}

export const GIB = 1024 ** 3;
export const MIB = 1024 ** 2;

/** The absolute path of an executable on the current PATH (so fakes keep working with PATH replaced). */
export function findOnPath(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} is not on PATH`);
}
