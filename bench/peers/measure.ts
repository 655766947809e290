import { toResult, type LoadOptions, type LoadResult, type Sample } from '../load.js';
import type { Cell } from './cells.js';
import { PeersError } from './errors.js';
import type { PeersOptions } from './options.js';
import { cpuBetween } from './process-tree.js';

/**
 * Every cell at one caller count, in interleaved rounds: round r measures every cell once, for
 * `durationMs / rounds`, starting one cell further along each round, so drifting machine load and a
 * noisy moment spread over all of them. A cell's first slice warms up for `warmupMs`, later ones
 * for at most 250 ms (they only refill the pipeline after the other cells ran), as `npm run bench`
 * does. Throughput and percentiles count the calls that completed inside the measured windows
 * (bench/load.ts); CPU per request divides the CPU of the whole slice, warm-up included, by every
 * call that completed in it, so nothing in flight at either end is charged to nobody.
 */

export interface CellResult extends LoadResult {
  readonly label: string;
  readonly server: Cell['server'];
  readonly client: Cell['client'];
  readonly callers: number;
  readonly completed: number;
  /** µs of CPU per completed call of the server's process tree (raw: the harness process). */
  readonly serverUsPerRequest: number;
  /** µs of CPU per completed call of the client process (raw: none, 0). */
  readonly clientUsPerRequest: number;
}

interface Totals {
  readonly samples: Sample[];
  completed: number;
  serverUs: number;
  clientUs: number;
}

async function slice(cell: Cell, callers: number, load: LoadOptions, totals: Totals): Promise<void> {
  const server = cell.serverCpu();
  const client = cell.clientCpuUs();
  const { sample, completed } = await cell.run(callers, load);
  totals.serverUs += cpuBetween(server, cell.serverCpu());
  totals.clientUs += cell.clientCpuUs() - client;
  totals.completed += completed;
  totals.samples.push(sample);
}

export async function measureCallers(
  cells: readonly Cell[],
  callers: number,
  options: PeersOptions,
  log: (line: string) => void,
): Promise<CellResult[]> {
  const totals = cells.map((): Totals => ({ samples: [], completed: 0, serverUs: 0, clientUs: 0 }));
  for (let round = 0; round < options.rounds; round++) {
    const load: LoadOptions = {
      concurrency: callers,
      warmupMs: round === 0 ? options.warmupMs : Math.min(options.warmupMs, 250),
      durationMs: options.durationMs / options.rounds,
    };
    for (let step = 0; step < cells.length; step++) {
      const index = (round + step) % cells.length;
      await slice(cells[index] as Cell, callers, load, totals[index] as Totals);
    }
    log(`  ×${callers}: round ${round + 1}/${options.rounds} done`);
  }
  return cells.map((cell, index) => {
    const total = totals[index] as Totals;
    const result = toResult(total.samples);
    if (total.completed === 0)
      throw new PeersError('LOAD_FAILED', `${cell.label} at ${callers} callers: no call completed (${result.firstError ?? 'no error'})`);
    return {
      ...result,
      label: cell.label,
      server: cell.server,
      client: cell.client,
      callers,
      completed: total.completed,
      serverUsPerRequest: total.serverUs / total.completed,
      clientUsPerRequest: total.clientUs / total.completed,
    };
  });
}
