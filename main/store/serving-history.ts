import { realpath } from 'node:fs/promises';
import { AppError } from '../../preload/shared/errors.js';
import type { Logger } from '../common/logger.js';
import { createHistoryRecorder, type HistoryRecorder } from './history-recorder.js';
import { openStore, type Store } from './open-store.js';
import { startRetention } from './retention.js';

/** A store a serving process opened for itself: its background cleanup runs until `close`. */
export interface OwnedStore {
  readonly store: Store;
  close(): Promise<void>;
}

/**
 * Opens the data folder's store for a server (serve, open, the desk) with its retention sweep.
 * A store locked by another process does not stop the demo: history is off for this run, and the
 * log says why and what to do (STORE_LOCKED's message). A damaged file was already moved aside.
 */
export function openServingStore(dataDir: string, logger: Logger): OwnedStore | null {
  let store: Store;
  try {
    store = openStore({ dataDir, logger });
  } catch (error) {
    if (error instanceof AppError && (error.code === 'STORE_LOCKED' || error.code === 'UNSUPPORTED')) {
      logger.error(`${error.message} History is off for this run.`);
      return null;
    }
    throw error;
  }
  // Started now, not at the first run: what a kill -9 can lose stays the last batch, not a thread's start.
  store.writer.startThread();
  const retention = startRetention({ store, logger });
  return {
    store,
    close: async () => {
      await retention.stop();
      await store.close();
    },
  };
}

/** The recorder of one project (rows keyed by its project.json's real path). */
export async function projectRecorder(store: Store, projectFile: string, logger: Logger): Promise<HistoryRecorder> {
  const project = await realpath(projectFile).catch(() => projectFile);
  return createHistoryRecorder({ store, project, logger });
}
