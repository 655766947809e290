import { readFile } from 'node:fs/promises';
import { AppError } from '../../preload/shared/errors.js';
import { instanceFile, type DeskOpenRequest, type Opened } from '../../preload/shared/home/home-api.js';
import { isProcessAlive } from '../common/process-alive.js';
import { instanceFilePath, postToDesk } from '../desk/instance-file.js';

/**
 * The CLI side of single-instance without Electron: when a desk (the running app) is up, `open`
 * and `demo-desktop` alone hand it their request instead of starting a second copy. The desk's
 * side (the file, its schema, the POST) is main/desk/instance-file.ts; this module says why there
 * is no desk to hand to, so the CLI can go on by itself: a missing, foreign or stale file (its pid
 * gone, or nothing listening) means no desk.
 */

export type Handoff =
  { readonly handed: true; readonly origin: string; readonly opened: Opened } | { readonly handed: false; readonly reason: string };

export interface HandoffOptions {
  readonly dataDir: string;
  readonly isAlive?: (pid: number) => boolean;
}

type Instance = ReturnType<typeof instanceFile.parse>;

/** The running desk's instance file, or why there is none to talk to. */
export async function readInstance(options: HandoffOptions): Promise<Instance | { reason: string }> {
  const file = instanceFilePath(options.dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { reason: `no running demo-desktop (no ${file})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { reason: `${file} is not JSON: ignored` };
  }
  // The schema only admits a 127.0.0.1 origin: the secret never goes anywhere else.
  const parsed = instanceFile.safeParse(json);
  if (!parsed.success)
    return { reason: `${file} is not a demo-desktop instance file (${parsed.error.issues[0]?.message ?? 'invalid'}): ignored` };
  if (!(options.isAlive ?? isProcessAlive)(parsed.data.pid)) return { reason: `${file} is stale (process ${parsed.data.pid} is gone)` };
  return parsed.data;
}

const errorCode = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/**
 * Asks the running desk to open `request`. Resolves `{handed: false}` when there is no desk to ask
 * (the caller goes on by itself); throws AppError when a desk answered with a refusal (an invalid
 * project, say), since doing it here would fail the same way, or hung.
 */
export async function handOffToDesk(request: DeskOpenRequest, options: HandoffOptions): Promise<Handoff> {
  const instance = await readInstance(options);
  if ('reason' in instance) return { handed: false, reason: instance.reason };
  try {
    return { handed: true, origin: instance.origin, opened: await postToDesk(instance, request) };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (errorCode(error) === 'ECONNREFUSED')
      return { handed: false, reason: `the demo-desktop at ${instance.origin} is not running (connection refused)` };
    throw new AppError(
      'INTERNAL',
      `The running demo-desktop at ${instance.origin} did not answer: ${(error as Error).message}. Close it, or remove ${instanceFilePath(options.dataDir)}.`,
      { cause: error },
    );
  }
}
