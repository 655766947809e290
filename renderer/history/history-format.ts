import type { HistoryFilters } from './history-api.js';

/** What the History panel writes for a run's times and the filter choices. Pure. */

export const TIME_CHOICES: readonly { readonly label: string; readonly ms: number }[] = [
  { label: 'Any time', ms: 0 },
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 24 hours', ms: 86_400_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
];

export const OUTCOME_CHOICES: readonly { readonly label: string; readonly value: HistoryFilters['outcome'] }[] = [
  { label: 'All runs', value: '' },
  { label: 'Completed', value: 'completed' },
  { label: 'Failed', value: 'failed' },
  { label: 'Cancelled', value: 'cancelled' },
  { label: 'Flagged', value: 'flagged' },
];

/** "14:03:27" today, "Dec 5, 14:03" before. */
export function runTime(at: number, now: number): string {
  const date = new Date(at);
  const today = new Date(now);
  const sameDay = date.toDateString() === today.toDateString();
  return sameDay
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "4 ms", "0.25 s", "12 s", "2 min 5 s"; empty when it never ran. */
export function runDuration(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
