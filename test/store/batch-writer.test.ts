import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BatchWriter } from '../../main/store/batch-writer.js';
import { recordingLogger } from './support.js';

function table(): Database.Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (x INTEGER NOT NULL)');
  return db;
}

const count = (db: Database.Database): unknown => db.prepare('SELECT count(*) FROM t').pluck().get();

describe('BatchWriter', () => {
  it('queues without writing, then commits the whole batch in one transaction on its timer', async () => {
    const db = table();
    const { logger } = recordingLogger();
    const writer = new BatchWriter({ db, logger, delayMs: 20 });
    const commits: number[] = [];
    // Every write of one batch sees the same open transaction: the rows before it are there, uncommitted.
    for (let i = 0; i < 100; i++) {
      writer.enqueue((d) => {
        expect(d.inTransaction).toBe(true);
        d.prepare('INSERT INTO t VALUES (?)').run(i);
        commits.push(i);
      });
    }
    expect(count(db)).toBe(0);
    expect(writer.pending).toBe(100);
    await new Promise<void>((resolve) => {
      const poll = (): void => {
        if (writer.pending === 0) resolve();
        else setTimeout(poll, 5);
      };
      poll();
    });
    expect(count(db)).toBe(100);
    expect(commits).toHaveLength(100);
    db.close();
  });

  it('rolls back only the write that throws, and logs it', async () => {
    const db = table();
    const { logger, lines } = recordingLogger();
    const writer = new BatchWriter({ db, logger });
    writer.enqueue((d) => d.prepare('INSERT INTO t VALUES (1)').run());
    writer.enqueue((d) => {
      d.prepare('INSERT INTO t VALUES (2)').run();
      d.prepare('INSERT INTO t VALUES (NULL)').run();
    });
    writer.enqueue((d) => d.prepare('INSERT INTO t VALUES (3)').run());
    await writer.flush();
    expect(db.prepare('SELECT x FROM t ORDER BY x').pluck().all()).toEqual([1, 3]);
    expect(lines.some((line) => line.includes('a database write failed and was skipped') && line.includes('NOT NULL'))).toBe(true);
    db.close();
  });

  it('drops writes past its bound, says so once, and reports the count when it drains', async () => {
    const db = table();
    const { logger, lines } = recordingLogger();
    const writer = new BatchWriter({ db, logger, maxQueued: 10, delayMs: 60_000 });
    for (let i = 0; i < 25; i++) writer.enqueue((d) => d.prepare('INSERT INTO t VALUES (?)').run(i));
    expect(writer.pending).toBe(10);
    expect(lines.filter((line) => line.includes('write queue is full'))).toHaveLength(1);
    await writer.flush();
    expect(count(db)).toBe(10);
    expect(lines.some((line) => line.includes('drained') && line.includes('"dropped":15'))).toBe(true);
    db.close();
  });

  it('commits what is queued on close and refuses writes after it', async () => {
    const db = table();
    const { logger, lines } = recordingLogger();
    const writer = new BatchWriter({ db, logger, delayMs: 60_000 });
    writer.enqueue((d) => d.prepare('INSERT INTO t VALUES (1)').run());
    await writer.close();
    expect(count(db)).toBe(1);
    writer.enqueue((d) => d.prepare('INSERT INTO t VALUES (2)').run());
    expect(writer.pending).toBe(0);
    expect(lines.some((line) => line.includes('after the store closed'))).toBe(true);
    db.close();
  });
});
