/**
 * Uploads stream to disk: the server's resident memory must not grow with the size of what it
 * receives. The server is a real `demo-desktop serve` child process, so its RSS is its own.
 * (Before streaming, one 99 MiB upload cost +183 MB and four at once peaked near 905 MB.)
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, waitForLine } from '../cli/run-cli.js';
import { MB, residentBytes, sampleRss } from './support/proc-memory.js';
import { uploadStreamed } from './support/upload-stream.js';

const MiB = 1024 * 1024;
const SIZE = 99 * MiB;

let child: ChildProcessWithoutNullStreams;
let port: number;
let pid: number;

beforeAll(async () => {
  child = spawnCli(['serve', 'examples/greet/project.json', '--port', '0']);
  const [, found] = (await waitForLine(child, /Running on http:\/\/127\.0\.0\.1:(\d+)\n/)) as unknown as [string, string];
  port = Number(found);
  pid = child.pid ?? -1;
  // Warm the upload path (module loading, first buffers) so only the upload's own cost is measured.
  const warm = await uploadStreamed({ port, files: [{ name: 'warm.bin', bytes: 32 * MiB }] });
  expect(warm.status).toBe(200);
}, 60_000);

afterAll(async () => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
});

describe('upload memory (server child process)', () => {
  it('one 99 MiB upload grows RSS by far less than its size', async () => {
    const before = residentBytes(pid);
    const sampler = sampleRss(pid);
    const answer = await uploadStreamed({ port, files: [{ name: 'big.bin', bytes: SIZE, seed: 1 }] });
    const peak = sampler.stop();
    expect(answer.status, answer.body).toBe(200);
    const growth = peak - before;
    console.log(
      `one 99 MiB upload: RSS ${(before / MB).toFixed(0)} MB -> peak ${(peak / MB).toFixed(0)} MB (+${(growth / MB).toFixed(1)} MB)`,
    );
    expect(growth).toBeLessThan(40 * MB);
  }, 120_000);

  it('four concurrent 99 MiB uploads keep the peak far below their total', async () => {
    const before = residentBytes(pid);
    const sampler = sampleRss(pid);
    const answers = await Promise.all(
      [2, 3, 4, 5].map((seed) => uploadStreamed({ port, files: [{ name: `big-${seed}.bin`, bytes: SIZE, seed }] })),
    );
    const peak = sampler.stop();
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const growth = peak - before;
    console.log(
      `four 99 MiB uploads: RSS ${(before / MB).toFixed(0)} MB -> peak ${(peak / MB).toFixed(0)} MB (+${(growth / MB).toFixed(1)} MB)`,
    );
    expect(growth).toBeLessThan(100 * MB);
  }, 240_000);
});
