/** How the dashboard writes numbers (legends, tiles); pure, so the browser test writes them the same way. */

export const NONE = '–';

export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined) return NONE;
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 100) return `${Math.round(value)} ms`;
  return `${value.toFixed(1)} ms`;
}

export function formatBytes(value: number | null | undefined): string {
  if (value === null || value === undefined) return NONE;
  const mib = value / 1024 / 1024;
  return mib >= 1024 ? `${(mib / 1024).toFixed(2)} GiB` : `${mib.toFixed(mib >= 100 ? 0 : 1)} MiB`;
}

export function formatRate(value: number | null | undefined): string {
  if (value === null || value === undefined) return NONE;
  return `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}/s`;
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined) return NONE;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined) return NONE;
  return `${Math.round(value * 100)}%`;
}

/** "per 5 s", "per minute", "per hour": what one point of a chart stands for. */
export function perPoint(intervalMs: number): string {
  if (intervalMs >= 3_600_000) return 'per hour';
  if (intervalMs >= 60_000) return 'per minute';
  return `per ${Math.round(intervalMs / 1000)} s`;
}
