import type { CellResult } from './measure.js';

/**
 * The table `npm run bench:peers` prints. "vs raw" is a row's req/s over the raw loop's at the same
 * caller count; "ours ÷ this" is demo-desktop's req/s over the row's, ours measured with the same
 * client kind (the Ray and raw rows are set against ours with the plain client, the nearest thing
 * to their own plain HTTP client and to no client at all).
 */

const CLIENT_NAMES: Record<CellResult['client'], string> = {
  none: '–',
  plain: 'plain keep-alive (Gradio protocol)',
  official: '@gradio/client',
  post: 'plain keep-alive POST',
};

const SHORT_CLIENT_NAMES: Record<CellResult['client'], string> = {
  none: 'no client',
  plain: 'plain',
  official: '@gradio/client',
  post: 'POST',
};

function oursFor(row: CellResult, rows: readonly CellResult[]): CellResult | undefined {
  const client = row.client === 'official' ? 'official' : 'plain';
  return rows.find((candidate) => candidate.server === 'ours' && candidate.client === client && candidate.callers === row.callers);
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}×` : '–');

export function resultTable(rows: readonly CellResult[]): string {
  const lines = [
    '| callers | server | client | req/s | p50 ms | p99 ms | vs raw | ours ÷ this | server tree CPU µs/req | client CPU µs/req | errors |',
    '| ------: | ------ | ------ | ----: | -----: | -----: | -----: | ----------: | ---------------------: | ----------------: | -----: |',
  ];
  for (const row of rows) {
    const raw = rows.find((candidate) => candidate.server === 'raw' && candidate.callers === row.callers);
    const ours = oursFor(row, rows);
    lines.push(
      `| ${row.callers} | ${row.label} | ${CLIENT_NAMES[row.client]} | ${fixed(row.throughput, 0)} | ${fixed(row.p50Ms, 2)} | ${fixed(row.p99Ms, 2)} | ` +
        `${raw ? `${Math.round((row.throughput / raw.throughput) * 100)}%` : '–'} | ${ours && ours !== row ? ratio(ours.throughput, row.throughput) : '–'} | ` +
        `${fixed(row.serverUsPerRequest, 0)} | ${row.client === 'none' ? '–' : fixed(row.clientUsPerRequest, 0)} | ${row.errors} |`,
    );
  }
  return lines.join('\n');
}

/** One line per caller count: how many times the requests of each peer ours serves. */
export function leadLines(rows: readonly CellResult[]): string[] {
  const callers = [...new Set(rows.map((row) => row.callers))];
  return callers.flatMap((count) => {
    const here = rows.filter((row) => row.callers === count && row.server !== 'ours' && row.server !== 'raw');
    const parts = here.flatMap((row) => {
      const ours = oursFor(row, rows);
      return ours ? [`${ratio(ours.throughput, row.throughput)} the requests of ${row.label} (${SHORT_CLIENT_NAMES[row.client]})`] : [];
    });
    return parts.length > 0 ? [`${count} caller(s): ours serves ${parts.join('; ')}`] : [];
  });
}
