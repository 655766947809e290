import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import {
  DESK_API,
  INSTANCE_HEADER,
  instanceFile,
  openedResponse,
  type DeskOpenRequest,
  type InstanceFile,
  type Opened,
} from '../../preload/shared/home/home-api.js';
import { AppError } from '../../preload/shared/errors.js';
import { writeFileAtomic } from '../common/atomic-write.js';
import { isProcessAlive } from '../common/process-alive.js';

/**
 * Single instance without Electron: a running desk writes `<dataDir>/instance.json` (mode 0600:
 * only this user may read the secret) `{version: 1, pid, origin, secret}` and removes it when it
 * closes. A second `demo-desktop` (no arguments, or `open <file>`) reads it and hands its request to
 * the running desk with `POST <origin>/api/desk/open` and the secret in `x-demo-desktop-instance`.
 * A file whose pid is gone, or whose server does not answer with that secret, is stale: it is
 * ignored and the next desk replaces it.
 */

export const INSTANCE_FILE = 'instance.json';
/** How long a hand-off may take to be answered: a desk that is alive answers in milliseconds. */
const REQUEST_TIMEOUT_MS = 10_000;

export function instanceFilePath(dataDir: string): string {
  return path.join(dataDir, INSTANCE_FILE);
}

export function newInstanceSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Writes the file atomically with mode 0600, replacing whatever was there (a stale file). */
export async function writeInstanceFile(dataDir: string, instance: Omit<InstanceFile, 'version'>): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = instanceFilePath(dataDir);
  await writeFileAtomic(file, `${JSON.stringify({ version: 1, ...instance }, null, 2)}\n`, 0o600);
  return file;
}

/** The file's content, or undefined when there is none or it is not one we wrote. */
export async function readInstanceFile(dataDir: string): Promise<InstanceFile | undefined> {
  try {
    const parsed = instanceFile.safeParse(JSON.parse(await readFile(instanceFilePath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the file if it is still ours (a newer desk may have replaced a file it thought stale). */
export async function removeInstanceFile(dataDir: string, secret: string): Promise<void> {
  const current = await readInstanceFile(dataDir);
  if (current === undefined || current.secret === secret) await rm(instanceFilePath(dataDir), { force: true });
}

interface DeskCall {
  readonly method: 'GET' | 'POST';
  readonly route: string;
  readonly body?: unknown;
}

/** One call to a desk's hand-off API; rejects (with the socket's error code) when the desk cannot be reached. */
function callDesk(instance: InstanceFile, call: DeskCall): Promise<{ status: number; body: string }> {
  const url = new URL(`${instance.origin}${DESK_API}/${call.route}`);
  const body = call.body === undefined ? undefined : JSON.stringify(call.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: call.method,
        timeout: REQUEST_TIMEOUT_MS,
        headers: { [INSTANCE_HEADER]: instance.secret, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The running desk of this data folder, or undefined when there is none: no file, a file whose
 * pid is gone, or a server that refuses the connection or does not know the secret (stale).
 */
export async function findRunningDesk(dataDir: string): Promise<InstanceFile | undefined> {
  const instance = await readInstanceFile(dataDir);
  if (instance === undefined || !isProcessAlive(instance.pid)) return undefined;
  const answer = await callDesk(instance, { method: 'GET', route: 'ping' }).catch(() => undefined);
  return answer?.status === 200 ? instance : undefined;
}

/**
 * Asks the desk of `instance` to open a project (or its home screen); resolves with how it was
 * shown. Rejects with the socket's error when the desk cannot be reached (ECONNREFUSED: it is gone),
 * and with an AppError carrying the desk's own message when it refused the request.
 */
export async function postToDesk(instance: InstanceFile, open: DeskOpenRequest): Promise<Opened> {
  const answer = await callDesk(instance, { method: 'POST', route: 'open', body: open });
  const json = ((): unknown => {
    try {
      return JSON.parse(answer.body);
    } catch {
      return undefined;
    }
  })();
  if (answer.status !== 200) {
    const detail = (json as { detail?: unknown } | undefined)?.detail;
    const code = answer.status === 404 ? 'NOT_FOUND' : answer.status === 400 || answer.status === 422 ? 'INVALID_PROJECT' : 'INTERNAL';
    const message = typeof detail === 'string' ? detail : answer.body.slice(0, 500);
    throw new AppError(code, `The running demo-desktop (${instance.origin}) did not open it (HTTP ${answer.status}): ${message}`);
  }
  const parsed = openedResponse.safeParse(json);
  if (!parsed.success) throw new AppError('INTERNAL', `The running demo-desktop (${instance.origin}) gave an answer off the contract.`);
  return parsed.data;
}
