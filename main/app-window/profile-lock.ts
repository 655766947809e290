import { createHash } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../preload/shared/errors.js';
import { isProcessAlive } from '../common/process-alive.js';

/**
 * The browser profile folder of one app window: `<root>/<hash of the window key>`, so a window
 * keeps its size and site data from one launch to the next, and the browser started with it is a
 * process of its own whose exit means "the window was closed".
 *
 * A Chromium profile serves one browser process: a second launch with a folder that is in use hands
 * its URL to the running browser and exits at once, which would look like a closed window. So a
 * launch claims the folder with a lock file naming the browser's pid; when a live process holds
 * it (the same project opened by a second `demo-desktop open`), the launch takes the next folder
 * (`<hash>-2`, `-3`, ...) and gets its own process. A lock whose process is gone is stale and
 * taken over. Two claims of a stale lock at the same instant can both win (remove-then-create is
 * not atomic); the cost is one window in the other's browser process, which then closes with it.
 */

const LOCK = 'demo-desktop-window.json';
const MAX_SLOTS = 32;

interface LockRecord {
  readonly pid: number;
  readonly browserPid?: number;
}

export interface ProfileClaim {
  /** The profile folder to pass as --user-data-dir. */
  readonly dir: string;
  /** Records the browser's pid: the folder is in use for as long as that process lives. */
  recordBrowser(pid: number): Promise<void>;
  /** Frees the folder (after the browser exited). */
  release(): Promise<void>;
}

export function profileName(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

function parseLock(text: string): LockRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
    if (typeof value.pid !== 'number') return undefined;
    return typeof value.browserPid === 'number' ? { pid: value.pid, browserPid: value.browserPid } : { pid: value.pid };
  } catch {
    return undefined;
  }
}

/** Writes the lock only if none exists: the record is complete before it appears (link is atomic). */
async function createLock(file: string, record: LockRecord): Promise<boolean> {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(temp, JSON.stringify(record), { mode: 0o600 });
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** True when the lock's process (the browser, or the launcher until the browser started) lives. */
async function lockHeld(file: string, isAlive: (pid: number) => boolean): Promise<boolean> {
  const record = parseLock(await readFile(file, 'utf8').catch(() => ''));
  return record !== undefined && isAlive(record.browserPid ?? record.pid);
}

async function tryClaim(dir: string, isAlive: (pid: number) => boolean): Promise<ProfileClaim | undefined> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, LOCK);
  const mine: LockRecord = { pid: process.pid };
  if (!(await createLock(file, mine))) {
    if (await lockHeld(file, isAlive)) return undefined;
    await unlink(file).catch(() => undefined);
    if (!(await createLock(file, mine))) return undefined;
  }
  return {
    dir,
    recordBrowser: async (browserPid) => {
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify({ ...mine, browserPid }), { mode: 0o600 });
      await rename(temp, file);
    },
    release: async () => {
      const record = parseLock(await readFile(file, 'utf8').catch(() => ''));
      if (record?.pid === process.pid) await unlink(file).catch(() => undefined);
    },
  };
}

/** Claims the first profile folder of `key` under `root` that no live browser holds. */
export async function claimProfile(root: string, key: string, isAlive: (pid: number) => boolean = isProcessAlive): Promise<ProfileClaim> {
  const name = profileName(key);
  for (let slot = 1; slot <= MAX_SLOTS; slot++) {
    const claim = await tryClaim(path.join(root, slot === 1 ? name : `${name}-${slot}`), isAlive);
    if (claim) return claim;
  }
  throw new AppError(
    'INTERNAL',
    `All ${MAX_SLOTS} app-window profiles for "${key}" in ${root} are in use by running browsers; close some of those windows and try again.`,
  );
}
