import { AppError } from '../../../preload/shared/errors.js';
import { rankEtas } from '../../scheduler/eta.js';
import { QueueJobSchema, type QueueJob } from '../job-data.js';
import { JobEventSchema, type StoredJobEvent } from '../job-events.js';
import type { ClaimedRun, HeartbeatReply, QueuePosition } from '../queue-types.js';

/**
 * Turns the scripts' replies (nested arrays of strings and numbers, see lua/*.ts) into typed
 * values. A reply of the wrong shape means the scripts and this file disagree: INTERNAL.
 */

function bad(what: string): AppError {
  return new AppError('INTERNAL', `The Redis queue sent an unexpected reply to ${what}; are all fronts and workers the same version?`);
}

export function strings(value: unknown, what: string): string[] {
  if (!Array.isArray(value)) throw bad(what);
  return value.map((item) => {
    if (typeof item === 'string') return item;
    if (typeof item === 'number') return String(item);
    throw bad(what);
  });
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw bad(what);
  return value;
}

export function parseClaim(reply: unknown, workerId: string): ClaimedRun | null {
  const items = strings(reply, 'claim');
  if (items.length === 0) return null;
  const [runId = '', groupId = '', , count = '0'] = items;
  const jobs: QueueJob[] = [];
  const attempts: number[] = [];
  for (let i = 0; i < Number(count); i++) {
    const [, data = '', enqueuedAt = '', attempt = ''] = items.slice(4 + i * 4, 8 + i * 4);
    jobs.push(QueueJobSchema.parse({ ...(JSON.parse(data) as object), enqueuedAt: Number(enqueuedAt) }));
    attempts.push(Number(attempt));
  }
  return { runId, groupId, workerId, jobs, attempts };
}

export function parseHeartbeat(reply: unknown): HeartbeatReply {
  const [lost, cancelled] = list(reply, 'heartbeat');
  const pairs = strings(cancelled, 'heartbeat');
  const out: { runId: string; jobId: string }[] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) out.push({ runId: pairs[i] as string, jobId: pairs[i + 1] as string });
  return { lost: strings(lost, 'heartbeat'), cancelled: out };
}

/** Gradio's ETA formula (main/scheduler/eta.ts) over a line given as {event, batch max, ...}. */
function lineEtas(
  now: string,
  limit: string,
  line: readonly string[],
  running: readonly string[],
  meansFlat: readonly string[],
): (number | null)[] {
  const means = new Map<string, number>();
  for (let i = 0; i + 1 < meansFlat.length; i += 2) means.set(meansFlat[i] as string, Number(meansFlat[i + 1]));
  const mean = (event: string | undefined): number | null => means.get(event ?? '') ?? null;
  const waitingMeans: (number | null)[] = [];
  const batchSizes: number[] = [];
  for (let i = 0; i + 1 < line.length; i += 2) {
    waitingMeans.push(mean(line[i]));
    batchSizes.push(Number(line[i + 1]));
  }
  const runs: { startedAt: number; meanMs: number | null }[] = [];
  for (let i = 0; i + 1 < running.length; i += 2) runs.push({ startedAt: Number(running[i]), meanMs: mean(running[i + 1]) });
  return rankEtas({ now: Number(now), limit: limit === '' ? null : Number(limit), running: runs, waitingMeans, batchSizes });
}

/** A position reply (lua/position.ts) with its ETA. */
export function parsePosition(reply: unknown): QueuePosition | null {
  const items = list(reply, 'position');
  if (items.length === 0) return null;
  const [rank = '0', size = '0', limit = '', now = '0', walked] = strings(items.slice(0, 5), 'position');
  const etas = lineEtas(now, limit, strings(items[5], 'position'), strings(items[6], 'position'), strings(items[7], 'position'));
  return { rank: Number(rank), queueSize: Number(size), etaMs: walked === '1' ? (etas.at(-1) ?? null) : null };
}

/** A line reply (lua/line.ts): every listed job's position. */
export function parseLine(reply: unknown): Map<string, QueuePosition> {
  const items = list(reply, 'line');
  const [size = '0', limit = '', now = '0'] = strings(items.slice(0, 3), 'line');
  const ids = strings(items[3], 'line');
  const etas = lineEtas(now, limit, strings(items[4], 'line'), strings(items[5], 'line'), strings(items[6], 'line'));
  return new Map(ids.map((id, rank) => [id, { rank, queueSize: Number(size), etaMs: etas[rank] ?? null }]));
}

/** Whether the group has a free slot, from a position reply. */
export function slotFree(reply: unknown): boolean {
  const items = list(reply, 'position');
  const limit = strings(items.slice(2, 3), 'position')[0] ?? '';
  return limit === '' || strings(items[6], 'position').length / 2 < Number(limit);
}

/** An XREAD reply: [[key, [[id, [field, value, ...]], ...]], ...]. */
export function parseXread(reply: unknown, keyPrefix: string): StoredJobEvent[] {
  if (reply === null) return [];
  const out: StoredJobEvent[] = [];
  for (const stream of list(reply, 'XREAD')) {
    const [key, entries] = list(stream, 'XREAD');
    if (typeof key !== 'string') throw bad('XREAD');
    const jobId = key.slice(keyPrefix.length);
    for (const entry of list(entries, 'XREAD')) {
      const [id, fields] = list(entry, 'XREAD');
      const [, json] = strings(fields, 'XREAD');
      if (typeof id !== 'string' || json === undefined) throw bad('XREAD');
      out.push({ id, jobId, event: JobEventSchema.parse(JSON.parse(json)) });
    }
  }
  return out;
}
