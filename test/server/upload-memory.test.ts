/**
 * Uploads stream to disk: the server's resident memory must not grow with the size of what it
 * receives. The server is a real `demo-desktop serve` child process, so its RSS is its own.
 * (When the body was buffered, one 99 MiB upload cost about +200 MB and four at once peaked near
 * 940 MB.)
 *
 * A fresh server's first large upload grows RSS by about 40 MB once, whatever its size: Node
 * allocates a buffer per chunk read from the socket and V8 collects them only after some tens of
 * MB have piled up; that memory then stays with the process and is reused. So the first upload
 * gets a bound of its own, and the later ones are measured on the warmed server.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, waitForLine } from '../cli/run-cli.js';
import { MB, residentBytes, sampleRss } from './support/proc-memory.js';
import { uploadStreamed, type StreamedFile } from './support/upload-stream.js';

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
  // Load the upload path's code with a small upload, so that is not counted.
  expect((await uploadStreamed({ port, files: [{ name: 'small.bin', bytes: 64 * 1024 }] })).status).toBe(200);
}, 60_000);

afterAll(async () => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
});

/** Uploads each list of files as one request, all at once; resolves to the peak RSS growth in bytes. */
async function peakGrowth(what: string, requests: readonly (readonly StreamedFile[])[]): Promise<number> {
  const before = residentBytes(pid);
  const sampler = sampleRss(pid);
  const answers = await Promise.all(requests.map((files) => uploadStreamed({ port, files })));
  const peak = sampler.stop();
  expect(answers.map((answer) => answer.status)).toEqual(requests.map(() => 200));
  console.log(
    `${what}: RSS ${(before / MB).toFixed(0)} MB -> peak ${(peak / MB).toFixed(0)} MB (+${((peak - before) / MB).toFixed(1)} MB)`,
  );
  return peak - before;
}

describe('upload memory (server child process)', () => {
  it('the first 99 MiB upload on a fresh server grows RSS by less than its size, once', async () => {
    expect(await peakGrowth('first 99 MiB upload', [[{ name: 'first.bin', bytes: SIZE, seed: 1 }]])).toBeLessThan(80 * MB);
  }, 120_000);

  it('every later 99 MiB upload costs next to nothing', async () => {
    expect(await peakGrowth('next 99 MiB upload', [[{ name: 'next.bin', bytes: SIZE, seed: 2 }]])).toBeLessThan(20 * MB);
  }, 120_000);

  it('four concurrent 99 MiB uploads keep the peak far below their total', async () => {
    const four = [3, 4, 5, 6].map((seed) => [{ name: `big-${seed}.bin`, bytes: SIZE, seed }]);
    expect(await peakGrowth('four 99 MiB uploads at once', four)).toBeLessThan(60 * MB);
  }, 240_000);
});
