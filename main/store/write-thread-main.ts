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
import { BatchQueue } from './batch-queue.js';
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

// Committed as they arrive (the serving thread already gathered a batch window's runs): delay 0.
const queue = new BatchQueue<PostedRun>({
  delayMs: 0,
  retryMs: config.retryMs,
  commit: (runs) => {
    // IMMEDIATE: take the write lock at BEGIN, so a busy database fails the batch before any write runs.
    batch.immediate(runs);
    send({ type: 'committed', count: runs.length });
  },
  refused: (error, waiting) =>
    send({
      type: 'log',
      level: 'warn',
      message: 'a database write batch was refused; it is retried',
      fields: { writes: waiting, error: String(error) },
    }),
});

port.on('message', (message: ToWriteThread) => {
  if (message.type === 'runs') {
    queue.add(...message.runs);
  } else if (message.type === 'flush') {
    let error: string | null = null;
    try {
      queue.commitNow();
    } catch (refused) {
      // The runs stay queued and are retried on the timer, as a refused timed batch is.
      error = String(refused);
    }
    send({ type: 'flushed', id: message.id, error });
  } else {
    try {
      queue.commitNow();
    } catch (error) {
      send({
        type: 'log',
        level: 'error',
        message: 'the store closed with writes the database refused; they are lost',
        fields: { writes: queue.length, error: String(error) },
      });
    }
    queue.stopTimer();
    db.close();
    send({ type: 'closed' });
    port.close();
  }
});
