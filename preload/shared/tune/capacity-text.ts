import type { Capacity } from './tune-report.js';

/** How the app and the CLI write a tune's figures: one place, so the card, the editor and `tune` agree. */

/** `350 ms`, `1.2 s`, `2.5 min`, `600 h`: two significant digits (more for whole hours), the unit people read best. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '∞';
  if (ms < 1_000) return `${Number(ms.toPrecision(2))} ms`;
  if (ms < 60_000) return `${Number((ms / 1_000).toPrecision(2))} s`;
  if (ms < 3_600_000) return `${Number((ms / 60_000).toPrecision(2))} min`;
  const hours = ms / 3_600_000;
  return `${hours >= 100 ? Math.round(hours) : Number(hours.toPrecision(2))} h`;
}

/** The capacity statement, short: "~600 req/min · p95 120 ms · 100 users wait ≤ 10 s". */
export function capacitySummary(capacity: Capacity): string {
  return (
    `~${capacity.requestsPerMinute.toLocaleString('en-US')} req/min · p95 ${formatMs(capacity.p95Ms)} · ` +
    `${capacity.burst} users wait ≤ ${formatMs(capacity.burstWaitMs)}`
  );
}
