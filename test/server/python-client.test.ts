/**
 * The unmodified Python gradio_client against a real demo server (test/python/conformance.py:
 * handshake, predict positional and keyword, a generator, file upload and download, an error,
 * cancel), where Python and gradio_client are installed.
 *
 * Where gradio_client is missing (this machine has no PyPI), the checks cannot run. Instead of a
 * skipped test, one real test checks what can be checked without it: the script is valid Python
 * and exits 2 with an install hint. One console line says that the conformance checks did not run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../runtimes/support.js';
import { startDemo, type Demo } from './support/demo-app.js';

const SCRIPT = join(REPO_ROOT, 'test', 'python', 'conformance.py');
const CHECKS = ['handshake', 'predict positional', 'predict keyword', 'generator', 'file upload', 'file download', 'error', 'cancel'];

function python(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('python3', args, { encoding: 'utf8', timeout: 30_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  return { status: result.error ? null : result.status, stdout: result.stdout, stderr: result.stderr };
}

const hasPython = python(['-c', 'import sys']).status === 0;
const hasGradioClient = hasPython && python(['-c', 'import gradio_client']).status === 0;

function runScript(base: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [SCRIPT, base], { env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

if (hasGradioClient) {
  describe('Python gradio_client conformance', () => {
    let demo: Demo;
    let result: { code: number | null; stdout: string; stderr: string };

    beforeAll(async () => {
      demo = await startDemo();
      result = await runScript(demo.base);
    }, 180_000);
    afterAll(async () => demo.close());

    it.each(CHECKS)('%s', (check) => {
      const line = result.stdout.split('\n').find((l) => l.startsWith(`PASS ${check}`) || l.startsWith(`FAIL ${check}:`));
      expect(line, `no line for "${check}"; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(`PASS ${check}`);
    });

    it('ends with every check passed and the cancelled job cancelled on the server', () => {
      expect(result.stdout, result.stderr).toContain(`${CHECKS.length} passed, 0 failed`);
      expect(result.code).toBe(0);
      expect(demo.engine.metrics().slow?.cancelled).toBeGreaterThanOrEqual(1);
    });
  });
} else if (hasPython) {
  describe('Python gradio_client conformance', () => {
    it('is not run: gradio_client is not installed here; conformance.py is valid Python and says so with exit 2', () => {
      console.log('Python gradio_client is not installed here: test/python/conformance.py was checked but not run against a server.');
      const compiled = python(['-c', 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")', SCRIPT]);
      expect(compiled.status, compiled.stderr).toBe(0);
      const missing = python([SCRIPT, 'http://127.0.0.1:9/']);
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/gradio_client is not installed.*pip install gradio_client/);
    });
  });
} else {
  describe('Python gradio_client conformance', () => {
    it('is not run: python3 is not installed here', () => {
      console.log('python3 is not installed here: test/python/conformance.py was not run.');
      expect(hasPython).toBe(false);
    });
  });
}
