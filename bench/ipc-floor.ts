import { forkBenchChild, nextMessage } from './child.js';
import { summarize } from './stats.js';

/**
 * The least any out-of-process runtime adds per call on this machine: the round trip of a row to
 * an echo child process and a result of the ONNX worker's shape back, over the same IPC channel
 * (structured clone) the workers use, with no model, queue or scheduler. Reported next to the
 * engine's added latency so the two can be compared in one run.
 */

export interface IpcFloor {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly count: number;
}

export async function ipcFloor(row: readonly number[], count = 2_000, warmup = 300): Promise<IpcFloor> {
  const child = forkBenchChild('ipc-echo-process.ts');
  try {
    await nextMessage(child); // 'ready'
    const roundTrip = async (id: number): Promise<void> => {
      const answered = nextMessage(child);
      child.send({ id, width: row.length, row });
      await answered;
    };
    for (let i = 0; i < warmup; i++) await roundTrip(i);
    const latencies: number[] = [];
    for (let i = 0; i < count; i++) {
      const sent = performance.now();
      await roundTrip(i);
      latencies.push(performance.now() - sent);
    }
    const summary = summarize(latencies);
    return { p50Ms: summary.p50Ms, p99Ms: summary.p99Ms, count: summary.count };
  } finally {
    child.disconnect();
  }
}
