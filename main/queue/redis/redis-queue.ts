import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { AppError, type ErrorPayload } from '../../../preload/shared/errors.js';
import type { Disposable } from '../../common/disposable.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import { JobSubmissionSchema, QueueJobSchema, type JsonValue, type QueueJob, type QueueJobState, JOB_STATES } from '../job-data.js';
import { ErrorPayloadSchema, JobEventSchema, type RunEvent, type StoredJobEvent } from '../job-events.js';
import type {
  CancelOutcome,
  ClaimedRun,
  ClaimRequest,
  CompleteOptions,
  HeartbeatReply,
  JobQueue,
  JobResult,
  JobStatus,
  JobSubmission,
  QueueEstimate,
  QueuePosition,
  QueueSettings,
  ReadEventsOptions,
  SubmitOptions,
} from '../queue-types.js';
import { CANCEL } from './lua/cancel.js';
import { CLAIM } from './lua/claim.js';
import { COMPLETE } from './lua/complete.js';
import { EMIT } from './lua/emit.js';
import { HEARTBEAT } from './lua/heartbeat.js';
import { LINE } from './lua/line.js';
import { POSITION } from './lua/position.js';
import { REAP } from './lua/reap.js';
import { SESSION_JOBS } from './lua/session-jobs.js';
import { SUBMIT } from './lua/submit.js';
import { watchConnection } from './connection-log.js';
import { LuaScript } from './lua-script.js';
import { parseRedisUrl, type RedisQueueTarget } from './redis-url.js';
import { parseClaim, parseHeartbeat, parseLine, parsePosition, parseXread, slotFree, strings } from './replies.js';
import { Subscriptions } from './subscriptions.js';

/**
 * The queue on Redis: one Lua script per transition (atomic, one round trip), job events in one
 * Redis Stream per job, pub/sub only to wake workers and fronts early. See docs/scale-out.md.
 */

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { leaseMs: 30_000, lostWorkerRetries: 1, finishedTtlMs: 3_600_000 };

const SCRIPTS = {
  submit: new LuaScript('submit', SUBMIT),
  claim: new LuaScript('claim', CLAIM),
  complete: new LuaScript('complete', COMPLETE),
  emit: new LuaScript('emit', EMIT),
  cancel: new LuaScript('cancel', CANCEL),
  heartbeat: new LuaScript('heartbeat', HEARTBEAT),
  reap: new LuaScript('reap', REAP),
  position: new LuaScript('position', POSITION),
  line: new LuaScript('line', LINE),
  sessionJobs: new LuaScript('session-jobs', SESSION_JOBS),
};

const CANCEL_OUTCOMES: readonly CancelOutcome[] = ['cancelled-queued', 'cancelled-running', 'already-finished', 'unknown'];

async function readCa(file: string, display: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new AppError('INVALID_INPUT', `--queue "${display}": cannot read the tls_ca file ${file} (${(error as Error).message}).`, {
      cause: error,
    });
  }
}

export class RedisQueue implements JobQueue {
  private subscriptions: Subscriptions | undefined;
  private subscriber: Redis | undefined;
  /** Idle connections for blocking reads (XREAD BLOCK holds its connection until it answers). */
  private readonly readers: Redis[] = [];
  private readonly busyReaders = new Set<Redis>();
  private closed = false;

  private constructor(
    private readonly redis: Redis,
    readonly target: RedisQueueTarget,
    readonly settings: QueueSettings,
    private readonly logger: Logger,
  ) {}

