import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../preload/shared/errors.js';
import { isProcessAlive } from '../common/process-alive.js';

/**
 * The CLI side of single-instance without Electron: when a desk (the running app) is up, `open`
 * hands it the project instead of serving a second copy. The desk writes `<dataDir>/instance.json`
 * (mode 0600) when it starts and removes it when it stops; a `POST <origin>/api/desk/open` with the
 * file's secret in `x-demo-desktop-instance` asks it to open (or focus) a project's window. A stale
 * file (its pid gone, or nothing listening) means no desk: the caller serves the project itself.
 */

export const INSTANCE_FILE = 'instance.json';
export const INSTANCE_HEADER = 'x-demo-desktop-instance';
export const DESK_OPEN_PATH = '/api/desk/open';

/** Only a loopback origin gets the secret: the file could have been written by anyone with write access. */
const loopbackOrigin = z.string().regex(/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost):\d{1,5}$/, 'a loopback http origin');

export const instanceFileSchema = z.object({
  version: z.literal(1),
  pid: z.number().int().positive(),
  origin: loopbackOrigin,
  secret: z.string().min(16),
});

export type InstanceFile = z.infer<typeof instanceFileSchema>;

export type DeskOpenRequest = { readonly path: string } | { readonly home: true };

export type Handoff = { readonly handed: true; readonly origin: string } | { readonly handed: false; readonly reason: string };

export interface HandoffOptions {
  readonly dataDir: string;
  readonly isAlive?: (pid: number) => boolean;
  /** How long a desk that accepted the connection may take to answer (a hung desk is reported). */
  readonly timeoutMs?: number;
}

/** The running desk's instance file, or why there is none to talk to. */
export async function readInstance(options: HandoffOptions): Promise<InstanceFile | { reason: string }> {
  const file = path.join(options.dataDir, INSTANCE_FILE);
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
  const parsed = instanceFileSchema.safeParse(json);
  if (!parsed.success)
    return { reason: `${file} is not a demo-desktop instance file (${parsed.error.issues[0]?.message ?? 'invalid'}): ignored` };
  if (!(options.isAlive ?? isProcessAlive)(parsed.data.pid)) return { reason: `${file} is stale (process ${parsed.data.pid} is gone)` };
  return parsed.data;
}

function isConnectionRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return cause?.code === 'ECONNREFUSED';
}

/** The desk's error text: `{detail}` (as every route of ours answers) or the raw body. */
async function deskError(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const detail = (JSON.parse(text) as { detail?: unknown }).detail;
    if (typeof detail === 'string') return detail;
  } catch {
    // Not JSON: the body itself says it.
  }
  return text.slice(0, 500) || response.statusText;
}

/**
 * Asks the running desk to open `request`. Resolves `{handed: false}` when there is no desk to ask
 * (the caller serves the project itself); throws AppError when a desk answered with a refusal (an
 * invalid project, say), since serving it here would fail the same way.
 */
export async function handOffToDesk(request: DeskOpenRequest, options: HandoffOptions): Promise<Handoff> {
  const instance = await readInstance(options);
  if ('reason' in instance) return { handed: false, reason: instance.reason };
  let response: Response;
  try {
    response = await fetch(`${instance.origin}${DESK_OPEN_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [INSTANCE_HEADER]: instance.secret },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    if (isConnectionRefused(error))
      return { handed: false, reason: `the demo-desktop at ${instance.origin} is not running (connection refused)` };
    throw new AppError(
      'INTERNAL',
      `The running demo-desktop at ${instance.origin} did not answer: ${(error as Error).message}. Close it, or remove ${path.join(options.dataDir, INSTANCE_FILE)}.`,
      {
        cause: error,
      },
    );
  }
  if (response.ok) {
    await response.body?.cancel();
    return { handed: true, origin: instance.origin };
  }
  const message = await deskError(response);
  const code = response.status === 404 ? 'NOT_FOUND' : response.status === 400 || response.status === 422 ? 'INVALID_PROJECT' : 'INTERNAL';
  throw new AppError(code, `The running demo-desktop (${instance.origin}) did not open it (HTTP ${response.status}): ${message}`);
}
