import type { Capacity } from './tune-report.js';

/** How the app and the CLI write a tune's figures: one place, so the card, the editor and `tune` agree. */

/** `1.2 s`, `350 ms`: two significant digits, the unit people read best. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '∞';
  if (ms < 1_000) return `${Number(ms.toPrecision(2))} ms`;
  return `${Number((ms / 1_000).toPrecision(2))} s`;
}

/** The capacity statement, short: "~600 req/min · p95 120 ms · 100 users wait ≤ 10 s". */
export function capacitySummary(capacity: Capacity): string {
  return (
    `~${capacity.requestsPerMinute.toLocaleString('en-US')} req/min · p95 ${formatMs(capacity.p95Ms)} · ` +
    `${capacity.burst} users wait ≤ ${formatMs(capacity.burstWaitMs)}`
  );
}