  /**
   * Connects to `url` (see redis-url.ts). While Redis is unreachable commands wait and the client
   * reconnects with backoff (up to 2 s apart): a worker simply stops claiming until it is back.
   */
  static async connect(url: string, settings: Partial<QueueSettings> = {}, logger: Logger = silentLogger): Promise<RedisQueue> {
    const target = parseRedisUrl(url);
    const ca = target.tlsCaFile === undefined ? undefined : await readCa(target.tlsCaFile, target.display);
    const options = { ...target.options, ...(ca && target.options.tls ? { tls: { ...target.options.tls, ca } } : {}) };
    const redis = new Redis({
      ...options,
      lazyConnect: true,
      maxRetriesPerRequest: null,
      retryStrategy: (times: number) => Math.min(100 * times, 2000),
    });
    // connect() rejects with "Connection is closed."; the socket's own error says why.
    let cause: Error | undefined;
    redis.once('error', (error: Error) => (cause = error));
    watchConnection(redis, 'command', target.display, logger);
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      const reason = (cause ?? (error instanceof Error ? error : new Error(String(error)))).message;
      throw new AppError(
        'OFFLINE',
        `Cannot reach the queue at ${target.display} (${reason}). Is redis-server running there, and is the URL right?`,
        {
          cause: cause ?? error,
        },
      );
    }
    return new RedisQueue(redis, target, { ...DEFAULT_QUEUE_SETTINGS, ...settings }, logger);
  }

  private get prefix(): string {
    return this.target.prefix;
  }

  private run(script: keyof typeof SCRIPTS, args: readonly (string | number)[]): Promise<unknown> {
    return SCRIPTS[script].run(this.redis, [this.prefix, ...args]);
  }

  async submit(submission: JobSubmission, options: SubmitOptions = {}): Promise<QueueJob> {
    const parsed = JobSubmissionSchema.safeParse(submission);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError('INVALID_INPUT', `Job ${submission.id}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}.`);
    }
    const job = parsed.data;
    const maxWaiting = options.maxWaiting ?? null;
    const [outcome, value = ''] = strings(
      await this.run('submit', [
        job.id,
        JSON.stringify(job),
        job.groupId,
        job.lane,
        job.priority,
        job.limit ?? '',
        job.event,
        job.batch?.key ?? '',
        job.batch?.maxSize ?? 1,
        job.session,
        maxWaiting ?? '',
        this.settings.finishedTtlMs,
      ]),
      'submit',
    );
    if (outcome === 'full') {
      throw new AppError('QUEUE_FULL', `Queue is full. Max size is ${maxWaiting ?? 0} and size is ${value}. Try again shortly.`);
    }
    return { ...job, enqueuedAt: Number(value) };
  }

  async cancel(jobId: string): Promise<CancelOutcome> {
    const outcome = await this.run('cancel', [jobId, this.settings.finishedTtlMs]);
    const found = CANCEL_OUTCOMES.find((known) => known === outcome);
    if (!found) throw new AppError('INTERNAL', `The Redis queue answered a cancel with ${String(outcome)}.`);
    return found;
  }

  async position(jobId: string): Promise<QueuePosition | null> {
    return parsePosition(await this.run('position', ['job', jobId]));
  }

  async positions(groupId: string, max = 10_000): Promise<ReadonlyMap<string, QueuePosition>> {
    return parseLine(await this.run('line', [groupId, max]));
  }

  async estimate(
    groupId: string,
    event: string,
    caller: { readonly lane?: string; readonly priority?: 'high' | 'normal'; readonly batchMaxSize?: number } = {},
  ): Promise<QueueEstimate> {
    const reply = await this.run('position', [
      'new',
      groupId,
      event,
      caller.batchMaxSize ?? 1,
      caller.priority ?? 'normal',
      caller.lane ?? '',
      caller.lane === undefined ? '0' : '1',
    ]);
    const position = parsePosition(reply);
    if (!position) throw new AppError('INTERNAL', 'The Redis queue gave no estimate.');
    return { ...position, slotFree: slotFree(reply) };
  }

  async status(jobId: string): Promise<JobStatus | null> {
    const fields = await this.redis.hgetall(`${this.prefix}job:${jobId}`);
    if (fields.data === undefined) return null;
    const job = QueueJobSchema.parse({ ...(JSON.parse(fields.data) as object), enqueuedAt: Number(fields.enq) });
    const state = JOB_STATES.find((known) => known === fields.state) as QueueJobState;
    return {
      job,
      state,
      attempts: Number(fields.attempts ?? 0),
      ...(fields.output === undefined ? {} : { output: JSON.parse(fields.output) as JsonValue }),
      ...(fields.error === undefined ? {} : { error: ErrorPayloadSchema.parse(JSON.parse(fields.error)) }),
    };
  }

  async sessionJobs(session: string): Promise<string[]> {
    return strings(await this.run('sessionJobs', [session]), 'session jobs');
  }

  async readEvents(after: ReadonlyMap<string, string>, options: ReadEventsOptions = {}): Promise<StoredJobEvent[]> {
    if (after.size === 0) return [];
    const keyPrefix = `${this.prefix}ev:`;
    const args: (string | number)[] = ['COUNT', options.count ?? 1000];
    if (options.blockMs !== undefined && options.blockMs > 0) args.push('BLOCK', options.blockMs);
    args.push('STREAMS', ...[...after.keys()].map((id) => keyPrefix + id), ...after.values());
    if (!args.includes('BLOCK')) return parseXread(await this.redis.call('XREAD', ...args), keyPrefix);
    const reader = this.readers.pop() ?? this.duplicate('reader');
    this.busyReaders.add(reader);
    try {
      return parseXread(await reader.call('XREAD', ...args), keyPrefix);
    } finally {
      this.busyReaders.delete(reader);
      if (this.closed) reader.disconnect();
      else this.readers.push(reader);
    }
  }

  async claim(request: ClaimRequest): Promise<ClaimedRun | null> {
    if (request.groups.length === 0) return null;
    const runId = randomUUID().replaceAll('-', '');
    const { leaseMs, lostWorkerRetries, finishedTtlMs } = this.settings;
    const cap = request.maxBatchSize ?? '';
    const reply = await this.run('claim', [request.workerId, runId, leaseMs, lostWorkerRetries, finishedTtlMs, cap, ...request.groups]);
    return parseClaim(reply, request.workerId);
  }

  async heartbeat(workerId: string, runIds: readonly string[]): Promise<HeartbeatReply> {
    return parseHeartbeat(await this.run('heartbeat', [workerId, this.settings.leaseMs, ...runIds]));
  }

  async emit(run: ClaimedRun, jobId: string, event: RunEvent): Promise<boolean> {
    const json = JSON.stringify(JobEventSchema.parse(event));
    return (await this.run('emit', [run.runId, run.workerId, jobId, json])) === 1;
  }

  async complete(run: ClaimedRun, results: readonly JobResult[], options: CompleteOptions = {}): Promise<boolean> {
    if (results.length !== run.jobs.length) {
      throw new AppError('INTERNAL', `A run of ${run.jobs.length} jobs was completed with ${results.length} results.`);
    }
    const pairs = results.flatMap((result) => (result.ok ? ['1', JSON.stringify(result.output)] : ['0', JSON.stringify(result.error)]));
    const args = [run.runId, run.workerId, this.settings.finishedTtlMs, options.cold ? '1' : '0', ...pairs];
    return (await this.run('complete', args)) === 1;
  }

  fail(run: ClaimedRun, error: ErrorPayload): Promise<boolean> {
    return this.complete(
      run,
      run.jobs.map(() => ({ ok: false, error })),
    );
  }

  onCancel(workerId: string, listener: (runId: string, jobId: string) => void): Promise<Disposable> {
    return this.subscribe(`cancel:${workerId}`, (message) => {
      const [runId = '', jobId = ''] = message.split(' ');
      listener(runId, jobId);
    });
  }

  onWork(listener: (groupId: string) => void): Promise<Disposable> {
    return this.subscribe('work', listener);
  }

  onMoved(listener: (groupId: string) => void): Promise<Disposable> {
    return this.subscribe('moved', listener);
  }

  async reap(): Promise<number> {
    return Number(await this.run('reap', [this.settings.lostWorkerRetries, this.settings.finishedTtlMs]));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const reader of [...this.readers, ...this.busyReaders]) reader.disconnect();
    this.readers.length = 0;
    this.subscriber?.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /**
   * A connection of its own to the same Redis (same URL, TLS and connection logs), for a caller's
   * own keys beside the queue's (a front's session bookkeeping); the caller closes it.
   */
  connection(role: string): Redis {
    return this.duplicate(role);
  }

  private duplicate(role: string): Redis {
    const connection = this.redis.duplicate();
    watchConnection(connection, role, this.target.display, this.logger);
    return connection;
  }

  private subscribe(channel: string, listener: (message: string) => void): Promise<Disposable> {
    if (!this.subscriptions) {
      this.subscriber = this.duplicate('subscriber');
      this.subscriptions = new Subscriptions(this.subscriber);
    }
    return this.subscriptions.on(this.prefix + channel, listener);
  }
}
