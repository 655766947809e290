/**
 * `npx tsx bench/ipc-thread-floor.ts`: the per-call floor of the two ways a worker can be reached,
 * side by side in one run (issue 17's "ONNX model in a worker thread" lever, to be built on the
 * worker transport seam of issue 18): a 512-float row out and a result of the ONNX worker's shape
 * back, to (a) a worker thread over postMessage with the result's buffer transferred, and (b) an
 * echo child process over the IPC channel the workers use today (advanced serialization). Prints
 * round trips per second and the CPU per round trip of both ends.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import { processCpuUs } from './proc-cpu.js';

const WIDTH = 512;
const COUNT = 5_000;
const WARMUP = 500;

const THREAD = `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  const data = new Float32Array(m.width);
  parentPort.postMessage({ id: m.id, y: { dims: [1, m.width], data } }, [data.buffer]);
});`;

interface Channel {
  send(message: unknown): void;
  next(): Promise<unknown>;
  /** CPU µs so far of both ends. */
  cpuUs(): number;
}

async function measure(label: string, channel: Channel): Promise<string> {
  const row = new Float32Array(WIDTH);
  const roundTrip = async (id: number): Promise<void> => {
    const answered = channel.next();
    channel.send({ id, width: WIDTH, row: row.slice() });
    await answered;
  };
  for (let i = 0; i < WARMUP; i++) await roundTrip(i);
  const cpu = channel.cpuUs();
  const start = performance.now();
  for (let i = 0; i < COUNT; i++) await roundTrip(i);
  const seconds = (performance.now() - start) / 1000;
  return `| ${label} | ${(COUNT / seconds).toFixed(0)} | ${((channel.cpuUs() - cpu) / COUNT).toFixed(0)} |`;
}

const self = (): number => {
  const used = process.cpuUsage();
  return used.user + used.system;
};

const lines = ['| 512-float row to | round trips/s | CPU µs per round trip (both ends) |', '|---|---:|---:|'];
const thread = new Worker(THREAD, { eval: true });
// One process: process.cpuUsage counts the worker thread too.
lines.push(
  await measure('a worker thread (postMessage, result transferred)', {
    send: (m) => thread.postMessage(m),
    next: () => once(thread, 'message'),
    cpuUs: self,
  }),
);
await thread.terminate();

const child = fork(new URL('./ipc-echo-process.ts', import.meta.url).pathname, [], {
  serialization: 'advanced',
  execArgv: ['--import', 'tsx'],
});
await once(child, 'message');
const childPid = child.pid ?? -1;
lines.push(
  await measure('a child process (IPC, advanced serialization)', {
    send: (m) => child.send(m as object),
    next: () => once(child, 'message'),
    cpuUs: () => self() + processCpuUs(childPid),
  }),
);
child.disconnect();
process.stdout.write(
  `${lines.join('\n')}\n\nload average ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}\n`,
);
