/** The dashboard's view of GET /api/metrics/history (main/server/metrics/routes-metrics.ts). */

export type { MetricsPoint as MetricsRow, MetricsHistoryAnswer as HistoryAnswer } from '../../preload/shared/metrics/metrics-api.js';
import type { MetricsHistoryAnswer as HistoryAnswer } from '../../preload/shared/metrics/metrics-api.js';

export class MetricsRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function fetchHistory(params: Record<string, string | number>, signal?: AbortSignal): Promise<HistoryAnswer> {
  const query = new URLSearchParams(Object.entries(params).map(([key, value]): [string, string] => [key, String(value)]));
  const response = await fetch(`./api/metrics/history?${query.toString()}`, { signal, credentials: 'same-origin' });
  if (!response.ok) {
    const detail = ((await response.json().catch(() => ({}))) as { detail?: unknown }).detail;
    throw new MetricsRequestError(
      response.status,
      typeof detail === 'string' ? detail : `The metrics history answered ${response.status}.`,
    );
  }
  return (await response.json()) as HistoryAnswer;
}
