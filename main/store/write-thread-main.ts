/**
 * The writer thread's entry (worker_threads; started by write-thread.ts). It owns a second
 * connection to the store's file (WAL: the opening thread keeps reading through its own) and
 * commits each batch of runs it is sent as it arrives (the serving thread gathers a batch window's
 * runs into one message): one IMMEDIATE transaction per batch, each run in its own savepoint, so that
 * one bad run is rolled back and logged alone. A batch refused as busy stays queued and is retried;
 * `flush` answers once what came before it is committed; `close` commits, closes, and ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { prepareInsertRun } from './run-rows.js';
import type { FromWriteThread, PostedRun, ToWriteThread, WriteThreadConfig } from './write-thread-protocol.js';

const port = parentPort;
if (!port) throw new Error('write-thread-main runs as a worker thread (write-thread.ts starts it)');
const config = workerData as WriteThreadConfig;
const send = (message: FromWriteThread): void => port.postMessage(message);

// The same settings as the opening connection (open-store.ts); journal_mode=WAL is stored in the file.
const db = new Database(config.file, { timeout: config.busyTimeoutMs });
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('temp_store = MEMORY');
const insert = prepareInsertRun(db);
const one = db.transaction((queued: PostedRun) => insert(queued.run, queued.files));
const batch = db.transaction((runs: readonly PostedRun[]) => {
  for (const queued of runs) {
    try {
      one(queued);
    } catch (error) {
      send({
        type: 'log',
        level: 'error',
        message: 'a database write failed and was skipped',
        fields: { id: queued.run.id, error: String(error) },
      });
    }
  }
});

let queue: PostedRun[] = [];
let timer: NodeJS.Timeout | null = null;

/** Commits what is queued; throws (and keeps it queued) when the database refuses the batch. */
function commit(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  if (queue.length === 0) return;
  const runs = queue;
  queue = [];
  try {
    // IMMEDIATE: take the write lock at BEGIN, so a busy database fails the batch before any write runs.
    batch.immediate(runs);
  } catch (error) {
    queue = runs.concat(queue);
    throw error;
  }
  send({ type: 'committed', count: runs.length });
}

function commitQueued(): void {
  try {
    commit();
  } catch (error) {
    send({
      type: 'log',
      level: 'warn',
      message: 'a database write batch was refused; it is retried',
      fields: { writes: queue.length, error: String(error) },
    });
    timer ??= setTimeout(commitQueued, config.retryMs);
  }
}

port.on('message', (message: ToWriteThread) => {
  if (message.type === 'runs') {
    queue.push(...message.runs);
    // A retry already waiting keeps its turn (the database was busy a moment ago).
    if (!timer) commitQueued();
  } else if (message.type === 'flush') {
    let error: string | null = null;
    try {
      commit();
    } catch (refused) {
      error = String(refused);
      // The runs stay queued: retried on the timer, as a refused timed batch is.
      timer ??= setTimeout(commitQueued, config.retryMs);
    }
    send({ type: 'flushed', id: message.id, error });
  } else {
    try {
      commit();
    } catch (error) {
      send({
        type: 'log',
        level: 'error',
        message: 'the store closed with writes the database refused; they are lost',
        fields: { writes: queue.length, error: String(error) },
      });
    }
    if (timer) clearTimeout(timer);
    db.close();
    send({ type: 'closed' });
    port.close();
  }
});
